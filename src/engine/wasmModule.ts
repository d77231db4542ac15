import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";

/**
 * gradsynth's hand-written WebAssembly kernels (`*.wat`, assembled by `npm run build:wasm` into
 * base64 constants) import their memory. This module instantiates one over a given memory, in
 * particular over the tfjs wasm backend's own heap, so that a kernel reads and writes tensors where
 * they lie (src/nets/normReluHeap.ts, src/engine/kernels/matmulHeap.ts).
 */

/** A WebAssembly linear memory, as far as it is used here. */
export interface LinearMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The part of the global WebAssembly API used here (TypeScript's ES2022 lib does not declare it). */
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
  readonly Memory: new (limits: { initial: number }) => LinearMemory;
}

const api = (): WebAssemblyApi => (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** A fresh memory of `pages` 64 KiB pages. */
export const newMemory = (pages = 1): LinearMemory => new (api().Memory)({ initial: pages });

/** An embedded kernel module (base64), compiled once; `instance(memory)` gives its exports over `memory`. */
export class EmbeddedModule<Exports> {
  private compiled: object | undefined;
  private onHeap: { readonly memory: LinearMemory; readonly exports: Exports } | undefined;

  constructor(private readonly name: string, private readonly base64: string) {}

  instance(memory: LinearMemory): Exports {
    this.compiled ??= new (api().Module)(Buffer.from(this.base64, "base64"));
    return new (api().Instance)(this.compiled, { env: { memory } }).exports as Exports;
  }

  /** The module over the backend's heap (`wasm.asm.memory`), instantiated again only if the heap object changes. */
  instanceOnHeap(backend: BackendWasm): Exports {
    const memory = (backend.wasm as unknown as { asm?: { memory?: LinearMemory } }).asm?.memory;
    if (memory === undefined || !(memory.buffer instanceof ArrayBuffer)) {
      throw new Error(`gradsynth: the tfjs wasm backend does not expose its memory (wasm.asm.memory); ${this.name} cannot run on its heap`);
    }
    if (this.onHeap?.memory !== memory) this.onHeap = { memory, exports: this.instance(memory) };
    return this.onHeap.exports;
  }
}

/** The heap view of a tensor's data. Take it after the last `makeOutput` (the heap may grow and move). */
export function view(backend: BackendWasm, x: tf.TensorInfo): Float32Array | Int32Array {
  const data = backend.typedArrayFromHeap(x);
  if (!(data instanceof Float32Array) && !(data instanceof Int32Array)) {
    throw new Error(`gradsynth: unsupported dtype ${x.dtype} in a wasm kernel`);
  }
  return data;
}

/** Byte offset in the heap of a float32 tensor's data. Take it after the last `makeOutput` (which may grow the heap). */
export function heapOffset(backend: BackendWasm, x: tf.TensorInfo, kernel: string): number {
  if (x.dtype !== "float32") throw new TypeError(`${kernel}: inputs must be float32, got ${x.dtype}`);
  return view(backend, x).byteOffset;
}

/** Registers kernels on the wasm backend unless already registered (heap kernels register on first use). */
export function registerOnce(configs: readonly tf.KernelConfig[]): void {
  for (const config of configs) {
    if (tf.getKernel(config.kernelName, config.backendName) === undefined) tf.registerKernel(config);
  }
}
