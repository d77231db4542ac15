import { tf } from "../engine/backend.js";
import type { Rng } from "../engine/rng.js";

/**
 * Relaxations of categorical choices (one distribution per row of the last axis).
 * - softmax: the deterministic relaxation (ROAP's "w/o Gumbel-softmax" ablation);
 * - Gumbel-softmax: softmax((logits + g) / τ), g ~ Gumbel(0, 1) (Jang et al. 2017, Maddison et
 *   al. 2017), the reparameterised sample ROAP uses for z ~ q(z | r(y, s)) (§3.2, eq. 5);
 * - straight-through Gumbel: the forward value is the one-hot argmax of the Gumbel sample, the
 *   gradient is that of the soft sample (Jang et al. 2017, §2.2).
 * A mask is an additive bias broadcastable to the logits: 0 where allowed, MASKED where forbidden.
 */
export const RELAXATIONS = ["softmax", "gumbel", "gumbel-hard"] as const;
export type RelaxationKind = (typeof RELAXATIONS)[number];

export interface Relaxation {
  readonly kind: RelaxationKind;
  readonly temperature: number;
}

/** Additive logit bias of a forbidden entry: exp(MASKED − max) underflows to exactly 0. */
export const MASKED = -1e9;

/** softmax(logits / τ + mask) over the last axis. */
export function maskedSoftmax(logits: tf.Tensor, mask?: tf.Tensor, temperature = 1): tf.Tensor {
  return tf.tidy(() => {
    const scaled = temperature === 1 ? logits : tf.div(logits, temperature);
    return tf.softmax(mask ? tf.add(scaled, mask) : scaled);
  });
}

/** A tensor of standard Gumbel noise drawn from the seeded generator. */
export function gumbelNoise(shape: readonly number[], rng: Rng): tf.Tensor {
  const noise = new Float32Array(shape.reduce((a, b) => a * b, 1));
  rng.fillGumbel(noise);
  return tf.tensor(noise, shape as number[], "float32");
}

/** One-hot of the argmax of each row, with the gradient of `soft` passed straight through. */
export const straightThrough = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const soft = args[0] as tf.Tensor;
  const depth = soft.shape[soft.rank - 1] as number;
  const hard = tf.cast(tf.oneHot(tf.argMax(soft, -1), depth), "float32");
  return { value: hard, gradFunc: (dy: tf.Tensor) => dy };
}) as (soft: tf.Tensor) => tf.Tensor;

/** Relaxes `logits` into row-stochastic weights as `relaxation` says. */
export function relax(logits: tf.Tensor, relaxation: Relaxation, rng: Rng, mask?: tf.Tensor): tf.Tensor {
  if (!(relaxation.temperature > 0)) throw new RangeError(`temperature must be > 0, got ${relaxation.temperature}`);
  return tf.tidy(() => {
    if (relaxation.kind === "softmax") return maskedSoftmax(logits, mask, relaxation.temperature);
    const soft = maskedSoftmax(tf.add(logits, gumbelNoise(logits.shape, rng)), mask, relaxation.temperature);
    return relaxation.kind === "gumbel-hard" ? straightThrough(soft) : soft;
  });
}
