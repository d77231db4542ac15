import { tf } from "../engine/backend.js";
import type { Rng } from "../engine/rng.js";
import { executeStraightLine, expectedProgramLength, relaxStraightLine } from "../lang/arith/relaxed/executors.js";
import { OP_COUNT } from "../lang/arith/relaxed/coefficients.js";
import { relaxedProgramLoss, sigmaOf } from "../lang/arith/relaxed/likelihood.js";
import type { Mask, RelaxationKind } from "../relax/softmax.js";
import type { ScaledTask } from "./scaling.js";

/**
 * One batch of sketches for the gradient solver: the rows still being searched, with their
 * inputs, targets and example masks as tensors (rebuilt only when the set of rows changes).
 */
export interface SearchRow {
  readonly task: number;
  readonly degree: number;
  readonly targets: Float64Array;
}

export interface Batch {
  readonly rows: readonly number[];
  readonly inputs: tf.Tensor;
  readonly targets: tf.Tensor;
  readonly weights: tf.Tensor;
}

/**
 * Tensors for `active` rows: inputs [A, N, V], targets [A, N] and per-example loss weights [A, N]
 * equal to 1 / (2 σ_t² n_t) on the task's n_t examples and 0 on padding, so that
 * Σ_n weight·(ŷ − y)² is the Gaussian negative log-likelihood of eq. 4 averaged over examples.
 */
export function makeBatch(active: readonly number[], rows: readonly SearchRow[], scaled: readonly ScaledTask[], vars: number, examples: number): Batch {
  const A = active.length;
  const inputs = new Float32Array(A * examples * vars);
  const targets = new Float32Array(A * examples);
  const weights = new Float32Array(A * examples);
  active.forEach((r, a) => {
    const row = rows[r] as SearchRow;
    const task = scaled[row.task] as ScaledTask;
    const n = row.targets.length;
    inputs.set(task.inputs, a * examples * vars);
    targets.set(row.targets, a * examples);
    const sigma = sigmaOf(row.targets);
    weights.fill(1 / (2 * sigma * sigma * n), a * examples, a * examples + n);
  });
  return {
    rows: active,
    inputs: tf.tensor(inputs, [A, examples, vars], "float32"),
    targets: tf.tensor(targets, [A, examples], "float32"),
    weights: tf.tensor(weights, [A, examples], "float32"),
  };
}

export function disposeBatch(batch: Batch): void {
  tf.dispose([batch.inputs, batch.targets, batch.weights]);
}

export interface StepSettings {
  readonly lines: number;
  readonly vars: number;
  readonly relaxation: RelaxationKind;
  readonly temperature: number;
  readonly lambda: number;
}

export interface StepResult {
  readonly loss: number;
  readonly op: Float32Array;
  readonly left: Float32Array;
  readonly right: Float32Array;
}

/**
 * One forward/backward pass over the batch: loss = Σ_t [NLL_t + λ·E[length(z_t)]], and the
 * gradients with respect to the logits of each active row (copied out of tfjs).
 */
export function gradientStep(
  logits: { op: Float32Array; left: Float32Array; right: Float32Array },
  batch: Batch,
  step: StepSettings,
  rng: Rng,
  mask: Mask,
): StepResult {
  const A = batch.rows.length;
  const { lines: L, vars: V } = step;
  let result: StepResult | undefined;
  tf.tidy(() => {
    const zO = tf.tensor(logits.op, [A, L, OP_COUNT], "float32");
    const zL = tf.tensor(logits.left, [A, L, V + L], "float32");
    const zR = tf.tensor(logits.right, [A, L, V + L], "float32");
    const objective = (op: tf.Tensor, left: tf.Tensor, right: tf.Tensor): tf.Scalar => {
      const w = relaxStraightLine({ op, left, right }, { kind: step.relaxation, temperature: step.temperature }, rng, mask);
      const predicted = executeStraightLine(w.op, w.left, w.right, batch.inputs);
      const length = step.lambda === 0 ? undefined : expectedProgramLength(w.op, w.left, w.right);
      return relaxedProgramLoss(predicted, batch.targets, batch.weights, { lambda: step.lambda, length }, "sum").loss;
    };
    const { value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => objective(xs[0] as tf.Tensor, xs[1] as tf.Tensor, xs[2] as tf.Tensor))([zO, zL, zR]);
    const copy = (t: tf.Tensor | undefined) => Float32Array.from(t?.dataSync() ?? []);
    // Typed arrays are assigned outside the tidy: returning them would make tfjs walk every element.
    result = { loss: value.dataSync()[0] as number, op: copy(grads[0]), left: copy(grads[1]), right: copy(grads[2]) };
  });
  return result as StepResult;
}
