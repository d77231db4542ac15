import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { initEngine, tf } from "../../../src/engine/backend.js";
import { treeToExpr } from "../../../src/lang/arith/convert.js";
import { operatorCount } from "../../../src/lang/arith/formulas.js";
import { OPS } from "../../../src/lang/arith/syntax.js";
import { PROGRAM_MODELS, SYNTHESIZERS } from "../../../src/systems/roap/config.js";
import { expectedTreeLength } from "../../../src/systems/roap/heads.js";
import { RoapTrainer } from "../../../src/systems/roap/trainer.js";
import { SYNTHETIC_IMAGES, TINY } from "./fixtures.js";

beforeAll(async () => {
  await initEngine();
});

describe("ROAP heads", () => {
  for (const model of PROGRAM_MODELS) {
    const synthesizers = model.startsWith("mlp") ? (["amortized"] as const) : SYNTHESIZERS;
    for (const synthesizer of synthesizers) {
      it(`${model} (${synthesizer}) trains and evaluates`, () => {
        const trainer = new RoapTrainer({ ...TINY, model, synthesizer, depth: 2 }, SYNTHETIC_IMAGES);
        const before = trainer.model.params().map((p) => Array.from(p.dataSync()));
        const report = trainer.trainStep();
        expect(report.skipped).toBe(false);
        const after = trainer.model.params().map((p) => Array.from(p.dataSync()));
        // Every parameter array moved: the gradient reaches the grounder and the whole head.
        after.forEach((values, k) => expect(values, `parameter ${k}`).not.toEqual(before[k]));
        const metrics = trainer.evaluate();
        expect(Number.isFinite(metrics.testLoss)).toBe(true);
        if (model.startsWith("mlp")) {
          expect(metrics.programs).toBeUndefined();
          expect(metrics.programSuccess).toBe(0);
        } else {
          expect(metrics.programs).toHaveLength(TINY.tasks);
        }
        trainer.dispose();
      });
    }
  }

  it("the syntax tree's expected length is the operator count of the tree's formula at one-hot weights", () => {
    const depth = 3;
    const internal = 2 ** depth - 1;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: OPS.length - 1 }), { minLength: internal, maxLength: internal }), (choices) => {
        const weights = tf.tidy(() => tf.reshape(tf.oneHot(tf.tensor1d(choices, "int32"), OPS.length), [1, internal, OPS.length]));
        const length = tf.tidy(() => expectedTreeLength(weights, internal).dataSync()[0] as number);
        weights.dispose();
        const tree = { inputs: 3, depth, ops: choices.map((c) => OPS[c] ?? "skip"), leaves: Array.from({ length: internal + 1 }, (_, k) => k % 3) };
        expect(length).toBeCloseTo(operatorCount(treeToExpr(tree)), 5);
      }),
      { numRuns: 50 },
    );
  });
});
