import { tf } from "../engine/backend.js";
import type { Rng } from "../engine/rng.js";
import { dense } from "./dense.js";
import type { Parametric } from "./net.js";

/**
 * Multi-head scaled dot-product self-attention (Vaswani et al. 2017, §3.2):
 *   Attention(Q, K, V) = softmax(Q Kᵀ / √d_head) V per head, heads concatenated and projected.
 * Q, K, V come from one fused [D, 3D] projection (one matmul instead of three).
 */
export interface SelfAttention extends Parametric {
  readonly dim: number;
  readonly heads: number;
  /** x [B, L, D] → [B, L, D]. */
  apply(x: tf.Tensor): tf.Tensor;
}

export function selfAttention(rng: Rng, dim: number, heads: number): SelfAttention {
  if (!Number.isInteger(heads) || heads <= 0 || dim % heads !== 0) {
    throw new RangeError(`selfAttention: dim ${dim} must be a positive multiple of heads ${heads}`);
  }
  const headDim = dim / heads;
  const qkv = dense(rng, dim, 3 * dim, "glorot");
  const out = dense(rng, dim, dim, "glorot");
  return {
    dim,
    heads,
    params: () => [...qkv.params(), ...out.params()],
    apply: (x) =>
      tf.tidy(() => {
        const [batch, length] = x.shape as [number, number, number];
        const projected = qkv.apply(tf.reshape(x, [batch * length, dim]));
        const part = (i: number): tf.Tensor3D => {
          const block = tf.reshape(tf.slice(projected, [0, i * dim], [batch * length, dim]), [batch, length, dim]);
          // One head needs no transposes (slow on wasm for large tensors); more heads go to the batch axis.
          if (heads === 1) return block as tf.Tensor3D;
          return tf.reshape(tf.transpose(tf.reshape(block, [batch, length, heads, headDim]), [0, 2, 1, 3]), [batch * heads, length, headDim]);
        };
        const scores = tf.mul(tf.matMul(part(0), part(1), false, true), 1 / Math.sqrt(headDim));
        const mixed = tf.matMul(tf.softmax(scores), part(2));
        const merged = heads === 1 ? mixed : tf.transpose(tf.reshape(mixed, [batch, heads, length, headDim]), [0, 2, 1, 3]);
        return tf.reshape(out.apply(tf.reshape(merged, [batch * length, dim])), [batch, length, dim]);
      }),
  };
}
