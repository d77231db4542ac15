import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { matmulFits, matmulOnHeap } from "./matmulHeap.js";
import { WASM, originalKernels, scoped, type Scope } from "./shared.js";

/**
 * BatchMatMul on wasm. tfjs's kernel packs the right operand for XNNPACK on every call with a new
 * tensor (in training, every call) and runs a scalar loop when a transpose flag is set. Products
 * with N (output columns) a multiple of 4 and batch shapes that agree run gradsynth's SIMD kernel
 * instead (matmul.wat): A·B and Aᵀ·B directly — Aᵀ·B is autodiff's weight gradient Xᵀ·dY — and
 * A·Bᵀ after an explicit transpose of B (a weight, small). Other products make their transposes
 * explicit (`Transpose`, a copy) and call tfjs's kernel without flags (XNNPACK).
 */
export const batchMatMulConfig: tf.KernelConfig = {
  kernelName: "BatchMatMul",
  backendName: WASM,
  kernelFunc: ({ inputs, backend, attrs }) => {
    const original = originalKernels.get("BatchMatMul");
    if (!original) throw new Error("gradsynth: the original wasm BatchMatMul was not captured");
    const wasm = backend as BackendWasm;
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    const simd = bySimdKernel(wasm, a, b, transposeA, transposeB);
    if (simd !== undefined) return simd;
    if (!transposeA && !transposeB) return original.kernelFunc({ inputs, backend, attrs });
    return scoped(wasm, (s) => s.run("BatchMatMul", { a: transposeA ? swapLast(s, a) : a, b: transposeB ? swapLast(s, b) : b }, { transposeA: false, transposeB: false }));
  },
};

/** x with its last two axes swapped, materialized. */
function swapLast(s: Scope, x: tf.TensorInfo): tf.TensorInfo {
  const r = x.shape.length;
  return s.transpose(x, x.shape.map((_, i) => (i === r - 2 ? r - 1 : i === r - 1 ? r - 2 : i)));
}

/** The product by matmul.wat, or undefined when it does not fit (see the comment above). */
function bySimdKernel(backend: BackendWasm, a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): tf.TensorInfo | undefined {
  const batchShape = a.shape.slice(0, -2);
  if (transposeA && transposeB) return undefined;
  if (a.shape.length !== b.shape.length || batchShape.some((d, i) => d !== b.shape[i])) return undefined;
  const batches = batchShape.reduce((p, d) => p * d, 1);
  const [aRows, aCols] = a.shape.slice(-2) as [number, number];
  const [bRows, bCols] = b.shape.slice(-2) as [number, number];
  if (transposeA) {
    // C[K, N] = Aᵀ·B with A stored [M, K] and B [M, N].
    const dims = { batches, M: aRows, K: aCols, N: bCols };
    if (!matmulFits(a, b, dims.N, [batches, aRows, aCols, bCols])) return undefined;
    return matmulOnHeap(backend, "tn", a, b, dims, [...batchShape, aCols, bCols]);
  }
  const dims = { batches, M: aRows, K: aCols, N: transposeB ? bRows : bCols };
  if (!matmulFits(a, b, dims.N, [batches, aRows, aCols, dims.N])) return undefined;
  const outShape = [...batchShape, aRows, dims.N];
  if (!transposeB) return matmulOnHeap(backend, "nn", a, b, dims, outShape);
  return scoped(backend, (s) => matmulOnHeap(backend, "nn", a, swapLast(s, b), dims, outShape));
}
