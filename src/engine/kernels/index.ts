import * as tf from "@tensorflow/tfjs-core";
import { batchMatMulConfig } from "./batchMatMul.js";
import { conv2DBackpropFilterConfig } from "./conv2DBackpropFilter.js";
import { conv2DBackpropInputConfig } from "./conv2DBackpropInput.js";
import { equalConfig } from "./equal.js";
import { identityConfig } from "./identity.js";
import { maxPoolGradConfig } from "./maxPoolGrad.js";
import { WASM, originalKernels } from "./shared.js";
import { sumConfig } from "./sum.js";
import { unsortedSegmentSumConfig } from "./unsortedSegmentSum.js";

/**
 * gradsynth's kernels for the tfjs 4.22 wasm backend, filling the gaps listed in DESIGN.md
 * ("Known gaps of tfjs 4.22 on the CPU backends"): kernels wasm lacks (Conv2DBackpropFilter,
 * UnsortedSegmentSum) and replacements for slow or wrong ones (BatchMatMul with transpose flags,
 * Conv2DBackpropInput, MaxPoolGrad, Sum over leading axes, broadcasting Equal, Identity's copy). Each is checked
 * against the cpu backend in test/engine/kernels.test.ts.
 */
export const WASM_KERNELS: readonly tf.KernelConfig[] = [
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  batchMatMulConfig,
  maxPoolGradConfig,
  unsortedSegmentSumConfig,
  sumConfig,
  equalConfig,
  identityConfig,
];

export type WasmKernelName = "Conv2DBackpropFilter" | "Conv2DBackpropInput" | "BatchMatMul" | "MaxPoolGrad" | "UnsortedSegmentSum" | "Sum" | "Equal" | "Identity";

/**
 * Registers the kernels named in `names` (default: all) on the wasm backend; idempotent. A
 * replaced kernel's original is kept (the compositions call it, and `restoreWasmKernels` puts it
 * back). Throws if a registration does not take: gradsynth never falls back silently.
 */
export function registerWasmKernels(names: readonly WasmKernelName[] = WASM_KERNELS.map((k) => k.kernelName as WasmKernelName)): void {
  for (const config of WASM_KERNELS) {
    if (!names.includes(config.kernelName as WasmKernelName)) continue;
    const name = config.kernelName;
    try {
      const current = tf.getKernel(name, WASM);
      if (current?.kernelFunc === config.kernelFunc) continue;
      if (current) {
        if (!originalKernels.has(name)) originalKernels.set(name, current);
        tf.unregisterKernel(name, WASM);
      }
      // Keep the original's setupFunc: it binds the wasm function the original kernelFunc calls,
      // and must run again if the backend is ever re-initialised.
      const original = originalKernels.get(name);
      tf.registerKernel(original?.setupFunc ? { ...config, setupFunc: original.setupFunc } : config);
    } catch (error) {
      throw new Error(`gradsynth: could not register the wasm kernel ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (tf.getKernel(name, WASM)?.kernelFunc !== config.kernelFunc) {
      throw new Error(`gradsynth: the wasm kernel ${name} did not register`);
    }
  }
}

/** Puts tfjs's own wasm kernels back (and removes the added ones): the "before" of bench/cnn.ts. */
export function restoreWasmKernels(): void {
  for (const config of WASM_KERNELS) {
    const name = config.kernelName;
    if (tf.getKernel(name, WASM)?.kernelFunc !== config.kernelFunc) continue;
    tf.unregisterKernel(name, WASM);
    const original = originalKernels.get(name);
    if (original) tf.registerKernel(original);
  }
}
