import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { constants as zlibConstants, gunzipSync } from "node:zlib";
import { InputError } from "../errors.js";
import { readFailure } from "./fileErrors.js";

/**
 * The IDX format of the MNIST distribution (LeCun et al., http://yann.lecun.com/exdb/mnist/):
 * a 4-byte magic `00 00 TT DD` (TT: element type, DD: number of dimensions), DD big-endian uint32
 * dimension sizes, then the elements in row-major order, big-endian. Files may be gzipped
 * (Fashion-MNIST and the original downloads are); gzip is detected by its magic `1f 8b`.
 */

export type IdxType = "ubyte" | "sbyte" | "short" | "int" | "float" | "double";
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  readonly type: IdxType;
  /** Dimension sizes; the first is the item count (clipped by `limit` when read with one). */
  readonly dims: readonly number[];
  readonly data: IdxData;
}

export interface IdxReadOptions {
  /** Read at most this many items (the first dimension); the file is still checked for truncation. */
  readonly limit?: number;
}

/** Type byte → element type and size in bytes (the IDX specification's table). */
const TYPES: Readonly<Record<number, { readonly type: IdxType; readonly bytes: number }>> = {
  0x08: { type: "ubyte", bytes: 1 },
  0x09: { type: "sbyte", bytes: 1 },
  0x0b: { type: "short", bytes: 2 },
  0x0c: { type: "int", bytes: 4 },
  0x0d: { type: "float", bytes: 4 },
  0x0e: { type: "double", bytes: 8 },
};
const TYPE_CODES: Readonly<Record<IdxType, number>> = { ubyte: 0x08, sbyte: 0x09, short: 0x0b, int: 0x0c, float: 0x0d, double: 0x0e };

interface Header {
  readonly type: IdxType;
  readonly bytes: number;
  readonly dims: number[];
  /** Header length in bytes: 4 + 4 · dims. */
  readonly length: number;
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");

function parseHeader(bytes: Uint8Array, file: string): Header {
  if (bytes.length < 4) throw new InputError(`${file}: truncated IDX file (${bytes.length} bytes, no complete header)`);
  const element = TYPES[bytes[2] as number];
  const rank = bytes[3] as number;
  if (bytes[0] !== 0 || bytes[1] !== 0 || element === undefined || rank === 0) {
    throw new InputError(`${file}: not an IDX file (magic ${hex(bytes.subarray(0, 4))}; expected 00 00 <type 08|09|0b|0c|0d|0e> <rank ≥ 1>)`);
  }
  const length = 4 + 4 * rank;
  if (bytes.length < length) throw new InputError(`${file}: truncated IDX file (header needs ${length} bytes, file has ${bytes.length})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  const dims = Array.from({ length: rank }, (_, k) => view.getUint32(4 + 4 * k, false));
  return { type: element.type, bytes: element.bytes, dims, length };
}

/** Number of bytes of element data the header announces. */
function dataBytes(header: Header): number {
  return header.dims.reduce((a, b) => a * b, 1) * header.bytes;
}

function clip(header: Header, limit: number | undefined): { dims: number[]; count: number } {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  const [items = 0, ...rest] = header.dims;
  const kept = limit === undefined ? items : Math.min(items, limit);
  return { dims: [kept, ...rest], count: kept * rest.reduce((a, b) => a * b, 1) };
}

/** Decodes `count` big-endian elements starting at `offset`. */
function decode(bytes: Uint8Array, offset: number, type: IdxType, count: number): IdxData {
  switch (type) {
    // Copies into a plain array of its own (a Node Buffer's `slice` would be a view of the whole file).
    case "ubyte":
      return new Uint8Array(bytes.subarray(offset, offset + count));
    case "sbyte":
      return new Int8Array(new Uint8Array(bytes.subarray(offset, offset + count)).buffer);
    default: {
      const view = new DataView(bytes.buffer, bytes.byteOffset + offset);
      const out =
        type === "short" ? new Int16Array(count) : type === "int" ? new Int32Array(count) : type === "float" ? new Float32Array(count) : new Float64Array(count);
      const step = out.BYTES_PER_ELEMENT;
      for (let i = 0; i < count; i++) {
        const at = i * step;
        out[i] =
          type === "short" ? view.getInt16(at, false) : type === "int" ? view.getInt32(at, false) : type === "float" ? view.getFloat32(at, false) : view.getFloat64(at, false);
      }
      return out;
    }
  }
}

/** Parses a whole IDX file held in memory (already gunzipped). `file` names it in errors. */
export function parseIdx(bytes: Uint8Array, file: string, options: IdxReadOptions = {}): IdxArray {
  const header = parseHeader(bytes, file);
  const expected = header.length + dataBytes(header);
  if (bytes.length < expected) {
    throw new InputError(`${file}: truncated IDX file (dims ${header.dims.join("×")} need ${expected} bytes, file has ${bytes.length})`);
  }
  if (bytes.length > expected) {
    throw new InputError(`${file}: malformed IDX file (${bytes.length - expected} bytes after the ${header.dims.join("×")} ${header.type} data)`);
  }
  const { dims, count } = clip(header, options.limit);
  return { type: header.type, dims, data: decode(bytes, header.length, header.type, count) };
}

const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/**
 * Reads an IDX file, gzipped or raw. A raw file read with `limit` is read only as far as needed
 * (its size is still checked against the header); a gzipped one is inflated whole.
 */
export function readIdx(file: string, options: IdxReadOptions = {}): IdxArray {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    throw new InputError(`${file}: ${readFailure(error)}`);
  }
  try {
    const size = fstatSync(fd).size;
    const head = new Uint8Array(Math.min(size, 4 + 4 * 255));
    readSync(fd, head, 0, head.length, 0);
    if (isGzip(head)) {
      const compressed = readFileSync(fd);
      return options.limit === undefined ? parseIdx(gunzip(compressed, file), file) : readGzipPrefix(compressed, file, options.limit);
    }
    const header = parseHeader(head, file);
    const expected = header.length + dataBytes(header);
    if (size !== expected) return parseIdx(readFileSync(fd), file, options); // reports the mismatch
    const { dims, count } = clip(header, options.limit);
    const body = new Uint8Array(count * header.bytes);
    readFully(fd, body, header.length);
    return { type: header.type, dims, data: header.type === "ubyte" ? body : decode(body, 0, header.type, count) };
  } finally {
    closeSync(fd);
  }
}

function gunzip(compressed: Uint8Array, file: string, partial = false): Uint8Array {
  try {
    // Z_SYNC_FLUSH inflates a prefix of the stream without complaining that it ends early.
    return gunzipSync(compressed, partial ? { finishFlush: zlibConstants.Z_SYNC_FLUSH } : {});
  } catch (error) {
    throw new InputError(`${file}: truncated or corrupt gzip data (${(error as Error).message})`);
  }
}

/**
 * Inflates only as much of a gzipped IDX file as the first `limit` items need (Fashion-MNIST's
 * training images inflate to 47 MB; a 1000-image subset needs 0.8 MB). Truncation is still
 * detected: the gzip trailer's ISIZE (uncompressed size mod 2^32, RFC 1952) must match the header.
 */
function readGzipPrefix(compressed: Uint8Array, file: string, limit: number): IdxArray {
  let prefix = gunzip(compressed.subarray(0, Math.min(compressed.length, 4096)), file, true);
  if (prefix.length < 4 + 4 * (prefix[3] ?? 0) && compressed.length > 4096) return parseIdx(gunzip(compressed, file), file, { limit });
  const header = parseHeader(prefix, file);
  const expected = header.length + dataBytes(header);
  const isize = compressed.length >= 18 ? new DataView(compressed.buffer, compressed.byteOffset + compressed.length - 4, 4).getUint32(0, true) : -1;
  if (isize !== expected % 2 ** 32) {
    return parseIdx(gunzip(compressed, file), file, { limit }); // inflate all to report what is wrong
  }
  const { dims, count } = clip(header, limit);
  const needed = header.length + count * header.bytes;
  // Guess the compressed length from the average ratio, with slack; double until enough.
  let take = Math.ceil((compressed.length * needed) / Math.max(expected, 1) * 1.2) + 65536;
  while (prefix.length < needed && take < compressed.length * 2) {
    prefix = gunzip(compressed.subarray(0, Math.min(take, compressed.length)), file, true);
    take *= 2;
  }
  if (prefix.length < needed) return parseIdx(gunzip(compressed, file), file, { limit });
  return { type: header.type, dims, data: decode(prefix, header.length, header.type, count) };
}

function readFully(fd: number, into: Uint8Array, position: number): void {
  for (let done = 0; done < into.length; ) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new Error("file shrank while being read");
    done += n;
  }
}

/** Encodes an array as a raw IDX file (the inverse of `parseIdx`; used for fixtures and exports). */
export function encodeIdx(array: IdxArray): Uint8Array {
  const element = TYPES[TYPE_CODES[array.type]];
  if (element === undefined) throw new RangeError(`unknown IDX type ${String(array.type)}`);
  const count = array.dims.reduce((a, b) => a * b, 1);
  if (count !== array.data.length) throw new RangeError(`dims ${array.dims.join("×")} hold ${count} elements, data has ${array.data.length}`);
  const header = 4 + 4 * array.dims.length;
  const out = new Uint8Array(header + count * element.bytes);
  const view = new DataView(out.buffer);
  out[2] = TYPE_CODES[array.type];
  out[3] = array.dims.length;
  array.dims.forEach((d, k) => view.setUint32(4 + 4 * k, d, false));
  for (let i = 0; i < count; i++) {
    const at = header + i * element.bytes;
    const x = array.data[i] as number;
    if (array.type === "ubyte") view.setUint8(at, x);
    else if (array.type === "sbyte") view.setInt8(at, x);
    else if (array.type === "short") view.setInt16(at, x, false);
    else if (array.type === "int") view.setInt32(at, x, false);
    else if (array.type === "float") view.setFloat32(at, x, false);
    else view.setFloat64(at, x, false);
  }
  return out;
}

/** Images as stored: unsigned bytes, row-major `[n, rows, cols, channels]`. */
export interface PixelArray {
  readonly pixels: Uint8Array;
  readonly shape: readonly [number, number, number, number];
}

/** Reads an IDX image file (ubyte, rank 3: n × rows × cols) as pixels of shape [n, rows, cols, 1]. */
export function readIdxImages(file: string, options: IdxReadOptions = {}): PixelArray {
  const array = readIdx(file, options);
  const [n, rows, cols] = array.dims;
  if (array.type !== "ubyte" || array.dims.length !== 3 || n === undefined || rows === undefined || cols === undefined) {
    throw new InputError(`${file}: expected IDX images (ubyte, n × rows × cols), found ${array.type} ${array.dims.join("×")}`);
  }
  return { pixels: array.data as Uint8Array, shape: [n, rows, cols, 1] };
}

/** Reads an IDX label file (ubyte, rank 1). */
export function readIdxLabels(file: string, options: IdxReadOptions = {}): Uint8Array {
  const array = readIdx(file, options);
  if (array.type !== "ubyte" || array.dims.length !== 1) {
    throw new InputError(`${file}: expected IDX labels (ubyte, rank 1), found ${array.type} ${array.dims.join("×")}`);
  }
  return array.data as Uint8Array;
}

/** Pixels 0..255 → Float32Array in [0, 1] (x / 255), same layout. */
export function pixelsToFloat32(pixels: Uint8Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = (pixels[i] as number) / 255;
  return out;
}
