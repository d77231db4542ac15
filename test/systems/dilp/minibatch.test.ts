import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { initEngine } from "../../../src/engine/backend.js";
import { Rng } from "../../../src/engine/rng.js";
import { batchSize, sampleBatch } from "../../../src/systems/dilp/minibatch.js";
import { dilpObjective } from "../../../src/systems/dilp/objective.js";
import { programSpace } from "../../../src/lang/datalog/space/programSpace.js";
import { shippedTask } from "../../helpers/ilpTasks.js";

describe("mini-batches (the paper's §5.2)", () => {
  it("a batch marks exactly its size of distinct examples", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0.01, max: 1, noNaN: true }), fc.nat(), (n, fraction, seed) => {
        const size = batchSize(n, fraction);
        expect(size).toBeGreaterThanOrEqual(1);
        expect(size).toBeLessThanOrEqual(n);
        const mask = sampleBatch(n, size, new Rng(seed));
        expect(mask.every((m) => m === 0 || m === 1)).toBe(true);
        expect(mask.reduce((a, b) => a + b, 0)).toBe(size);
      }),
      { numRuns: 200 },
    );
  });

  it("draws every example about equally often", () => {
    const rng = new Rng(3);
    const counts = new Float64Array(10);
    for (let i = 0; i < 4000; i++) sampleBatch(10, 3, rng).forEach((m, k) => (counts[k] = (counts[k] as number) + m));
    for (const c of counts) expect(Math.abs(c / 4000 - 0.3)).toBeLessThan(0.03);
  });
});

describe("the objective over a mini-batch", () => {
  beforeAll(async () => {
    await initEngine();
  });

  it("is the mean cross-entropy over the examples the mask selects", () => {
    const task = shippedTask("even-odd");
    const space = programSpace(task);
    const objective = dilpObjective(task, space);
    try {
      const rng = new Rng(1);
      const logits = Float32Array.from({ length: space.weightCount }, () => rng.normal());
      const n = objective.examples;
      expect(n).toBe(task.positive.length + task.negative.length);
      const full = objective.evaluate(logits);
      const all = objective.evaluate(logits, new Float32Array(n).fill(1));
      expect(all.loss).toBeCloseTo(full.loss, 6);
      all.gradient.forEach((g, i) => expect(g).toBeCloseTo(full.gradient[i] as number, 6));
      // Per-example losses from one-hot masks average to the full loss, and so do their gradients.
      const single = Array.from({ length: n }, (_, k) => {
        const mask = new Float32Array(n);
        mask[k] = 1;
        return objective.evaluate(logits, mask);
      });
      expect(single.reduce((a, r) => a + r.loss, 0) / n).toBeCloseTo(full.loss, 5);
      const g0 = single.reduce((a, r) => a + (r.gradient[0] as number), 0) / n;
      expect(g0).toBeCloseTo(full.gradient[0] as number, 5);
      // A positive example's loss is −log(a_T + 1e-7) > 0.
      expect(single[0]?.loss).toBeGreaterThan(0);
    } finally {
      objective.dispose();
    }
  });
});
