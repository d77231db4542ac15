import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { WASM } from "./shared.js";
import { view } from "../wasmModule.js";

/**
 * UnsortedSegmentSum, missing on wasm, so `tf.gather` had no gradient there (DESIGN.md, "Known
 * gaps"): out[s, …] = Σ_{i : ids[i] = s} x[i, …], where `ids` has the shape of x's leading axes;
 * ids outside 0 … numSegments − 1 are dropped (as in TensorFlow and the cpu backend). Plain JS
 * over the wasm heap: the sum is one pass over x.
 */
export const unsortedSegmentSumConfig: tf.KernelConfig = {
  kernelName: "UnsortedSegmentSum",
  backendName: WASM,
  kernelFunc: ({ inputs, backend, attrs }) => {
    const wasm = backend as BackendWasm;
    const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
    const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
    const idRank = segmentIds.shape.length;
    if (segmentIds.shape.some((d, i) => d !== x.shape[i])) {
      throw new Error(`gradsynth: UnsortedSegmentSum segmentIds [${segmentIds.shape.join(", ")}] is not a prefix of x [${x.shape.join(", ")}]`);
    }
    const inner = tf.util.sizeFromShape(x.shape.slice(idRank));
    const out = wasm.makeOutput([numSegments, ...x.shape.slice(idRank)], x.dtype);
    const o = view(wasm, out);
    const xs = view(wasm, x);
    const ids = view(wasm, segmentIds);
    o.fill(0);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      if (!(id >= 0 && id < numSegments)) continue;
      const src = i * inner;
      const dst = id * inner;
      for (let j = 0; j < inner; j++) o[dst + j] = (o[dst + j] as number) + (xs[src + j] as number);
    }
    return out;
  },
};
