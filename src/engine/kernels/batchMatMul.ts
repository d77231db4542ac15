import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { WASM, originalKernels, scoped } from "./shared.js";

/**
 * BatchMatMul on wasm takes XNNPACK's path only without transpose flags; with a flag it runs a
 * scalar loop (DESIGN.md, "Known gaps"). Autodiff emits exactly those products (dA = dY·Bᵀ,
 * dB = Aᵀ·dY), so this wrapper makes the transposes explicit (`Transpose`, a copy) and calls the
 * original kernel without flags. Untransposed products go to the original kernel unchanged.
 */
export const batchMatMulConfig: tf.KernelConfig = {
  kernelName: "BatchMatMul",
  backendName: WASM,
  kernelFunc: ({ inputs, backend, attrs }) => {
    const original = originalKernels.get("BatchMatMul");
    if (!original) throw new Error("gradsynth: the original wasm BatchMatMul was not captured");
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    if (!transposeA && !transposeB) return original.kernelFunc({ inputs, backend, attrs });
    return scoped(backend as BackendWasm, (s) => {
      const swapLast = (x: tf.TensorInfo) => {
        const r = x.shape.length;
        const perm = x.shape.map((_, i) => (i === r - 2 ? r - 1 : i === r - 1 ? r - 2 : i));
        return s.transpose(x, perm);
      };
      return s.run("BatchMatMul", { a: transposeA ? swapLast(a) : a, b: transposeB ? swapLast(b) : b }, { transposeA: false, transposeB: false });
    });
  },
};
