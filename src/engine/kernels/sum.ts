import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { WASM, originalKernels, scoped } from "./shared.js";
import { view } from "../wasmModule.js";

/**
 * Below this many input elements both ways take a few tens of µs of call overhead and the
 * original kernel is kept; from [32, 32] up the wrapper measured faster on wasm (docs/benchmarks.md,
 * "CNN kernels on wasm").
 */
export const SUM_POOL_MIN_SIZE = 1024;

/**
 * XNNPACK's average pooling over more than 9 rows (its multipass kernel) keeps one float per column
 * in a buffer on the wasm stack (64 KiB in tfjs 4.22's build): 16384 columns over 20 rows overflowed
 * it and corrupted the heap ("memory access out of bounds" at the next free), 12288 did not
 * (test/engine/kernels.test.ts). Wider reductions over more than 9 rows keep the original kernel.
 */
export const SUM_POOL_MAX_COLS = 8192;
const SINGLE_PASS_ROWS = 9;

/**
 * The layout of a reduction over a leading prefix of the axes: `rows` reduced elements (the
 * product of the dimensions up to the last reduced axis) for each of `cols` outputs, contiguous
 * as a [rows, cols] matrix. Axes that are not reduced but precede a reduced one must have size 1
 * (so that they do not reorder the data). Returns undefined when the reduction is not of this form.
 */
export function leadingReduction(shape: readonly number[], axes: readonly number[]): { rows: number; cols: number } | undefined {
  if (axes.length === 0) return undefined;
  const last = Math.max(...axes);
  let rows = 1;
  for (let i = 0; i <= last; i++) {
    const d = shape[i] as number;
    if (!axes.includes(i) && d !== 1) return undefined;
    rows *= d;
  }
  let cols = 1;
  for (let i = last + 1; i < shape.length; i++) cols *= shape[i] as number;
  return { rows, cols };
}

/**
 * `Sum` on wasm moves the reduced axes innermost with a `Transpose` before summing, which for a
 * reduction over the leading axes (bias gradients: dy [B·H·W, C] summed over the rows) costs ~10×
 * the reduction itself. This wrapper computes such a sum as a mean times the count: `AvgPool`
 * (XNNPACK, no weights) of X viewed as [1, rows, 1, cols] with a [rows, 1] window, then a scale by
 * `rows` in place. (A product ones[1, rows] · X through `BatchMatMul` is as fast only while X is
 * one and the same tensor: XNNPACK packs its right operand anew for every new tensor, and a
 * gradient is a new tensor every step; see docs/benchmarks.md.) Other reductions, non-float32,
 * single-column and small inputs go to the original kernel unchanged. Both kernels accumulate in
 * float32, in different orders: results differ in the last bits (within 1e-4 of the largest
 * magnitude for 75k rows, checked in test/engine/kernels.test.ts).
 */
export const sumConfig: tf.KernelConfig = {
  kernelName: "Sum",
  backendName: WASM,
  kernelFunc: ({ inputs, backend, attrs }) => {
    const original = originalKernels.get("Sum");
    if (!original) throw new Error("gradsynth: the original wasm Sum was not captured");
    const { x } = inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = attrs as unknown as tf.SumAttrs;
    const axes = [...new Set(tf.util.parseAxisParam(axis, x.shape))];
    const layout = x.dtype === "float32" ? leadingReduction(x.shape, axes) : undefined;
    // A single output column (a full reduction) needs no transpose: the original is faster.
    const overflows = layout !== undefined && layout.rows > SINGLE_PASS_ROWS && layout.cols > SUM_POOL_MAX_COLS;
    if (!layout || layout.rows < 2 || layout.cols < 2 || layout.rows * layout.cols < SUM_POOL_MIN_SIZE || overflows) {
      return original.kernelFunc({ inputs, backend, attrs });
    }
    const { rows, cols } = layout;
    const [reduced] = tf.backend_util.computeOutAndReduceShapes(x.shape, axes);
    const outShape = keepDims ? tf.backend_util.expandShapeToKeepDim(reduced, axes) : reduced;
    const wasm = backend as BackendWasm;
    return scoped(wasm, (s) => {
      const mean = s.run("AvgPool", { x: s.reshape(x, [1, rows, 1, cols]) }, { filterSize: [rows, 1], strides: [1, 1], pad: "valid" });
      const data = view(wasm, mean);
      for (let c = 0; c < cols; c++) data[c] = (data[c] as number) * rows;
      return s.reshape(mean, outShape);
    });
  },
};
