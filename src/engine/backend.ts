import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-layers";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import { registerWasmKernels } from "./kernels/index.js";

/**
 * Tensor engine set-up. gradsynth runs TensorFlow.js core on the wasm backend (XNNPACK + SIMD) in
 * Node by default and on the pure-JS `cpu` backend as fallback (see docs/design.md, "Engine").
 * `@tensorflow/tfjs-core` alone registers no gradients: importing tfjs-layers registers them.
 */
export const BACKENDS = ["wasm", "cpu"] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Environment variable that selects the backend when no option is given. */
export const BACKEND_ENV = "GRADSYNTH_BACKEND";

export function isBackendName(name: string): name is BackendName {
  return (BACKENDS as readonly string[]).includes(name);
}

/** The backend asked for by `requested`, else by $GRADSYNTH_BACKEND, else wasm. */
export function resolveBackend(requested?: string): BackendName {
  const name = requested ?? process.env[BACKEND_ENV] ?? "wasm";
  if (!isBackendName(name)) {
    throw new Error(`unknown backend '${name}' (expected one of: ${BACKENDS.join(", ")})`);
  }
  return name;
}

/**
 * Selects and awaits the backend before the first op. If wasm fails to initialise, falls back to
 * cpu and says so on stderr (never silently).
 */
export async function initEngine(requested?: string): Promise<BackendName> {
  const name = resolveBackend(requested);
  // Production mode: no per-op debug checks, and no advertisement for tfjs-node on stderr (which
  // cannot be installed here; see the engine decision in DESIGN.md).
  tf.enableProdMode();
  // wasm lacks or mis-computes some gradient kernels: gradsynth registers its own (engine/kernels/).
  if (name === "wasm") registerWasmKernels();
  if (tf.getBackend() === name) return name;
  const ok = await tf.setBackend(name);
  if (ok) {
    await tf.ready();
    return name;
  }
  if (name === "wasm") {
    process.stderr.write("gradsynth: wasm backend unavailable, falling back to cpu\n");
    await tf.setBackend("cpu");
    await tf.ready();
    return "cpu";
  }
  throw new Error(`could not initialise the ${name} backend`);
}

export { tf };
