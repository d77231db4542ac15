import { tf } from "../engine/backend.js";
import { setMaxFits, setMaxOnHeap } from "./setMaxHeap.js";

/**
 * Max over axis 1 of x [B, N, ...] → [B, ...]: PointNet's symmetric pooling over a set's N
 * elements (ROAP Appendix A), with tf.max's gradient (to every element equal to the maximum). On
 * wasm, [B, N, F] inputs with F a multiple of 4 take a WebAssembly kernel, one pass each way
 * (setMaxHeap.ts); others take tf.max. (An earlier mask 1 − sign(max − x) was wrong on wasm, whose
 * Sign kernel returns 0 for |x| ≤ 1.1e-7: elements within that distance of the maximum got its
 * gradient too — about 9 % of the elements of an untrained PointNet's MLP outputs.)
 */
export function maxOverSet(x: tf.Tensor): tf.Tensor {
  if (x.rank < 2) throw new RangeError(`maxOverSet: expected rank ≥ 2, got [${x.shape.join(", ")}]`);
  return setMaxFits(x) ? setMaxOnHeap(x) : tf.max(x, 1);
}
