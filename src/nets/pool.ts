import { tf } from "../engine/backend.js";

/**
 * Max over axis 1 of x [B, N, ...] → [B, ...]: PointNet's symmetric pooling over a set's N
 * elements (ROAP Appendix A). Same values and gradient as `tf.max(x, 1)` (the gradient goes to
 * every element equal to the maximum), but the mask is computed as 1 − sign(max − x) instead of
 * tfjs's equal(x, max): wasm's Equal has no broadcasting fast path (a generic loop: ≈ 0.8 s of a
 * 4 s PointNet step at T = 100, N = 32, V = 3, hidden 256; Tile is just as slow), while
 * broadcasting Sub/Mul and Sign are fast (≈ 10 ms for 2.4 M elements).
 */
export function maxOverSet(x: tf.Tensor): tf.Tensor {
  if (x.rank < 2) throw new RangeError(`maxOverSet: expected rank ≥ 2, got [${x.shape.join(", ")}]`);
  return maxPool(x);
}

const maxPool = tf.customGrad((...args: unknown[]) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const value = tf.max(x, 1);
  save([x, value]);
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, max] = saved as [tf.Tensor, tf.Tensor];
      // max − x ≥ 0, so sign(max − x) ∈ {0, 1} and 1 − sign(…) is 1 exactly where x is the maximum.
      const mask = tf.sub(1, tf.sign(tf.sub(tf.expandDims(max, 1), xs)));
      return tf.mul(mask, tf.expandDims(dy, 1));
    },
  };
}) as (x: tf.Tensor) => tf.Tensor;
