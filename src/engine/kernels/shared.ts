import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";

/**
 * Helpers for kernels registered on the tfjs wasm backend. A kernel here is composed from the
 * backend's own kernels, called directly (`kernelFunc({ inputs, backend, attrs })`, as the wasm
 * kernels call each other) rather than through tf ops: no engine bookkeeping, no tape, and the
 * intermediate tensors are freed by `Scope.close`.
 */
export const WASM = "wasm";

export type KernelArgs<I extends string, A> = {
  readonly inputs: { readonly [K in I]: tf.TensorInfo };
  readonly backend: BackendWasm;
  readonly attrs: A;
};

/**
 * The wasm kernels this module replaces, as tfjs registered them, captured before the first
 * replacement (see ./index.ts). Compositions call these, never the replacements, so that for
 * instance the filter gradient's product always takes XNNPACK's path (batch 1, no transposes).
 */
export const originalKernels = new Map<string, tf.KernelConfig>();

function baseKernel(name: string): tf.KernelFunc {
  const config = originalKernels.get(name) ?? tf.getKernel(name, WASM);
  if (!config) throw new Error(`gradsynth: the wasm backend has no ${name} kernel to compose from`);
  return config.kernelFunc;
}

/** Runs base wasm kernels and remembers their outputs, so that temporaries can be freed at once. */
export class Scope {
  private readonly temps: tf.TensorInfo[] = [];
  constructor(readonly backend: BackendWasm) {}

  run(name: string, inputs: tf.NamedTensorInfoMap, attrs: object = {}): tf.TensorInfo {
    const out = baseKernel(name)({ inputs, backend: this.backend, attrs: attrs as tf.NamedAttrMap });
    const info = Array.isArray(out) ? out[0] : out;
    if (!info) throw new Error(`gradsynth: wasm ${name} returned no output`);
    this.temps.push(info);
    return info;
  }

  reshape(x: tf.TensorInfo, shape: readonly number[]): tf.TensorInfo {
    return this.run("Reshape", { x }, { shape: [...shape] });
  }

  transpose(x: tf.TensorInfo, perm: readonly number[]): tf.TensorInfo {
    return this.run("Transpose", { x }, { perm: [...perm] });
  }

  /** Records an output made outside `run` (e.g. by `backend.makeOutput`). */
  adopt(x: tf.TensorInfo): tf.TensorInfo {
    this.temps.push(x);
    return x;
  }

  /** Frees every temporary except `keep` (which the caller returns to the engine). */
  close(keep?: tf.TensorInfo): void {
    for (const t of this.temps) if (t !== keep) this.backend.disposeData(t.dataId);
    this.temps.length = 0;
  }
}

/** Runs `body` in a scope, freeing its temporaries (all of them if it throws) and returning its result. */
export function scoped(backend: BackendWasm, body: (s: Scope) => tf.TensorInfo): tf.TensorInfo {
  const scope = new Scope(backend);
  let result: tf.TensorInfo | undefined;
  try {
    result = body(scope);
    return result;
  } finally {
    scope.close(result);
  }
}

export function requireChannelsLast(kernel: string, dataFormat: string | undefined): void {
  if (dataFormat !== undefined && dataFormat !== "NHWC" && dataFormat !== "channelsLast") {
    throw new Error(`gradsynth: wasm ${kernel} supports dataFormat NHWC only, got ${dataFormat}`);
  }
}
