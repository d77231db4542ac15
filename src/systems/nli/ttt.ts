import { tf } from "../../engine/backend.js";
import { encodeTasks } from "./encode.js";
import type { ChunkSolver } from "./evaluate.js";
import { leaveOneOutLoss, predictInContext, type InContextModel } from "./inContext.js";
import { clippedStep } from "./optimize.js";

/**
 * The TTT baseline of the NLI seed's main table (test-time training; the seed gives no details
 * beyond "fine-tune on the specification"): before answering a task's queries, a copy of the
 * trained In-Context model is fine-tuned for a few full-batch Adam steps on that task's own
 * specification with the training objective — leave-one-out over its m pairs, each pair predicted
 * from the other m − 1 (inContext.ts) — then reads the whole specification and the query as
 * In-Context does. The weights are restored before the next task; nothing is random, so TTT is
 * deterministic given the model.
 */
export interface TttOptions {
  /** Adam steps on each task's specification (0: plain In-Context). */
  readonly steps: number;
  readonly learningRate: number;
}

/**
 * Defaults: 10 steps at 1e-3, a third of the training learning rate (3e-3) — a choice, not tuned
 * (the seed gives no values); at nli-table's full scale they solved 5 of 20 Comp-I ID tasks against
 * In-Context's 3 (docs/results/nli.md).
 */
export const TTT_DEFAULTS: TttOptions = { steps: 10, learningRate: 1e-3 };

/** A RangeError unless `options` are usable: steps a whole number ≥ 0, learning rate finite and > 0. */
export function checkTttOptions(options: TttOptions): TttOptions {
  if (!Number.isInteger(options.steps) || options.steps < 0) throw new RangeError(`TTT steps must be a whole number ≥ 0, got ${options.steps}`);
  if (!Number.isFinite(options.learningRate) || options.learningRate <= 0) throw new RangeError(`TTT learning rate must be a positive number, got ${options.learningRate}`);
  return options;
}

/** The TTT baseline as a solver for evaluateSolver: per task, fine-tune, predict, restore. */
export function tttSolver(model: InContextModel, options: TttOptions): ChunkSolver {
  checkTttOptions(options);
  const { length, alphabet } = model.config.interpreter;
  const params = model.params();
  return (tasks) => {
    const predictions = tasks.map((task) => {
      const { spec, queries } = encodeTasks([task], length, alphabet);
      const trained = params.map((p) => p.clone());
      const optimizer = tf.train.adam(options.learningRate);
      try {
        for (let step = 0; step < options.steps; step++) {
          clippedStep(params, optimizer, model.config.clipNorm, () => ({ total: leaveOneOutLoss(model, spec), report: [] }));
        }
        return predictInContext(model, spec, queries.inputs)[0] ?? [];
      } finally {
        params.forEach((p, i) => p.assign(trained[i] as tf.Tensor));
        optimizer.dispose();
        tf.dispose([...trained, spec.inputs, spec.outputs, queries.inputs, queries.outputs]);
      }
    });
    return { programs: tasks.map(() => `none (in-context after ${options.steps} fine-tuning steps)`), predictions };
  };
}
