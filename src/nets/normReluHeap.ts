import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { tf } from "../engine/backend.js";
import { fusedOp } from "../engine/fused.js";
import { heapOffset, registerOnce, view } from "../engine/wasmModule.js";
import { LAYER_NORM_EPSILON } from "./layerNorm.js";
import { normReluDims } from "./normReluKernel.js";
import { normReluOnHeap, normReluWasmKernel } from "./normReluWasm.js";

/**
 * A hidden layer's bias + LayerNorm + ReLU (normReluKernel.ts has the equations) as one op. On the
 * wasm backend the WebAssembly kernel (wasm/normRelu.wat) runs in place on tfjs's own heap, as two
 * tfjs kernels registered here (forward: out, μ, 1/σ; backward: dz, db, dγ, dβ), so no activation
 * is copied: through `fusedOp` every call copied each [rows, F] array four times (tfjs heap → JS →
 * the module's memory and back), which cost more than the arithmetic (docs/benchmarks.md). Other
 * backends, and F not a multiple of 4, take `fusedOp` with the module on its own memory.
 */
const FORWARD = "GradsynthNormRelu";
const BACKWARD = "GradsynthNormReluGrad";
const WASM = "wasm";

const viaArrays = fusedOp(normReluWasmKernel);

const at = (backend: BackendWasm, x: tf.TensorInfo): number => heapOffset(backend, x, "normRelu");

type Named<K extends string> = { readonly [N in K]: tf.TensorInfo };

const forwardConfig: tf.KernelConfig = {
  kernelName: FORWARD,
  backendName: WASM,
  kernelFunc: ({ inputs, backend }) => {
    const wasm = backend as BackendWasm;
    const { z, b, gain, shift } = inputs as Named<"z" | "b" | "gain" | "shift">;
    const { rows, features } = normReluDims([z.shape, b.shape, gain.shape, shift.shape]);
    const kernel = normReluOnHeap(wasm);
    const out = wasm.makeOutput([rows, features], "float32");
    const mean = wasm.makeOutput([rows], "float32");
    const inv = wasm.makeOutput([rows], "float32");
    kernel.forward(at(wasm, z), at(wasm, b), at(wasm, gain), at(wasm, shift), at(wasm, out), at(wasm, mean), at(wasm, inv), rows, features, LAYER_NORM_EPSILON);
    return [out, mean, inv];
  },
};

const backwardConfig: tf.KernelConfig = {
  kernelName: BACKWARD,
  backendName: WASM,
  kernelFunc: ({ inputs, backend }) => {
    const wasm = backend as BackendWasm;
    const { z, b, gain, shift, dy, mean, inv } = inputs as Named<"z" | "b" | "gain" | "shift" | "dy" | "mean" | "inv">;
    const { rows, features } = normReluDims([z.shape, b.shape, gain.shape, shift.shape]);
    const kernel = normReluOnHeap(wasm);
    const dz = wasm.makeOutput([rows, features], "float32");
    const [db, dGain, dShift] = [0, 1, 2].map(() => wasm.makeOutput([features], "float32")) as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
    // The kernel accumulates the parameter gradients over rows; dz it overwrites.
    for (const g of [db, dGain, dShift]) view(wasm, g).fill(0);
    kernel.backward(
      at(wasm, z), at(wasm, b), at(wasm, gain), at(wasm, shift), at(wasm, dy), at(wasm, mean), at(wasm, inv),
      at(wasm, dz), at(wasm, db), at(wasm, dGain), at(wasm, dShift), rows, features,
    );
    return [dz, db, dGain, dShift];
  },
};

const inPlace = tf.customGrad((...args: unknown[]) => {
  const save = args.pop() as tf.GradSaveFunc;
  const [z, b, gain, shift] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const [out, mean, inv] = tf.engine().runKernel<[tf.Tensor, tf.Tensor, tf.Tensor]>(FORWARD, { z, b, gain, shift });
  save([z, b, gain, shift, mean, inv]);
  return {
    value: out,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sz, sb, sGain, sShift, sMean, sInv] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      return tf.engine().runKernel<tf.Tensor[]>(BACKWARD, { z: sz, b: sb, gain: sGain, shift: sShift, dy, mean: sMean, inv: sInv });
    },
  };
});

/** relu(γ ⊙ LayerNorm(z + b) + β) for z [rows, F] and b, γ, β [F], differentiable in all four. */
export function normRelu(z: tf.Tensor, b: tf.Tensor, gain: tf.Tensor, shift: tf.Tensor): tf.Tensor {
  const features = z.shape[z.rank - 1] ?? 0;
  const float32 = [z, b, gain, shift].every((t) => t.dtype === "float32");
  if (tf.getBackend() !== WASM || features % 4 !== 0 || !float32) return viaArrays(z, b, gain, shift);
  registerOnce([forwardConfig, backwardConfig]);
  return (inPlace)(z, b, gain, shift);
}
