import type { ImageDataset, ImageSplit } from "../../../src/data/images.js";
import { ROAP_CPU, type RoapConfig } from "../../../src/systems/roap/config.js";

/**
 * A synthetic image dataset for fast ROAP tests: 8×8 grey images whose brightness encodes the
 * class (class c has pixels around 20·c + 30, with a per-pixel pattern so that images differ).
 */
function split(n: number, offset: number): ImageSplit {
  const labels = Uint8Array.from({ length: n }, (_, i) => (i * 7 + offset) % 10);
  const images = new Uint8Array(n * 64);
  labels.forEach((label, i) => {
    for (let p = 0; p < 64; p++) images[i * 64 + p] = 20 * label + 30 + ((i * 31 + p * 17) % 11);
  });
  return { images, labels, shape: [n, 8, 8, 1] };
}

export const SYNTHETIC_IMAGES: ImageDataset = { name: "mnist", train: split(300, 0), test: split(200, 3), classes: 10 };

/** A configuration small enough to train for a few steps in well under a second each. */
export const TINY: RoapConfig = {
  ...ROAP_CPU,
  tasks: 4,
  batch: 8,
  testSamples: 12,
  oodTasks: 1,
  oodSamples: 10,
  lines: 5,
  hidden: [8],
  features: 8,
  grounderConv: [4],
  grounderDense: 8,
  epochs: 2,
  stepsPerEpoch: 3,
  priorFromEpoch: 1,
  temperature: { kind: "step", before: 1, after: 3, at: 1 },
};
