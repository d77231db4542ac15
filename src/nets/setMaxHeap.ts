import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { tf } from "../engine/backend.js";
import { EmbeddedModule, heapOffset, registerOnce } from "../engine/wasmModule.js";
import { SET_MAX_WASM } from "./wasm/setMaxBytes.js";

/**
 * max over axis 1 of x [B, N, F] (PointNet's pooling, src/nets/pool.ts) by the WebAssembly SIMD
 * kernel wasm/setMax.wat, in place on the wasm backend's heap, as two tfjs kernels: one pass for the
 * value and one for the gradient (dy where x equals the maximum), where tfjs needs a transpose
 * and a reduction forward and four broadcasting passes backward (docs/benchmarks.md).
 */
interface SetMaxExports {
  forward(x: number, out: number, B: number, N: number, F: number): void;
  backward(x: number, max: number, dy: number, dx: number, B: number, N: number, F: number): void;
}

const setMaxModule = new EmbeddedModule<SetMaxExports>("setMax", SET_MAX_WASM);
const FORWARD = "GradsynthSetMax";
const BACKWARD = "GradsynthSetMaxGrad";

type Named<K extends string> = { readonly [N in K]: tf.TensorInfo };

const dims = (x: tf.TensorInfo): [number, number, number] => x.shape as [number, number, number];
const at = (backend: BackendWasm, x: tf.TensorInfo): number => heapOffset(backend, x, "setMax");

const forwardConfig: tf.KernelConfig = {
  kernelName: FORWARD,
  backendName: "wasm",
  kernelFunc: ({ inputs, backend }) => {
    const wasm = backend as BackendWasm;
    const { x } = inputs as Named<"x">;
    const [B, N, F] = dims(x);
    const out = wasm.makeOutput([B, F], "float32");
    setMaxModule.instanceOnHeap(wasm).forward(at(wasm, x), at(wasm, out), B, N, F);
    return out;
  },
};

const backwardConfig: tf.KernelConfig = {
  kernelName: BACKWARD,
  backendName: "wasm",
  kernelFunc: ({ inputs, backend }) => {
    const wasm = backend as BackendWasm;
    const { x, max, dy } = inputs as Named<"x" | "max" | "dy">;
    const [B, N, F] = dims(x);
    const dx = wasm.makeOutput([B, N, F], "float32");
    setMaxModule.instanceOnHeap(wasm).backward(at(wasm, x), at(wasm, max), at(wasm, dy), at(wasm, dx), B, N, F);
    return dx;
  },
};

const onHeap: (x: tf.Tensor) => tf.Tensor = tf.customGrad<tf.Tensor>((...args: unknown[]) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const value = tf.engine().runKernel<tf.Tensor>(FORWARD, { x });
  save([x, value]);
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, max] = saved as [tf.Tensor, tf.Tensor];
      return tf.engine().runKernel<tf.Tensor>(BACKWARD, { x: xs, max, dy });
    },
  };
});

/** Whether the heap kernel takes x: wasm, float32, [B, N, F] with N ≥ 1, B, F ≥ 1 and F a multiple of 4. */
export function setMaxFits(x: tf.Tensor): boolean {
  const [B = 0, N = 0, F = 0] = x.shape;
  return tf.getBackend() === "wasm" && x.dtype === "float32" && x.rank === 3 && B > 0 && N > 0 && F > 0 && F % 4 === 0;
}

/** max over axis 1 of x [B, N, F] by the heap kernel (check `setMaxFits` first), differentiable. */
export function setMaxOnHeap(x: tf.Tensor): tf.Tensor {
  registerOnce([forwardConfig, backwardConfig]);
  return onHeap(x);
}
