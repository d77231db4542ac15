import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type * as tf from "@tensorflow/tfjs-core";
import { EmbeddedModule, heapOffset } from "../wasmModule.js";
import { MATMUL_WASM } from "../wasm/matmulBytes.js";

/** The exports of src/engine/wasm/matmul.wat (pointers are byte offsets into the heap). */
interface MatmulExports {
  /** C[M, N] = A[M, K] · B[K, N]; `panel` is scratch for 4K floats. */
  nn(a: number, b: number, c: number, M: number, K: number, N: number, panel: number): void;
  /** C[K, N] = A[M, K]ᵀ · B[M, N]. */
  tn(a: number, b: number, c: number, M: number, K: number, N: number): void;
}

const matmulModule = new EmbeddedModule<MatmulExports>("matmul", MATMUL_WASM);

/** The layouts matmul.wat computes: `nn` is A·B, `tn` is Aᵀ·B (A stored untransposed). */
export type MatmulLayout = "nn" | "tn";

/**
 * Whether matmul.wat computes a product with this many output columns: N a multiple of 4 (its
 * tiles are 4 or 8 float32 wide), every dimension positive, float32 operands.
 */
export const matmulFits = (a: tf.TensorInfo, b: tf.TensorInfo, N: number, dims: readonly number[]): boolean =>
  a.dtype === "float32" && b.dtype === "float32" && N % 4 === 0 && dims.every((d) => d > 0);

/**
 * `batches` products C_i = A_i·B_i (`nn`, A_i [M, K], B_i [K, N]) or A_iᵀ·B_i (`tn`, A_i [M, K],
 * B_i [M, N], C_i [K, N]) by matmul.wat, in place on the wasm heap, into a new tensor of
 * `outShape`. Batches are consecutive in every operand.
 */
export function matmulOnHeap(
  backend: BackendWasm, layout: MatmulLayout, a: tf.TensorInfo, b: tf.TensorInfo,
  dims: { readonly batches: number; readonly M: number; readonly K: number; readonly N: number }, outShape: readonly number[],
): tf.TensorInfo {
  const kernel = matmulModule.instanceOnHeap(backend);
  const { batches, M, K, N } = dims;
  const out = backend.makeOutput([...outShape], "float32");
  // nn's scratch: each block of four rows of A copied as [K][4].
  const panel = layout === "nn" ? backend.makeOutput([4 * K], "float32") : undefined;
  try {
    const at = (x: tf.TensorInfo): number => heapOffset(backend, x, "BatchMatMul");
    const [aAt, bAt, cAt] = [at(a), at(b), at(out)];
    for (let i = 0; i < batches; i++) {
      if (panel !== undefined) kernel.nn(aAt + 4 * i * M * K, bAt + 4 * i * K * N, cAt + 4 * i * M * N, M, K, N, at(panel));
      else kernel.tn(aAt + 4 * i * M * K, bAt + 4 * i * M * N, cAt + 4 * i * K * N, M, K, N);
    }
  } finally {
    if (panel !== undefined) backend.disposeData(panel.dataId);
  }
  return out;
}
