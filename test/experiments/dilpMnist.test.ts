import { beforeAll, describe, expect, it } from "vitest";
import { byClass, type ImageDataset, type ImageSplit } from "../../src/data/images.js";
import { initEngine } from "../../src/engine/backend.js";
import { Rng } from "../../src/engine/rng.js";
import { holdOutPairs, sampleImagePairs } from "../../src/experiments/dilp/digitPairs.js";
import { dilpMnist, mnistReport } from "../../src/experiments/dilp/mnist.js";
import { runMnistLessThan, type MnistResults, type MnistSettings } from "../../src/experiments/dilp/mnistRun.js";
import { renderSvg } from "../../src/experiments/plot.js";
import { findExperiment } from "../../src/experiments/registry.js";

/**
 * dilp-mnist's pipeline on synthetic 8×8 "digits", small enough for seconds: convnet pretraining,
 * held-out integer pairs, ∂ILP on the convnet's probabilities, the MLP baseline, and the exact
 * check of the extracted program. Class c is a bright 2×2 block in cell c of a 4×4 grid over a
 * noisy background, which the convnet tells apart in a few dozen steps.
 */
function blockSplit(n: number, offset: number): ImageSplit {
  const labels = Uint8Array.from({ length: n }, (_, i) => (i * 7 + offset) % 10);
  const images = new Uint8Array(n * 64);
  labels.forEach((label, i) => {
    for (let p = 0; p < 64; p++) {
      const inBlock = Math.floor(p / 16) === Math.floor(label / 4) && Math.floor((p % 8) / 2) === label % 4;
      images[i * 64 + p] = (inBlock ? 200 : 0) + ((i * 31 + p * 17) % 41);
    }
  });
  return { images, labels, shape: [n, 8, 8, 1] };
}

const BLOCKS: ImageDataset = { name: "mnist", train: blockSplit(300, 0), test: blockSplit(200, 3), classes: 10 };

let results: MnistResults;
const SETTINGS: MnistSettings = {
  digits: 5,
  cnn: { steps: 30, batch: 16, learningRate: 3e-3 },
  cnnTestImages: 200,
  holdOuts: [0, 0.2],
  trials: 1,
  trainPairs: 48,
  testPairs: 24,
  dilp: { runs: 2, steps: 80, batch: 6 },
  mlp: { hidden: 16, steps: 200, batch: 16, learningRate: 0.01 },
};

beforeAll(async () => {
  await initEngine();
  results = await runMnistLessThan(BLOCKS, SETTINGS, 1, () => undefined);
}, 120_000);

describe("dilp-mnist", () => {
  it("is registered, repeats trials with --runs, and takes MNIST only", async () => {
    expect(findExperiment("dilp-mnist")).toBe(dilpMnist);
    expect(dilpMnist.runs).toBeDefined();
    const context = { scale: "ci", images: "fashion-mnist", dataDir: undefined, seed: 1, progress: () => undefined } as const;
    await expect(dilpMnist.run(context)).rejects.toThrow(/MNIST digits/);
  });

  it("holds out whole pairs of integers: no training image pair has a held-out pair's digits", () => {
    const rng = new Rng(3);
    const held = holdOutPairs(6, 0.5, rng);
    expect(held.flat().filter(Boolean)).toHaveLength(18);
    const isHeld = (a: number, b: number): boolean => (held[a] as boolean[])[b] as boolean;
    const byDigit = byClass(BLOCKS.train);
    const pairs = sampleImagePairs(byDigit, 6, (a, b) => !isHeld(a, b), 200, rng);
    for (const p of pairs) {
      expect(isHeld(p.a, p.b)).toBe(false);
      expect([BLOCKS.train.labels[p.left], BLOCKS.train.labels[p.right]]).toEqual([p.a, p.b]);
    }
    expect(() => holdOutPairs(6, 1, rng)).toThrow(/hold-out proportion/);
  });

  it("∂ILP learns less-than from the convnet's probabilities and is right on the held-out integer pairs", () => {
    expect(results.cnnTestAccuracy).toBeGreaterThan(0.9);
    const [all, held] = results.trials;
    expect(all?.heldPairs).toEqual([]);
    expect(all?.dilp.heldOut.pairs).toBe(0);
    expect(all?.dilp.seen.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(held?.heldPairs).toHaveLength(5);
    expect(held?.dilp.programPairs).toEqual({ all: 1, heldOut: 1 });
    expect(held?.dilp.heldOut.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(held?.mlp.heldOut.pairs).toBe(24);
  });

  it("reports both hold-out rows (no held-out pairs at 0) beside the paper's numbers, and plots", async () => {
    const output = mnistReport(results, SETTINGS, { scale: "ci", seed: 1, testImages: 200 });
    expect(output.markdown).toContain("| 0 | 0 | ");
    expect(output.markdown).toMatch(/\| 0\.2 \| 5 \| /);
    expect(output.markdown).toContain("| convnet test accuracy | 98% |");
    expect(await renderSvg(output.plots[0]?.spec as never)).toContain("<svg");
  });
});
