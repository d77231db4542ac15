import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { InputError } from "../errors.js";
import { readFailure } from "./fileErrors.js";
import type { PixelArray } from "./idx.js";

/**
 * The CIFAR-10 binary format (Krizhevsky 2009, https://www.cs.toronto.edu/~kriz/cifar.html,
 * "binary version"): each file is a sequence of 3073-byte records, one label byte (0..9) then
 * 3072 pixel bytes, channel-major: 1024 red, 1024 green, 1024 blue, each a 32×32 row-major plane.
 * The training set is data_batch_1.bin … data_batch_5.bin (10000 records each), the test set
 * test_batch.bin.
 */

export const CIFAR_SIDE = 32;
export const CIFAR_CHANNELS = 3;
const PLANE = CIFAR_SIDE * CIFAR_SIDE;
const PIXELS = PLANE * CIFAR_CHANNELS;
export const CIFAR_RECORD_BYTES = 1 + PIXELS;

export const CIFAR_TRAIN_FILES = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"] as const;
export const CIFAR_TEST_FILES = ["test_batch.bin"] as const;

export interface LabelledPixels extends PixelArray {
  readonly labels: Uint8Array;
}

/**
 * Reads CIFAR-10 binary batch files in order, at most `limit` records in all, converting each
 * image from channel-major to `[32, 32, 3]` (height, width, channel: the layout of MNIST's
 * `[28, 28, 1]` and of tfjs's NHWC convolutions). Files after the limit is reached are not opened.
 */
export function readCifarBatches(files: readonly string[], limit = Infinity): LabelledPixels {
  const sizes = files.map((file) => ({ file, records: recordCount(file) }));
  const total = Math.min(
    limit,
    sizes.reduce((a, s) => a + s.records, 0),
  );
  const pixels = new Uint8Array(total * PIXELS);
  const labels = new Uint8Array(total);
  let n = 0;
  for (const { file, records } of sizes) {
    if (n >= total) break;
    const take = Math.min(records, total - n);
    const chunk = new Uint8Array(take * CIFAR_RECORD_BYTES);
    const fd = openSync(file, "r");
    try {
      for (let done = 0; done < chunk.length; ) {
        const got = readSync(fd, chunk, done, chunk.length - done, done);
        if (got === 0) throw new InputError(`${file}: truncated CIFAR-10 batch (file shrank while being read)`);
        done += got;
      }
    } finally {
      closeSync(fd);
    }
    for (let r = 0; r < take; r++, n++) {
      const start = r * CIFAR_RECORD_BYTES;
      const label = chunk[start] as number;
      if (label > 9) throw new InputError(`${file}: record ${r + 1} has label ${label}; CIFAR-10 labels are 0..9 (is this the binary version?)`);
      labels[n] = label;
      interleave(chunk, start + 1, pixels, n * PIXELS);
    }
  }
  return { pixels, labels, shape: [total, CIFAR_SIDE, CIFAR_SIDE, CIFAR_CHANNELS] };
}

/** One image from channel-major (c, y, x) at `from` to interleaved (y, x, c) at `to`. */
function interleave(source: Uint8Array, from: number, target: Uint8Array, to: number): void {
  for (let p = 0; p < PLANE; p++) {
    const at = to + CIFAR_CHANNELS * p;
    target[at] = source[from + p] as number;
    target[at + 1] = source[from + PLANE + p] as number;
    target[at + 2] = source[from + 2 * PLANE + p] as number;
  }
}

/** Number of records in a batch file, after checking that its size is a whole number of records. */
function recordCount(file: string): number {
  let size: number;
  try {
    const fd = openSync(file, "r");
    try {
      size = fstatSync(fd).size;
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new InputError(`${file}: ${readFailure(error)}`);
  }
  if (size === 0 || size % CIFAR_RECORD_BYTES !== 0) {
    throw new InputError(
      `${file}: not a CIFAR-10 binary batch (${size} bytes is not a positive multiple of the ${CIFAR_RECORD_BYTES}-byte record; truncated, or the Python/Matlab version?)`,
    );
  }
  return size / CIFAR_RECORD_BYTES;
}
