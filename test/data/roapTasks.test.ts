import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/rng.js";
import { loadImages, type ImageDataset, type ImageSplit } from "../../src/data/images.js";
import { drawRoapTasks, type RoapSplit, type RoapTaskSet } from "../../src/data/roapTasks.js";
import { evaluateExpr } from "../../src/lang/arith/evaluate.js";
import { enumerateFormulas } from "../../src/lang/arith/formulas.js";
import { printExpr } from "../../src/lang/arith/print.js";
import type { Expr } from "../../src/lang/arith/syntax.js";

/** A tiny dataset of 1×1 images whose labels cycle through 0..9 with a per-split offset. */
function syntheticSplit(n: number, offset: number): ImageSplit {
  const labels = Uint8Array.from({ length: n }, (_, i) => (i * 7 + offset) % 10);
  return { images: Uint8Array.from(labels, (l) => l * 20), labels, shape: [n, 1, 1, 1] };
}
const SYNTHETIC: Pick<ImageDataset, "train" | "test"> = { train: syntheticSplit(120, 0), test: syntheticSplit(50, 3) };
const POOL = new Set(enumerateFormulas(3, 3).map((f) => printExpr(f.expr)));

function checkSplit(split: RoapSplit, programs: readonly Expr[], images: ImageSplit, [low, high]: readonly [number, number]): void {
  const n = split.samples;
  expect(split.symbols.length).toBe(n * 3);
  expect(split.images.length).toBe(n * 3);
  expect(split.outputs.length).toBe(programs.length * n);
  split.symbols.forEach((s, k) => {
    expect(s).toBeGreaterThanOrEqual(low);
    expect(s).toBeLessThanOrEqual(high);
    // Class c stands for the number c + 1.
    expect(images.labels[split.images[k] as number]).toBe(s - 1);
  });
  // Every task's outputs come from the same, shared symbols, squashed to 0.1..1.0.
  for (let i = 0; i < n; i++) {
    const input = Array.from(split.symbols.subarray(3 * i, 3 * i + 3), (s) => s / 10);
    programs.forEach((program, t) => expect(split.outputs[t * n + i]).toBe(Math.fround(evaluateExpr(program, input))));
  }
}

function checkTaskSet(set: RoapTaskSet, dataset: Pick<ImageDataset, "train" | "test">): void {
  expect(set.variables).toBe(3);
  expect(set.programs.length).toBe(set.tasks);
  for (const program of [...set.programs, ...set.ood.programs]) expect(POOL.has(printExpr(program))).toBe(true);
  checkSplit(set.train, set.programs, dataset.train, [1, 10]);
  checkSplit(set.test, set.programs, dataset.test, [1, 10]);
  checkSplit(set.ood.fit, set.ood.programs, dataset.test, [1, 5]);
  checkSplit(set.ood.evaluate, set.ood.programs, dataset.test, [6, 10]);
}

describe("ROAP task generator (§4.1)", () => {
  it("draws shared symbols, class-matched images, formula outputs and the OOD split", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const set = drawRoapTasks(SYNTHETIC, { tasks: 12, samples: 20, testSamples: 9, oodTasks: 2, oodSamples: 15 }, new Rng(seed));
        expect([set.train.samples, set.test.samples, set.ood.fit.samples, set.ood.evaluate.samples]).toEqual([20, 9, 15, 15]);
        expect(set.ood.programs.length).toBe(2);
        checkTaskSet(set, SYNTHETIC);
      }),
      { numRuns: 8 },
    );
  });

  it("draws symbols and programs roughly uniformly", () => {
    const set = drawRoapTasks(SYNTHETIC, { tasks: 1, samples: 3000, testSamples: 0, oodSamples: 3000 }, new Rng(5));
    const histogram = (symbols: Uint8Array, values: number[]): number[] => values.map((v) => symbols.filter((s) => s === v).length);
    for (const count of histogram(set.train.symbols, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])) expect(Math.abs(count - 900)).toBeLessThan(120);
    for (const count of histogram(set.ood.fit.symbols, [1, 2, 3, 4, 5])) expect(Math.abs(count - 1800)).toBeLessThan(170);
    for (const count of histogram(set.ood.evaluate.symbols, [6, 7, 8, 9, 10])) expect(Math.abs(count - 1800)).toBeLessThan(170);
    // 2000 draws from 1102 formulas: about 1102 · (1 − e^(−2000/1102)) ≈ 921 distinct.
    const programs = drawRoapTasks(SYNTHETIC, { tasks: 2000, samples: 1, oodSamples: 0 }, new Rng(6)).programs;
    const distinct = new Set(programs.map(printExpr)).size;
    expect(distinct).toBeGreaterThan(850);
    expect(distinct).toBeLessThan(1000);
    // Images are drawn uniformly within a class: every training image of the 120 gets used.
    expect(new Set(set.train.images).size).toBe(120);
  });

  it("is deterministic under its seed", () => {
    const options = { tasks: 30, samples: 16, oodTasks: 1 };
    const a = drawRoapTasks(SYNTHETIC, options, new Rng(11));
    const b = drawRoapTasks(SYNTHETIC, options, new Rng(11));
    const c = drawRoapTasks(SYNTHETIC, options, new Rng(12));
    expect(b).toEqual(a);
    expect(c.train.symbols).not.toEqual(a.train.symbols);
    expect(c.programs.map(printExpr)).not.toEqual(a.programs.map(printExpr));
  });

  it("rejects bad counts and a split lacking a class", () => {
    expect(() => drawRoapTasks(SYNTHETIC, { tasks: -1, samples: 4 }, new Rng(1))).toThrow(/tasks must be a non-negative integer/);
    const noNines = { train: SYNTHETIC.train, test: { ...SYNTHETIC.test, labels: SYNTHETIC.test.labels.map((l) => (l === 9 ? 8 : l)) } };
    expect(() => drawRoapTasks(noNines, { tasks: 1, samples: 40 }, new Rng(1))).toThrow(/the test split has no image of class 9 \(symbol 10\)/);
  });

  it("works on an MNIST subset", () => {
    const mnist = loadImages("mnist", { limit: 1000 });
    const set = drawRoapTasks(mnist, { tasks: 20, samples: 32 }, new Rng(3));
    checkTaskSet(set, mnist);
  });
});
