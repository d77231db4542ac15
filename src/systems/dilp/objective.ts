import { tf } from "../../engine/backend.js";
import type { IlpTask } from "../../lang/datalog/task.js";
import { inference, initialValuation } from "./infer.js";
import type { ProgramSpace } from "./programSpace.js";

/**
 * ∂ILP's training objective (Evans & Grefenstette 2018, §4.5): the cross-entropy between a_T at
 * the training examples and their labels,
 *   loss = −mean_{(γ, λ) ∈ Λ} [λ·log a_T[γ] + (1 − λ)·log(1 − a_T[γ])],
 * as a function of the raw clause-pair weights, with its gradient; optionally over a mini-batch
 * of the examples only (the mean over the examples a 0/1 mask selects; minibatch.ts). One evaluation is one
 * training step's forward and backward pass through T forward-chaining steps (train.ts; timed by
 * bench/dilpStep.ts).
 */
/** Offset added to probabilities inside the logarithms of the loss, so that log 0 stays finite. */
const LOG_EPSILON = 1e-7;

export interface DilpObjective {
  /** Number of training examples (positives first, then negatives): the length of a batch mask. */
  readonly examples: number;
  /** Loss and ∂loss/∂logits at `logits` (raw weights, [space.weightCount]), over the examples `batch` marks with 1 (default: all). */
  evaluate(logits: Float32Array, batch?: Float32Array): { readonly loss: number; readonly gradient: Float32Array };
  /** W* = the per-predicate softmax of `logits`. */
  weights(logits: Float32Array): Float32Array;
  /** Frees the tensors the objective holds. */
  dispose(): void;
}

/** The objective on `task`'s training examples (as labelled). Needs `initEngine()` first. */
export function dilpObjective(task: IlpTask, space: ProgramSpace): DilpObjective {
  const infer = inference(space);
  const language = space.language;
  const examples = [...task.positive, ...task.negative];
  const exampleIndex = Int32Array.from(examples, (g) => language.indexOf(g) as number);
  const labels = Float32Array.from(examples, (_, i) => (i < task.positive.length ? 1 : 0));
  const a0 = tf.keep(tf.tensor1d(initialValuation(language, task.background)));
  const index = tf.keep(tf.tensor1d(exampleIndex, "int32"));
  const y = tf.keep(tf.tensor1d(labels));

  const all = tf.keep(tf.ones([examples.length]));

  // Mean cross-entropy over the examples `mask` selects: Σ mask·ℓ / Σ mask (all ones: the plain mean).
  const lossOf = (logits: tf.Tensor, mask: tf.Tensor): tf.Scalar => {
    const p = tf.gather(infer.run(a0, logits, task.steps), index);
    const positive = tf.mul(y, tf.log(tf.add(p, LOG_EPSILON)));
    const negative = tf.mul(tf.sub(1, y), tf.log(tf.add(tf.sub(1, p), LOG_EPSILON)));
    return tf.div(tf.neg(tf.sum(tf.mul(mask, tf.add(positive, negative)))), tf.sum(mask)) as tf.Scalar;
  };
  const lossAndGradients = tf.valueAndGrads(lossOf);
  return {
    examples: examples.length,
    evaluate: (logits, batch) =>
      tf.tidy(() => {
        const r = lossAndGradients([tf.tensor1d(logits), batch === undefined ? all : tf.tensor1d(batch)]);
        return { loss: r.value.dataSync()[0] as number, gradient: r.grads[0]?.dataSync().slice() as Float32Array };
      }),
    weights: (logits) => tf.tidy(() => infer.weights(tf.tensor1d(logits)).dataSync().slice() as Float32Array),
    dispose: () => tf.dispose([a0, index, y, all]),
  };
}
