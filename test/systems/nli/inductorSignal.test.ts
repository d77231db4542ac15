import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initEngine, tf } from "../../../src/engine/backend.js";
import { Rng } from "../../../src/engine/rng.js";
import { applyPrimitive } from "../../../src/data/nli/primitives.js";
import { split } from "../../../src/data/nli/splits.js";
import { sampleTasks } from "../../../src/data/nli/tasks.js";
import { disposeNets } from "../../../src/nets/net.js";
import { defaultConfig, type NliConfig } from "../../../src/systems/nli/config.js";
import { encodePairs, oneHotGroups } from "../../../src/systems/nli/encode.js";
import { meanPool } from "../../../src/systems/nli/inductor.js";
import { trainingLoss } from "../../../src/systems/nli/loss.js";
import { nliModel, type NliModel } from "../../../src/systems/nli/model.js";
import { clippedStep } from "../../../src/systems/nli/optimize.js";
import { sourceOffsets } from "../../../src/systems/nli/sourceOffsets.js";
import { tinyConfig } from "./helpers.js";

/**
 * Why the inductor wrote the same program for every task (docs/nli.md, "Why the inductor
 * collapsed"): gradients did reach it, but it could not tell the training functions apart. These
 * tests pin the diagnosis: the offsets feature, gradient flow into every parameter, and a
 * supervised probe that the inductor can now learn.
 */
const models: NliModel[] = [];
beforeAll(async () => {
  await initEngine();
});
afterAll(() => disposeNets(...models));

const offsetsOf = (x: number[], y: number[], n: number, a: number): number[][] =>
  tf.tidy(() => sourceOffsets(oneHotGroups([[x]], n, a), oneHotGroups([[y]], n, a)).arraySync() as number[][][][])[0]?.[0] as number[][];

describe("source offsets c_j[r]", () => {
  it("put all the mass of every position on r = k for a cyclic shift by k of distinct symbols", () => {
    const shape = { length: 6, alphabet: 6 };
    const x = [3, 0, 5, 1, 4, 2];
    for (const k of [1, 4]) {
      const rows = offsetsOf(x, applyPrimitive({ kind: "shift", k }, x, shape), 6, 6);
      rows.forEach((row) => expect(row).toEqual(Array.from({ length: 6 }, (_, r) => (r === k ? 1 : 0))));
    }
  });

  it("split the mass among repeated symbols and are uniform when the symbol is absent", () => {
    // y[0] = 1 occurs at x[1] and x[3] (offsets 1 and 3); y[1] = 2 nowhere; y[2] = 0 at x[0] (offset 4 − 2 = 2); y[3] = 1 at offsets 2 and 0.
    const rows = offsetsOf([0, 1, 3, 1], [1, 2, 0, 1], 4, 4);
    expect(rows).toEqual([
      [0, 0.5, 0, 0.5],
      [0.25, 0.25, 0.25, 0.25],
      [0, 0, 1, 0],
      [0.5, 0, 0.5, 0],
    ]);
  });
});

describe("gradient flow of the training loss", () => {
  it("reaches every parameter of the inductor and the interpreter with a finite, non-zero gradient", () => {
    const config = tinyConfig("shift-l", 1);
    const model = nliModel(config);
    models.push(model);
    const tasks = sampleTasks(split("shift-l"), "train", 4, { specPairs: 3, queryPairs: 0 }, new Rng(2));
    const norms = tf.tidy(() => {
      const batch = encodePairs(tasks.map((t) => t.spec), 20, 10);
      const { grads } = tf.variableGrads(() => trainingLoss(model, batch, { encoder: 2, decoder: 1 }, 0.003, new Rng(3)).total, model.params());
      return model.params().map((p) => tf.norm(grads[p.name] ?? tf.zeros([1])).dataSync()[0] as number);
    });
    expect(norms).toHaveLength(model.params().length);
    norms.forEach((norm) => {
      expect(Number.isFinite(norm)).toBe(true);
      expect(norm).toBeGreaterThan(0);
    });
  });
});

/** Shift-L on sequences of 11 over 4 symbols, and an inductor of one layer. */
function probeConfig(sourceOffsetsOn: boolean): NliConfig {
  const base = defaultConfig("shift-l", 1, 4);
  return {
    ...base,
    interpreter: { ...base.interpreter, length: 11, alphabet: 4 },
    inductor: { dim: 16, heads: 1, layers: 1, feedForward: 32, headHidden: 32, sourceOffsets: sourceOffsetsOn },
  };
}

describe("a supervised probe of the inductor", () => {
  it("learns to tell Shift-L's training shifts 1–5 apart from a specification of 3 pairs", () => {
    const config = probeConfig(true);
    const model = nliModel(config);
    models.push(model);
    const pool = split("shift-l", { length: 11, alphabet: 4 });
    const optimizer = tf.train.adam(3e-3);
    const batch = (rng: Rng, count: number) => {
      const tasks = sampleTasks(pool, "train", count, { specPairs: 3, queryPairs: 0 }, rng);
      return { tasks, labels: tasks.map((t) => (t.program[0] as { k: number }).k - 1) };
    };
    // The first 5 logits of slot 0 as a classifier of k − 1.
    const classify = (tasks: ReturnType<typeof batch>["tasks"]): tf.Tensor2D => {
      const { inputs, outputs } = encodePairs(tasks.map((t) => t.spec), 11, 4);
      const l = model.inductor.logits(meanPool(model.inductor.embedPairs(inputs, outputs)));
      return tf.reshape(tf.slice(l, [0, 0, 0], [tasks.length, 1, 5]), [tasks.length, 5]);
    };
    for (let step = 0; step < 120; step++) {
      const { tasks, labels } = batch(new Rng(100 + step), 16);
      clippedStep(model.inductor.params(), optimizer, Infinity, () => ({
        total: tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(tf.oneHot(tf.tensor1d(labels, "int32"), 5), classify(tasks)),
        report: [],
      }));
    }
    optimizer.dispose();
    const { tasks, labels } = batch(new Rng(7), 64);
    const predicted = tf.tidy(() => Array.from(tf.argMax(classify(tasks), -1).dataSync()));
    const accuracy = predicted.filter((p, i) => p === labels[i]).length / labels.length;
    // Chance is 0.2; the same probe with `sourceOffsets: false` scored 0.125 (docs/nli.md).
    expect(accuracy).toBeGreaterThan(0.9);
  });
});
