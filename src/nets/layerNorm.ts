import { tf } from "../engine/backend.js";
import { constantVariable } from "./init.js";
import type { Parametric } from "./net.js";

/** PyTorch's `nn.LayerNorm` default ε. */
export const LAYER_NORM_EPSILON = 1e-5;

/**
 * Layer normalisation (Ba, Kiros & Hinton 2016) over the last axis, without the affine part:
 * (x − mean) / √(var + ε), with the biased (population) variance, as in PyTorch.
 */
export function normalizeLastAxis(x: tf.Tensor, epsilon = LAYER_NORM_EPSILON): tf.Tensor {
  return tf.tidy(() => {
    const axis = x.rank - 1;
    const centered = tf.sub(x, tf.mean(x, axis, true));
    const variance = tf.mean(tf.square(centered), axis, true);
    return tf.mul(centered, tf.rsqrt(tf.add(variance, epsilon)));
  });
}

/** LayerNorm with a learned per-feature affine part γ ⊙ x̂ + β, initialised to the identity. */
export interface LayerNorm extends Parametric {
  readonly size: number;
  readonly gain: tf.Variable;
  readonly shift: tf.Variable;
  /** x [..., size] → same shape. */
  apply(x: tf.Tensor): tf.Tensor;
}

export function layerNorm(size: number, epsilon = LAYER_NORM_EPSILON): LayerNorm {
  const gain = constantVariable([size], 1);
  const shift = constantVariable([size], 0);
  return {
    size,
    gain,
    shift,
    params: () => [gain, shift],
    apply: (x) => tf.tidy(() => tf.add(tf.mul(normalizeLastAxis(x, epsilon), gain), shift)),
  };
}
