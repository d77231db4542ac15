import { tf } from "../../../engine/backend.js";

/**
 * The objective of a relaxed arithmetic program (ROAP §3.2–3.3), shared by gradient search over
 * free sketches and by ROAP's trainer: the Gaussian negative log-likelihood of eq. 4,
 * w ⊙ (ŷ − y)² with w = 1 / (2σ_t²) (times 1 / n_t where the caller averages over a task's
 * examples through w), plus eq. 6's length prior λ·E[length(z_t)].
 */

/** Standard deviation of a task's outputs, σ_t of ROAP eq. 4 (1 when all outputs are equal). */
export function sigmaOf(values: Float64Array): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return variance > 0 ? Math.sqrt(variance) : 1;
}

export interface ProgramLoss {
  readonly loss: tf.Scalar;
  /** (ŷ − y)², element by element. */
  readonly squared: tf.Tensor;
}

/**
 * reduce(w ⊙ (ŷ − y)²) + λ · reduce(E[length]) (the prior left out when λ = 0 or there is no
 * length), with `reduce` a sum or a mean over every element.
 */
export function relaxedProgramLoss(
  predicted: tf.Tensor,
  targets: tf.Tensor,
  weights: tf.Tensor,
  prior: { readonly lambda: number; readonly length: tf.Tensor | undefined },
  reduce: "sum" | "mean",
): ProgramLoss {
  const over = reduce === "sum" ? tf.sum : tf.mean;
  const squared = tf.square(tf.sub(predicted, targets));
  const nll = over<tf.Scalar>(tf.mul(weights, squared));
  const loss = prior.lambda === 0 || prior.length === undefined ? nll : tf.add<tf.Scalar>(nll, tf.mul(prior.lambda, over(prior.length)));
  return { loss, squared };
}
