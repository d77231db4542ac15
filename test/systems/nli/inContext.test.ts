import { beforeAll, describe, expect, it } from "vitest";
import { initEngine, tf } from "../../../src/engine/backend.js";
import { Rng } from "../../../src/engine/rng.js";
import { sampleTasks } from "../../../src/data/nli/tasks.js";
import { disposeNets, snapshotParams } from "../../../src/nets/net.js";
import { configSplit } from "../../../src/systems/nli/config.js";
import { encodePairs, encodeTasks } from "../../../src/systems/nli/encode.js";
import { inContextModel, inContextSolver, leaveOneOutLoss, trainInContext } from "../../../src/systems/nli/inContext.js";
import { clippedStep } from "../../../src/systems/nli/optimize.js";
import { checkTttOptions, tttSolver } from "../../../src/systems/nli/ttt.js";
import { tinyConfig } from "./helpers.js";

beforeAll(async () => {
  await initEngine();
});

const config = tinyConfig("shift-l", 3);
const tasks = (count: number, seed = 5) => sampleTasks(configSplit(config), "train", count, { specPairs: config.specPairs, queryPairs: 2 }, new Rng(seed));
const { length: n, alphabet: a } = config.interpreter;

describe("In-Context baseline", () => {
  it("gives output logits [G, Q, N, A] for any number of context pairs", () => {
    const model = inContextModel(config);
    const { spec, queries } = encodeTasks(tasks(3), n, a);
    expect(model.logits(spec, queries.inputs).shape).toEqual([3, 2, n, a]);
    const two = { inputs: tf.slice(spec.inputs, [0, 0], [3, 2]), outputs: tf.slice(spec.outputs, [0, 0], [3, 2]) };
    expect(model.logits(two, queries.inputs).shape).toEqual([3, 2, n, a]);
    disposeNets(model);
  });

  it("leave-one-out: pair j is predicted from the other pairs only", () => {
    const model = inContextModel(config);
    const { inputs, outputs } = encodePairs(
      tasks(2).map((t) => t.spec.slice(0, 2)),
      n,
      a,
    );
    const pair = (x: tf.Tensor4D, j: number) => tf.slice(x, [0, j], [2, 1]);
    const crossEntropy = (context: number, held: number) =>
      tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(model.logits({ inputs: pair(inputs, context), outputs: pair(outputs, context) }, pair(inputs, held))), pair(outputs, held)), -1)));
    const expected = tf.div(tf.add(crossEntropy(1, 0), crossEntropy(0, 1)), 2).dataSync()[0];
    expect(leaveOneOutLoss(model, { inputs, outputs }).dataSync()[0]).toBeCloseTo(expected as number, 5);
    expect(() => leaveOneOutLoss(model, { inputs: pair(inputs, 0), outputs: pair(outputs, 0) })).toThrow(/at least 2/u);
    disposeNets(model);
  });

  it("fits one task's specification in a few steps", () => {
    const model = inContextModel(config);
    const batch = encodePairs(
      tasks(1).map((t) => t.spec),
      n,
      a,
    );
    const optimizer = tf.train.adam(3e-2);
    const losses = Array.from({ length: 40 }, () =>
      clippedStep(model.params(), optimizer, 1, () => {
        const loss = leaveOneOutLoss(model, batch);
        return { total: loss, report: [loss] };
      }),
    ).map(({ report: [loss] }) => loss as number);
    // Chance is log A per symbol.
    expect(losses[0]).toBeGreaterThan(0.8 * Math.log(a));
    expect(losses.at(-1)).toBeLessThan(0.5 * (losses[0] as number));
    disposeNets(model);
  });

  it("trains deterministically under the seed", () => {
    const run = () => {
      const losses: number[] = [];
      const model = trainInContext(config, (_, loss) => losses.push(loss));
      const params = snapshotParams(model);
      disposeNets(model);
      return { losses, params };
    };
    const first = run();
    expect(first.losses).toHaveLength(3);
    expect(run()).toEqual(first);
  });
});

describe("TTT baseline", () => {
  it("with 0 steps is In-Context; with steps it changes predictions deterministically and restores the weights", () => {
    const model = inContextModel(config);
    const chunk = tasks(2, 9);
    const before = snapshotParams(model);
    const rng = new Rng(1);
    expect(tttSolver(model, { steps: 0, learningRate: 1e-2 })(chunk, rng).predictions).toEqual(inContextSolver(model)(chunk, rng).predictions);
    const tuned = tttSolver(model, { steps: 10, learningRate: 3e-2 });
    const first = tuned(chunk, rng).predictions;
    expect(snapshotParams(model)).toEqual(before);
    expect(tuned(chunk, rng).predictions).toEqual(first);
    expect(first).not.toEqual(inContextSolver(model)(chunk, rng).predictions);
    disposeNets(model);
  });

  it("rejects unusable options", () => {
    expect(() => checkTttOptions({ steps: -1, learningRate: 1e-3 })).toThrow(/steps/u);
    expect(() => checkTttOptions({ steps: 1.5, learningRate: 1e-3 })).toThrow(/steps/u);
    expect(() => checkTttOptions({ steps: 1, learningRate: 0 })).toThrow(/learning rate/u);
    expect(() => checkTttOptions({ steps: 1, learningRate: Number.NaN })).toThrow(/learning rate/u);
  });
});
