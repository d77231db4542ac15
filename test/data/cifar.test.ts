import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { gatherImages, loadImages } from "../../src/data/images.js";

const root = mkdtempSync(join(tmpdir(), "gradsynth-cifar-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Pixel value of record `r` of batch `b` at channel c, row y, column x: distinct per position. */
const pixel = (b: number, r: number, c: number, y: number, x: number): number => (b * 53 + r * 31 + c * 101 + y * 7 + x * 3) % 256;
const label = (b: number, r: number): number => (b * 3 + r) % 10;

/**
 * Writes a CIFAR-10 binary batch by the format's definition (cs.toronto.edu/~kriz/cifar.html): per
 * record, a label byte then the red, green and blue 32×32 planes, each row-major.
 */
function writeBatch(file: string, b: number, records: number): void {
  const bytes: number[] = [];
  for (let r = 0; r < records; r++) {
    bytes.push(label(b, r));
    for (let c = 0; c < 3; c++) for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) bytes.push(pixel(b, r, c, y, x));
  }
  writeFileSync(file, Uint8Array.from(bytes));
}

/** Batches 0..4 are data_batch_1..5 with 2, 3, 1, 2, 2 records; batch 5 is test_batch with 4. */
const RECORDS = [2, 3, 1, 2, 2, 4];
function writeFixture(dir: string): void {
  mkdirSync(dir, { recursive: true });
  RECORDS.forEach((records, b) => writeBatch(join(dir, b < 5 ? `data_batch_${b + 1}.bin` : "test_batch.bin"), b, records));
}

const flat = join(root, "flat");
writeFixture(flat);
writeFixture(join(root, "unpacked", "cifar-10-batches-bin"));

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error("expected an InputError");
}

describe("CIFAR-10 binary loader", () => {
  it("reads every batch in order as [n, 32, 32, 3] with labels, channel-major converted to interleaved", () => {
    const data = loadImages("cifar10", { dataDir: flat });
    expect(data.name).toBe("cifar10");
    expect(data.classes).toBe(10);
    expect(data.train.shape).toEqual([10, 32, 32, 3]);
    expect(data.test.shape).toEqual([4, 32, 32, 3]);
    const origins = RECORDS.slice(0, 5).flatMap((records, b) => Array.from({ length: records }, (_, r) => [b, r] as const));
    expect(Array.from(data.train.labels)).toEqual(origins.map(([b, r]) => label(b, r)));
    expect(Array.from(data.test.labels)).toEqual([0, 1, 2, 3].map((r) => label(5, r)));
    origins.forEach(([b, r], n) => {
      for (const [y, x] of [[0, 0], [0, 31], [17, 5], [31, 31]] as const) {
        for (let c = 0; c < 3; c++) expect(data.train.images[((n * 32 + y) * 32 + x) * 3 + c]).toBe(pixel(b, r, c, y, x));
      }
    });
    const floats = gatherImages(data.test, [3]);
    expect(floats.length).toBe(3072);
    expect(floats[(5 * 32 + 7) * 3 + 2]).toBeCloseTo(pixel(5, 3, 2, 5, 7) / 255, 6);
  });

  it("finds the batches inside cifar-10-batches-bin/ and honours a limit across files", () => {
    const data = loadImages("cifar10", { dataDir: join(root, "unpacked"), limit: { train: 4, test: 1 } });
    expect(data.train.shape[0]).toBe(4);
    expect(Array.from(data.train.labels)).toEqual([label(0, 0), label(0, 1), label(1, 0), label(1, 1)]);
    expect(data.test.shape[0]).toBe(1);
  });

  it("says how to get the data when it is missing", () => {
    expect(message(() => loadImages("cifar10"))).toMatch(/^cifar10 needs --data-dir: download the binary version .*data_batch_1\.bin/);
    const empty = join(root, "empty");
    mkdirSync(empty);
    const text = message(() => loadImages("cifar10", { dataDir: empty }));
    expect(text).toMatch(new RegExp(`^cifar10 not found \\(no data_batch_1\\.bin in ${empty}\\): download`));
    expect(text).not.toContain("\n");
  });

  it("rejects a truncated batch, a missing batch and a bad label, naming the file", () => {
    const dir = join(root, "broken");
    writeFixture(dir);
    const file = join(dir, "data_batch_3.bin");
    writeFileSync(file, new Uint8Array(3073 * 2 - 5));
    expect(message(() => loadImages("cifar10", { dataDir: dir }))).toMatch(new RegExp(`^${file}: not a CIFAR-10 binary batch \\(6141 bytes`));
    rmSync(file);
    expect(message(() => loadImages("cifar10", { dataDir: dir }))).toBe(`${file}: file not found`);
    const bad = new Uint8Array(3073);
    bad[0] = 10;
    writeFileSync(file, bad);
    expect(message(() => loadImages("cifar10", { dataDir: dir }))).toMatch(new RegExp(`^${file}: record 1 has label 10`));
  });
});
