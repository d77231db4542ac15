import { tf } from "../src/engine/backend.js";
import { WASM_KERNELS, registerWasmKernels, restoreWasmKernels, type WasmKernelName } from "../src/engine/kernels/index.js";
import { Rng } from "../src/engine/rng.js";
import { timeVariants, type BenchRow } from "./timing.js";

/**
 * The matrix products of one ROAP training step at T = 500 (the PointNet's MLP_rel over
 * T·N·V = 48,000 rows of 64 features, MLP_io over 16,000, and the head's output layer over the
 * 500 tasks), each as autodiff emits it: the forward X·W, the input gradient dY·Wᵀ and the weight
 * gradient Xᵀ·dY. Variants: gradsynth's SIMD kernel (src/engine/wasm/matmul.wat, through
 * src/engine/kernels/batchMatMul.ts) against tfjs's wasm kernel (XNNPACK) with the transposes
 * made explicit, which is what BatchMatMul ran before. The right operand is a new tensor on every
 * call in both variants (a copy, timed in both), as in training, where XNNPACK packs it anew.
 */
const PRODUCTS: readonly { readonly name: string; readonly a: number[]; readonly b: number[]; readonly transposeA: boolean; readonly transposeB: boolean }[] = [
  { name: "X·W (MLP_rel forward)", a: [48000, 64], b: [64, 64], transposeA: false, transposeB: false },
  { name: "dY·Wᵀ (MLP_rel input gradient)", a: [48000, 64], b: [64, 64], transposeA: false, transposeB: true },
  { name: "Xᵀ·dY (MLP_rel weight gradient)", a: [48000, 64], b: [48000, 64], transposeA: true, transposeB: false },
  { name: "Xᵀ·dY (MLP_io weight gradient)", a: [16000, 64], b: [16000, 64], transposeA: true, transposeB: false },
  { name: "Hᵀ·dZ (head output layer weight gradient)", a: [500, 64], b: [500, 2100], transposeA: true, transposeB: false },
  { name: "dZ·W_outᵀ (head output layer input gradient)", a: [500, 2100], b: [64, 2100], transposeA: false, transposeB: true },
];

const ALL_BUT_MATMUL = WASM_KERNELS.map((k) => k.kernelName as WasmKernelName).filter((name) => name !== "BatchMatMul");

export function benchMatmul(runs: number): BenchRow[] {
  if (tf.getBackend() !== "wasm") {
    process.stderr.write("bench: matrix products skipped (wasm backend only)\n");
    return [];
  }
  const rng = new Rng(5);
  const rows: BenchRow[] = [];
  const ours = "gradsynth SIMD kernel (matmul.wat)";
  const theirs = "tfjs wasm (XNNPACK), transposes explicit";
  try {
    for (const p of PRODUCTS) {
      const tensor = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((x, y) => x * y, 1) }, () => rng.normal()), shape);
      const [a, b] = [tensor(p.a), tensor(p.b)];
      const withFlags = () => tf.tidy(() => void tf.matMul(a, tf.add(b, 0), p.transposeA, p.transposeB).dataSync());
      const explicit = () =>
        tf.tidy(() => void tf.matMul(p.transposeA ? tf.transpose(a) : a, p.transposeB ? tf.transpose(b) : tf.add(b, 0)).dataSync());
      const timings = timeVariants(
        [
          { name: ours, prepare: () => registerWasmKernels(), step: withFlags },
          { name: theirs, prepare: () => (restoreWasmKernels(), registerWasmKernels(ALL_BUT_MATMUL)), step: explicit },
        ],
        runs,
      );
      const base = timings.get(theirs)?.medianMs ?? NaN;
      for (const [variant, t] of timings) {
        const config = `${p.name}: [${p.a.join(", ")}]${p.transposeA ? "ᵀ" : ""} · [${p.b.join(", ")}]${p.transposeB ? "ᵀ" : ""}`;
        rows.push({ benchmark: "matrix product", config, variant, ...t, extra: variant === ours ? `${(base / t.medianMs).toFixed(2)}× tfjs` : "" });
      }
      tf.dispose([a, b]);
    }
  } finally {
    registerWasmKernels();
  }
  return rows;
}
