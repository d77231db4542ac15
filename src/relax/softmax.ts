import { tf } from "../engine/backend.js";
import type { Rng } from "../engine/rng.js";
import type { Relaxation } from "./kinds.js";

/**
 * Relaxations of categorical choices (one distribution per row of the last axis).
 * - softmax: the deterministic relaxation (ROAP's "w/o Gumbel-softmax" ablation);
 * - Gumbel-softmax: softmax((logits + g) / τ), g ~ Gumbel(0, 1) (Jang et al. 2017, Maddison et
 *   al. 2017), the reparameterised sample ROAP uses for z ~ q(z | r(y, s)) (§3.2, eq. 5);
 * - straight-through Gumbel: the forward value is the one-hot argmax of the Gumbel sample, the
 *   gradient is that of the soft sample (Jang et al. 2017, §2.2).
 * A mask is an additive bias broadcastable to the logits: 0 where allowed, MASKED where forbidden.
 */
export { RELAXATIONS } from "./kinds.js";
export type { Relaxation, RelaxationKind } from "./kinds.js";

/** Additive logit bias of a forbidden entry: exp(MASKED − max) underflows to exactly 0. */
export const MASKED = -1e9;

/** softmax(logits / τ + mask) over the last axis. */
export function maskedSoftmax(logits: tf.Tensor, mask?: tf.Tensor, temperature = 1): tf.Tensor {
  return tf.tidy(() => {
    const scaled = temperature === 1 ? logits : tf.div(logits, temperature);
    return tf.softmax(mask ? tf.add(scaled, mask) : scaled);
  });
}

/**
 * Which entries of each row can be chosen: `allowed(r)` entries at the start of row r, where rows
 * are indexed along the second-to-last axis (e.g. line i of a causal sketch may choose among its
 * first V + i arguments). Forbidden entries get no noise: they are masked anyway.
 */
export type RowLimit = (row: number) => number;

/** A tensor of standard Gumbel noise drawn from the seeded generator (0 where not allowed). */
export function gumbelNoise(shape: readonly number[], rng: Rng, allowed?: RowLimit): tf.Tensor {
  const noise = new Float32Array(shape.reduce((a, b) => a * b, 1));
  if (!allowed) rng.fillGumbel(noise);
  else {
    const width = shape[shape.length - 1] as number;
    const rows = shape[shape.length - 2] ?? 1;
    for (let start = 0, r = 0; start < noise.length; start += width, r = (r + 1) % rows) {
      rng.fillGumbel(noise.subarray(start, start + Math.min(width, allowed(r))));
    }
  }
  return tf.tensor(noise, shape as number[], "float32");
}

/** One-hot of the argmax of each row, with the gradient of `soft` passed straight through. */
export const straightThrough: (soft: tf.Tensor) => tf.Tensor = tf.customGrad<tf.Tensor>((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const soft = args[0] as tf.Tensor;
  const depth = soft.shape[soft.rank - 1] as number;
  const hard = tf.cast(tf.oneHot(tf.argMax(soft, -1), depth), "float32");
  return { value: hard, gradFunc: (dy: tf.Tensor) => dy };
});

/** A mask as an additive bias tensor, with the allowed prefix of each row when it is causal. */
export interface Mask {
  readonly bias: tf.Tensor;
  readonly allowed?: RowLimit;
}

/** Relaxes `logits` into row-stochastic weights as `relaxation` says. */
export function relax(logits: tf.Tensor, relaxation: Relaxation, rng: Rng, mask?: Mask): tf.Tensor {
  if (!(relaxation.temperature > 0)) throw new RangeError(`temperature must be > 0, got ${relaxation.temperature}`);
  return tf.tidy(() => {
    if (relaxation.kind === "softmax") return maskedSoftmax(logits, mask?.bias, relaxation.temperature);
    const noise = gumbelNoise(logits.shape, rng, mask?.allowed);
    const soft = maskedSoftmax(tf.add(logits, noise), mask?.bias, relaxation.temperature);
    return relaxation.kind === "gumbel-hard" ? straightThrough(soft) : soft;
  });
}
