import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { thrownBy } from "../helpers/thrown.js";
import { InputError } from "../../src/errors.js";
import { encodeIdx, parseIdx, pixelsToFloat32, readIdx, readIdxImages, readIdxLabels, type IdxArray, type IdxType } from "../../src/data/idx.js";

const dir = mkdtempSync(join(tmpdir(), "gradsynth-idx-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function write(bytes: Uint8Array, gzip = false): string {
  const file = join(dir, `f${counter++}${gzip ? ".gz" : ""}`);
  writeFileSync(file, gzip ? gzipSync(bytes) : bytes);
  return file;
}

/** An IDX file written by hand, independently of `encodeIdx`: 2 images of 2×3 bytes. */
const HAND = new Uint8Array([0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);

const ARRAYS: Record<IdxType, (n: number) => IdxArray["data"]> = {
  ubyte: (n) => Uint8Array.from({ length: n }, (_, i) => (i * 37) % 256),
  sbyte: (n) => Int8Array.from({ length: n }, (_, i) => ((i * 37) % 256) - 128),
  short: (n) => Int16Array.from({ length: n }, (_, i) => i * 1021 - 30000),
  int: (n) => Int32Array.from({ length: n }, (_, i) => i * 100_003 - 2_000_000_000),
  float: (n) => Float32Array.from({ length: n }, (_, i) => Math.fround(i / 7 - 3)),
  double: (n) => Float64Array.from({ length: n }, (_, i) => i / 7 - 3),
};

describe("IDX reader", () => {
  it("reads a hand-written file, raw and gzipped, as [n, rows, cols, 1] pixels", () => {
    for (const gzip of [false, true]) {
      const { pixels, shape } = readIdxImages(write(HAND, gzip));
      expect(shape).toEqual([2, 2, 3, 1]);
      expect(Array.from(pixels)).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
      const floats = pixelsToFloat32(pixels);
      expect(floats[0]).toBe(0);
      expect(floats[11]).toBe(1);
      expect(floats[1]).toBeCloseTo(1 / 255, 7);
    }
    expect(Array.from(encodeIdx({ type: "ubyte", dims: [2, 2, 3], data: HAND.subarray(16) }))).toEqual(Array.from(HAND));
  });

  it("round-trips every element type and rank, raw and gzipped, with and without a limit", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<IdxType>("ubyte", "sbyte", "short", "int", "float", "double"),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 7 }),
        (type, dims, gzip, limit) => {
          const data = ARRAYS[type](dims.reduce((a, b) => a * b, 1));
          const file = write(encodeIdx({ type, dims, data }), gzip);
          const whole = readIdx(file);
          expect(whole.type).toBe(type);
          expect(whole.dims).toEqual(dims);
          expect(Array.from(whole.data)).toEqual(Array.from(data));
          const part = readIdx(file, { limit });
          const kept = Math.min(limit, dims[0] as number);
          expect(part.dims).toEqual([kept, ...dims.slice(1)]);
          expect(Array.from(part.data)).toEqual(Array.from(data).slice(0, part.data.length));
          expect(part.data.length).toBe(kept * dims.slice(1).reduce((a, b) => a * b, 1));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("reads a limited prefix of a large gzipped file", () => {
    const n = 3000;
    const data = Uint8Array.from({ length: n * 28 * 28 }, (_, i) => (i * 7919) % 251);
    const file = write(encodeIdx({ type: "ubyte", dims: [n, 28, 28], data }), true);
    const { pixels, shape } = readIdxImages(file, { limit: 1234 });
    expect(shape).toEqual([1234, 28, 28, 1]);
    expect(pixels.constructor).toBe(Uint8Array); // a plain array of its own, not a view of the inflated file
    expect(Buffer.compare(pixels, data.subarray(0, 1234 * 784))).toBe(0);
  });

  it("reads labels and rejects a label file read as images and vice versa", () => {
    const labels = write(encodeIdx({ type: "ubyte", dims: [4], data: Uint8Array.from([3, 1, 4, 1]) }));
    expect(Array.from(readIdxLabels(labels))).toEqual([3, 1, 4, 1]);
    expect(() => readIdxImages(labels)).toThrow(/expected IDX images/);
    expect(() => readIdxLabels(write(HAND))).toThrow(/expected IDX labels/);
  });
});

describe("IDX reader errors name the file", () => {
  const expectInputError = (run: () => unknown, pattern: RegExp): void => {
    const caught = thrownBy(run, InputError);
    expect(caught.exitCode).toBe(2);
    expect(caught.message).toMatch(pattern);
    expect(caught.message).not.toContain("\n");
  };

  it("on a bad magic", () => {
    const file = write(new TextEncoder().encode("PK\u0003\u0004 this is a zip file"));
    expectInputError(() => readIdx(file), new RegExp(`^${file}: not an IDX file \\(magic 50 4b 03 04`));
    expectInputError(() => readIdx(write(Uint8Array.from([0, 0, 0x0a, 1, 0, 0, 0, 0]))), /not an IDX file/); // unknown type byte
    expectInputError(() => readIdx(write(Uint8Array.from([0, 0, 0x08, 0]))), /not an IDX file/); // rank 0
  });

  it("on truncation, raw or gzipped, with or without a limit", () => {
    const full = encodeIdx({ type: "ubyte", dims: [100, 28, 28], data: new Uint8Array(100 * 784).fill(7) });
    const cut = full.subarray(0, full.length - 1);
    for (const limit of [undefined, 1]) {
      const raw = write(cut);
      expectInputError(() => readIdx(raw, { limit }), new RegExp(`^${raw}: truncated IDX file \\(dims 100×28×28 need 78416 bytes, file has 78415\\)`));
      const gz = write(cut, true);
      expectInputError(() => readIdx(gz, { limit }), new RegExp(`^${gz}: truncated IDX file`));
      const zipped = gzipSync(full);
      const badGzip = write(zipped.subarray(0, zipped.length - 10));
      expectInputError(() => readIdx(badGzip, { limit }), new RegExp(`^${badGzip}: truncated or corrupt gzip data`));
    }
    expectInputError(() => readIdx(write(Uint8Array.from([0, 0]))), /truncated IDX file \(2 bytes/);
    expectInputError(() => readIdx(write(Uint8Array.from([0, 0, 0x08, 2, 0, 0, 0, 1]))), /truncated IDX file \(header needs 12 bytes/);
  });

  it("on trailing bytes and on a missing file", () => {
    const file = write(Uint8Array.from([...HAND, 9]));
    expectInputError(() => readIdx(file), /malformed IDX file \(1 bytes after the 2×2×3 ubyte data\)/);
    const missing = join(dir, "nope-idx3-ubyte");
    expectInputError(() => readIdx(missing), new RegExp(`^${missing}: file not found$`));
  });

  it("parseIdx checks an in-memory buffer the same way", () => {
    expect(parseIdx(HAND, "mem").dims).toEqual([2, 2, 3]);
    expect(() => parseIdx(HAND.subarray(0, 20), "mem")).toThrow(/^mem: truncated IDX file/);
  });
});
