import { tf } from "../src/engine/backend.js";
import { fusedOp } from "../src/engine/fused.js";
import { Rng } from "../src/engine/rng.js";
import { layerNorm, normalizeLastAxis } from "../src/nets/layerNorm.js";
import { normReluKernel } from "../src/nets/normReluKernel.js";
import { normReluWasmKernel } from "../src/nets/normReluWasm.js";
import { normRelu } from "../src/nets/normReluHeap.js";
import { timeVariants, type BenchRow } from "./timing.js";

/**
 * One hidden layer's epilogue, relu(γ ⊙ LayerNorm(z + b) + β), forward + backward, on the largest
 * activations of ROAP's PointNet at T = 500: MLP_rel's [T·N·V, 64] = [48000, 64]. Variants: the
 * WebAssembly SIMD kernel (src/nets/wasm/normRelu.wat) in place on tfjs's heap, as the MLPs run it
 * (src/nets/normReluHeap.ts), the same kernel through `fusedOp` (copies in and out), the same loops in plain
 * TypeScript (the float64 reference, run in float32), tfjs ops with LayerNorm's closed-form
 * backward (src/nets/layerNorm.ts: what the MLPs ran before the kernel), and plain op-by-op tfjs.
 * Every variant differentiates with respect to z, b, γ and β (variables).
 */
export function benchNormRelu(runs: number, rows = 48000, features = 64): BenchRow[] {
  const rng = new Rng(4);
  const tensor = (shape: number[], scale: number, offset = 0) =>
    tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => offset + scale * rng.normal()), shape);
  const norm = layerNorm(features);
  tf.tidy(() => {
    norm.gain.assign(tensor([features], 0.3, 1));
    norm.shift.assign(tensor([features], 0.3));
  });
  const z = tf.variable(tensor([rows, features], 2));
  const b = tf.variable(tensor([features], 1));
  const variables = [z, b, norm.gain, norm.shift];
  const weights = tensor([rows, features], 1);
  const opByOp = () => tf.relu(tf.add(tf.mul(normalizeLastAxis(tf.add(z, b)), norm.gain), norm.shift));
  const closedForm = () => tf.relu(norm.apply(tf.add(z, b)));
  const fused = (kernel: typeof normReluKernel) => {
    const op = fusedOp(kernel);
    return () => op(z, b, norm.gain, norm.shift);
  };
  const stepOf = (f: () => tf.Tensor) => () =>
    tf.tidy(() => Object.values(tf.variableGrads(() => tf.sum<tf.Scalar>(tf.mul(f(), weights)), variables).grads).forEach((g) => g.dataSync()));
  try {
    const timings = timeVariants(
      [
        { name: "WebAssembly SIMD kernel in place on the heap", step: stepOf(() => normRelu(z, b, norm.gain, norm.shift)) },
        { name: "WebAssembly SIMD kernel via fusedOp (copies)", step: stepOf(fused(normReluWasmKernel)) },
        { name: "TypeScript loops (float32)", step: stepOf(fused(normReluKernel)) },
        { name: "tfjs, closed-form LayerNorm backward", step: stepOf(closedForm) },
        { name: "op-by-op tfjs", step: stepOf(opByOp) },
      ],
      runs,
      { warmUp: 2 },
    );
    const fastest = timings.get("WebAssembly SIMD kernel in place on the heap")?.medianMs ?? NaN;
    return [...timings].map(([variant, t]) => ({
      benchmark: "hidden-layer epilogue fwd+bwd (bias, LayerNorm, ReLU)",
      config: `[${rows}, ${features}]`,
      variant,
      ...t,
      extra: variant.endsWith("on the heap") ? "" : `${(t.medianMs / fastest).toFixed(1)}× the in-place kernel`,
    }));
  } finally {
    tf.dispose([...variables, weights]);
  }
}
