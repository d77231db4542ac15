import { tf } from "../../../engine/backend.js";
import { COEFF_A, COEFF_AB, COEFF_B } from "./coefficients.js";

/**
 * Op-by-op tfjs implementation of the straight-line executor (ROAP Figure 3), the independent
 * oracle for the fused kernel in gradient checks and the baseline in benchmarks. Same inputs and
 * output as `straightLineKernel`.
 */
export function straightLineReference(wO: tf.Tensor, wL: tf.Tensor, wR: tf.Tensor, symbols: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [T, L] = wO.shape as [number, number, number];
    const V = symbols.shape[symbols.shape.length - 1] as number;
    const N = symbols.shape[symbols.shape.length - 2] as number;
    const perTask = symbols.rank === 3 ? symbols : tf.broadcastTo(tf.expandDims(symbols, 0), [T, N, V]);
    const coeff = (c: Float64Array) => tf.tensor1d(Float32Array.from(c));
    const cA = tf.sum(tf.mul(wO, coeff(COEFF_A)), 2);
    const cB = tf.sum(tf.mul(wO, coeff(COEFF_B)), 2);
    const cAB = tf.sum(tf.mul(wO, coeff(COEFF_AB)), 2);
    let values = perTask;
    for (let i = 0; i < L; i++) {
      const l = V + i;
      const rowL = tf.slice(wL, [0, i, 0], [T, 1, l]);
      const rowR = tf.slice(wR, [0, i, 0], [T, 1, l]);
      const A = tf.sum(tf.mul(values, rowL), 2);
      const B = tf.sum(tf.mul(values, rowR), 2);
      const col = (c: tf.Tensor) => tf.slice(c, [0, i], [T, 1]);
      const line = tf.add(tf.add(tf.mul(col(cA), A), tf.mul(col(cB), B)), tf.mul(col(cAB), tf.mul(A, B)));
      values = tf.concat([values, tf.expandDims(line, 2)], 2);
    }
    return tf.squeeze(tf.slice(values, [0, 0, V + L - 1], [T, N, 1]), [2]);
  });
}
