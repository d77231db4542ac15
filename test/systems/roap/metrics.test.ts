import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initEngine, tf } from "../../../src/engine/backend.js";
import { enumerationSuccess } from "../../../src/systems/roap/metrics.js";
import type { RoapModel } from "../../../src/systems/roap/model.js";
import { RoapTrainer } from "../../../src/systems/roap/trainer.js";
import { SYNTHETIC_IMAGES, TINY } from "./fixtures.js";

let trainer: RoapTrainer;
beforeAll(async () => {
  await initEngine();
  trainer = new RoapTrainer({ ...TINY, tasks: 6, testSamples: 30 }, SYNTHETIC_IMAGES);
});
afterAll(() => trainer.dispose());

/** A model whose grounder maps each image to `value(image)`; the head is the trainer's (unused here). */
const withGrounder = (value: (x: tf.Tensor) => tf.Tensor1D): RoapModel => ({ ...trainer.model, grounder: { ...trainer.model.grounder, apply: (x: tf.Tensor): tf.Tensor1D => tf.tidy(() => value(x)) } });

describe("enumeration from the learned symbols (roap eval --enumerate)", () => {
  it("solves every task from a perfect grounder and none from a constant one", () => {
    // SYNTHETIC_IMAGES: class c has pixels 20c + 30 + (0..10) (read as /255), so the mean pixel gives c, and (c + 1) / 10 the symbol.
    const perfect = withGrounder((x) => tf.div<tf.Tensor1D>(tf.add(tf.round(tf.div(tf.sub(tf.mul(tf.mean(x, [1, 2, 3]), 255), 35), 20)), 1), 10));
    expect(enumerationSuccess(perfect, trainer.tasks, SYNTHETIC_IMAGES.test, 20)).toBe(6);
    const constant = withGrounder((x) => tf.fill<tf.Rank.R1>([x.shape[0]], 0.5));
    expect(enumerationSuccess(constant, trainer.tasks, SYNTHETIC_IMAGES.test, 20)).toBe(0);
  });
});
