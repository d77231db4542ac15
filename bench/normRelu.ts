import { tf } from "../src/engine/backend.js";
import { fusedOp } from "../src/engine/fused.js";
import { Rng } from "../src/engine/rng.js";
import { normalizeLastAxis } from "../src/nets/layerNorm.js";
import { normReluKernel } from "../src/nets/normReluKernel.js";
import { normReluWasmKernel } from "../src/nets/normReluWasm.js";
import { timeVariants, type BenchRow } from "./timing.js";

/**
 * One hidden layer's epilogue, relu(γ ⊙ LayerNorm(z + b) + β), forward + backward, on the largest
 * activations of ROAP's PointNet at T = 500: MLP_rel's [T·N·V, 64] = [48000, 64]. Variants: the
 * WebAssembly SIMD kernel the MLPs use (src/nets/wasm/normRelu.wat), the same loops in plain
 * TypeScript (the float64 reference, run in float32), and op-by-op tfjs on wasm.
 */
export function benchNormRelu(runs: number, rows = 48000, features = 64): BenchRow[] {
  const rng = new Rng(4);
  const tensor = (shape: number[], scale: number, offset = 0) =>
    tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => offset + scale * rng.normal()), shape);
  const inputs = [tensor([rows, features], 2), tensor([features], 1), tensor([features], 0.3, 1), tensor([features], 0.3)];
  const weights = tensor([rows, features], 1);
  const opByOp = (z: tf.Tensor, b: tf.Tensor, gain: tf.Tensor, shift: tf.Tensor) => tf.relu(tf.add(tf.mul(normalizeLastAxis(tf.add(z, b)), gain), shift));
  const stepOf = (op: (...xs: tf.Tensor[]) => tf.Tensor) => () =>
    tf.tidy(() => tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(op(...xs), weights)))(inputs).forEach((g) => g.dataSync()));
  try {
    const timings = timeVariants(
      [
        { name: "WebAssembly SIMD kernel", step: stepOf(fusedOp(normReluWasmKernel)) },
        { name: "TypeScript loops (float32)", step: stepOf(fusedOp(normReluKernel)) },
        { name: "op-by-op tfjs", step: stepOf(opByOp) },
      ],
      runs,
      { warmUp: 2 },
    );
    const fastest = timings.get("WebAssembly SIMD kernel")?.medianMs ?? NaN;
    return [...timings].map(([variant, t]) => ({
      benchmark: "hidden-layer epilogue fwd+bwd (bias, LayerNorm, ReLU)",
      config: `[${rows}, ${features}]`,
      variant,
      ...t,
      extra: variant.startsWith("WebAssembly") ? "" : `${(t.medianMs / fastest).toFixed(1)}× the kernel`,
    }));
  } finally {
    tf.dispose([...inputs, weights]);
  }
}
