import { beforeAll, describe, expect, it } from "vitest";
import { initEngine, tf } from "../../../src/engine/backend.js";
import { TrainingDiverged } from "../../../src/errors.js";
import { DivergenceGuard, MAX_SKIPPED_IN_A_ROW } from "../../../src/divergence.js";
import { clippedStep } from "../../../src/systems/nli/optimize.js";

beforeAll(async () => {
  await initEngine();
});

describe("clipped steps never apply non-finite updates", () => {
  it("applies a finite step, skips a NaN or infinite loss and leaves the parameters as they were", () => {
    const x = tf.variable(tf.tensor1d([1, 2]));
    const optimizer = tf.train.adam(0.1);
    const square = () => ({ total: tf.sum<tf.Scalar>(tf.square(x)), report: [] });
    expect(clippedStep([x], optimizer, 1, square).applied).toBe(true);
    const moved = Array.from(x.dataSync());
    expect(moved).not.toEqual([1, 2]);
    for (const bad of [NaN, Infinity]) {
      const step = clippedStep([x], optimizer, 1, () => ({ total: tf.mul<tf.Scalar>(tf.sum(x), bad), report: [tf.scalar(bad)] }));
      expect(step.applied).toBe(false);
      expect(step.report[0]).toBe(bad);
      expect(Array.from(x.dataSync())).toEqual(moved);
    }
    optimizer.dispose();
    x.dispose();
  });

  it("a run is stopped after MAX_SKIPPED_IN_A_ROW skipped steps in a row, and not before", () => {
    const guard = new DivergenceGuard("test training");
    guard.record(1, true);
    for (let step = 2; step < MAX_SKIPPED_IN_A_ROW + 1; step++) guard.record(step, false);
    guard.record(MAX_SKIPPED_IN_A_ROW + 1, true);
    expect(guard.skipped).toBe(MAX_SKIPPED_IN_A_ROW - 1);
    for (let step = 1; step < MAX_SKIPPED_IN_A_ROW; step++) guard.record(MAX_SKIPPED_IN_A_ROW + 1 + step, false);
    expect(() => guard.record(2 * MAX_SKIPPED_IN_A_ROW + 1, false)).toThrow(TrainingDiverged);
  });
});
