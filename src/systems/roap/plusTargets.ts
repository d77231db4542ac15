import { tf } from "../../engine/backend.js";
import { ROAP_VARIABLES } from "../../data/roapTasks.js";
import { OP_COUNT } from "../../lang/arith/relaxed/coefficients.js";
import { encodeStraightLine, writeOneHot } from "../../lang/arith/relaxed/encode.js";
import { executeStraightLine, type StraightLineLogits } from "../../lang/arith/relaxed/executors.js";
import { OPS } from "../../lang/arith/syntax.js";
import { abduceSymbols, type AbductionProblem } from "./plusAbduction.js";
import type { FoundProgram } from "./plusFound.js";

/**
 * ROAP+ (ours; config.ts `RoapPlusConfig`): the two loss terms through which a program found by
 * the search (plusSearch.ts) trains the model.
 */

/**
 * The found programs as constant tensors: their sketch encodings one-hot, zO [T, L, O], zL and zR
 * [T, L, V+L] (tasks without a program and dead lines: skip s1), which rows are taught [T, L], and
 * which tasks have a program [T, 1].
 */
export interface ProgramTargets {
  readonly op: tf.Tensor;
  readonly left: tf.Tensor;
  readonly right: tf.Tensor;
  readonly rows: tf.Tensor;
  readonly tasks: tf.Tensor;
}

export function programTargets(found: readonly (FoundProgram | null)[], lines: number): ProgramTargets {
  const T = found.length;
  const V = ROAP_VARIABLES;
  const W = V + lines;
  const op = new Float32Array(T * lines * OP_COUNT);
  const left = new Float32Array(T * lines * W);
  const right = new Float32Array(T * lines * W);
  const rows = new Float32Array(T * lines);
  const has = new Float32Array(T);
  const skipOfFirst = { op: new Int32Array(lines).fill(OPS.indexOf("skip")), left: new Int32Array(lines), right: new Int32Array(lines), supervised: new Uint8Array(lines) };
  found.forEach((program, t) => {
    const choices = (program === null ? undefined : encodeStraightLine(program.expr, V, lines)) ?? skipOfFirst;
    writeOneHot(choices, V, {
      op: op.subarray(t * lines * OP_COUNT, (t + 1) * lines * OP_COUNT),
      left: left.subarray(t * lines * W, (t + 1) * lines * W),
      right: right.subarray(t * lines * W, (t + 1) * lines * W),
    });
    rows.set(choices.supervised, t * lines);
    has[t] = program === null ? 0 : 1;
  });
  return {
    op: tf.tensor(op, [T, lines, OP_COUNT], "float32"),
    left: tf.tensor(left, [T, lines, W], "float32"),
    right: tf.tensor(right, [T, lines, W], "float32"),
    rows: tf.tensor(rows, [T, lines], "float32"),
    tasks: tf.tensor(has, [T, 1], "float32"),
  };
}

export function disposeTargets(targets: ProgramTargets): void {
  tf.dispose([targets.op, targets.left, targets.right, targets.rows, targets.tasks]);
}

/**
 * Teaching term: the cross-entropy of each found program's choices under q(z | r(·)),
 * −(1/T) Σ_t Σ_l rows_tl [log q(zO_tl = o*) + log q(zL_tl = a*) + log q(zR_tl = b*)],
 * summed over the program's lines and averaged over all T tasks, as the likelihood is.
 */
export function teachingLoss(sketch: StraightLineLogits, targets: ProgramTargets): tf.Scalar {
  return tf.tidy(() => {
    const logLikelihood = (logits: tf.Tensor, target: tf.Tensor) => tf.sum(tf.mul(target, tf.logSoftmax(logits)), 2); // [T, L]
    const perRow = tf.add(tf.add(logLikelihood(sketch.op, targets.op), logLikelihood(sketch.left, targets.left)), logLikelihood(sketch.right, targets.right));
    return tf.neg(tf.div(tf.sum(tf.mul(targets.rows, perRow)), targets.rows.shape[0])) as tf.Scalar;
  });
}

/**
 * Symbol abduction term (plusAbduction.ts): mean_{i,j} (g(x_ij) − ŝ_ij)², ŝ the symbols the found
 * programs imply for each tuple, held constant.
 */
export function symbolAbductionLoss(problem: AbductionProblem, symbols: tf.Tensor, outputs: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const [samples, vars] = symbols.shape as [number, number];
    const abduced = abduceSymbols(problem, symbols.dataSync() as Float32Array, outputs.dataSync() as Float32Array, samples, vars);
    return tf.mean<tf.Scalar>(tf.square(tf.sub(symbols, tf.tensor(abduced, [samples, vars], "float32"))));
  });
}

/**
 * Gradient abduction term: the Gaussian likelihood of eq. 4 with each found program executed exactly on the
 * grounded symbols, mean_{t,i} has_t · (⟦z*_t⟧(g(x_i)) − y_ti)² / (2σ_t²); the gradient reaches the
 * grounder only (the one-hot choices are constants).
 */
export function abductionLoss(targets: ProgramTargets, symbols: tf.Tensor, outputs: tf.Tensor, weights: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const predicted = executeStraightLine(targets.op, targets.left, targets.right, symbols);
    return tf.mean<tf.Scalar>(tf.mul(tf.mul(targets.tasks, weights), tf.square(tf.sub(predicted, outputs))));
  });
}
