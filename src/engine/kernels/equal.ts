import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { WASM, originalKernels } from "./shared.js";

type Data = Float32Array | Int32Array | Uint8Array;

function heap(backend: BackendWasm, x: tf.TensorInfo): Data {
  const data = backend.typedArrayFromHeap(x);
  if (!(data instanceof Float32Array) && !(data instanceof Int32Array) && !(data instanceof Uint8Array)) {
    throw new Error(`gradsynth: unsupported dtype ${x.dtype} in wasm Equal`);
  }
  return data;
}

/** Row-major strides of `shape` aligned right to an output of rank `rank`, 0 on broadcast axes. */
function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const rank = outShape.length;
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i] as number;
    const o = rank - shape.length + i;
    strides[o] = d === 1 && (outShape[o] as number) !== 1 ? 0 : stride;
    stride *= d;
  }
  return strides;
}

/**
 * Broadcasting `Equal` on wasm takes a slow generic path (0.4–0.9 s for the 2.4M elements of the
 * tf.max/tf.min gradients of a CNN step). This wrapper writes the broadcast comparison with a JS
 * loop over the heap (an odometer over the outer axes, a strided inner loop); same-shape inputs
 * go to the original kernel unchanged.
 */
export const equalConfig: tf.KernelConfig = {
  kernelName: "Equal",
  backendName: WASM,
  kernelFunc: ({ inputs, backend, attrs }) => {
    const original = originalKernels.get("Equal");
    if (!original) throw new Error("gradsynth: the original wasm Equal was not captured");
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (tf.util.arraysEqual(a.shape, b.shape) || a.dtype !== b.dtype) return original.kernelFunc({ inputs, backend, attrs });
    const wasm = backend as BackendWasm;
    const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const out = wasm.makeOutput(outShape, "bool");
    const size = tf.util.sizeFromShape(outShape);
    if (size === 0) return out;
    // Heap views after the last makeOutput (the heap may grow and move).
    const av = heap(wasm, a);
    const bv = heap(wasm, b);
    const ov = heap(wasm, out);
    const rank = outShape.length;
    if (rank === 0) {
      ov[0] = av[0] === bv[0] ? 1 : 0;
      return out;
    }
    const sa = broadcastStrides(a.shape, outShape);
    const sb = broadcastStrides(b.shape, outShape);
    const inner = outShape[rank - 1] as number;
    const ia = sa[rank - 1] as number;
    const ib = sb[rank - 1] as number;
    const index = new Array<number>(rank).fill(0);
    let pa = 0;
    let pb = 0;
    for (let o = 0; o < size; o += inner) {
      if (ia === 1 && ib === 0) {
        const v = bv[pb];
        for (let j = 0; j < inner; j++) ov[o + j] = av[pa + j] === v ? 1 : 0;
      } else if (ia === 0 && ib === 1) {
        const v = av[pa];
        for (let j = 0; j < inner; j++) ov[o + j] = bv[pb + j] === v ? 1 : 0;
      } else {
        for (let j = 0, qa = pa, qb = pb; j < inner; j++, qa += ia, qb += ib) ov[o + j] = av[qa] === bv[qb] ? 1 : 0;
      }
      // Advance the odometer over the outer axes.
      for (let d = rank - 2; d >= 0; d--) {
        const n = (index[d] as number) + 1;
        if (n < (outShape[d] as number)) {
          index[d] = n;
          pa += sa[d] as number;
          pb += sb[d] as number;
          break;
        }
        index[d] = 0;
        pa -= (n - 1) * (sa[d] as number);
        pb -= (n - 1) * (sb[d] as number);
      }
    }
    return out;
  },
};
