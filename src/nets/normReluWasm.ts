import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { FloatArray, FusedKernel } from "../engine/fused.js";
import { EmbeddedModule, newMemory, type LinearMemory } from "../engine/wasmModule.js";
import { LAYER_NORM_EPSILON } from "./layerNorm.js";
import { normReluDims, normReluKernel, type NormReluSaved } from "./normReluKernel.js";
import { NORM_RELU_WASM } from "./wasm/normReluBytes.js";

/**
 * normReluKernel's loops in WebAssembly with 128-bit SIMD (src/nets/wasm/normRelu.wat), in float32.
 * Scalar JS loops were measured slower than tfjs's op-by-op wasm kernels on this machine
 * (docs/benchmarks.md, "PointNet hidden layers"); the SIMD version is not. This kernel runs the
 * module on a memory of its own: inputs are copied in, results out (the path for backends other
 * than wasm; on wasm, normReluHeap.ts runs the same module in place on tfjs's heap). F not a
 * multiple of 4, or float64 inputs (gradient checks), run the JS reference instead.
 */
export interface NormReluExports {
  forward(z: number, b: number, gain: number, shift: number, out: number, mean: number, inv: number, rows: number, features: number, epsilon: number): void;
  backward(
    z: number, b: number, gain: number, shift: number, dOut: number, mean: number, inv: number,
    dz: number, dB: number, dGain: number, dShift: number, rows: number, features: number,
  ): void;
}

const normReluModule = new EmbeddedModule<NormReluExports>("normRelu", NORM_RELU_WASM);

/** An instance of the normRelu module whose pointers address `memory`. */
const normReluInstance = (memory: LinearMemory): NormReluExports => normReluModule.instance(memory);

/** The normRelu module over the tfjs wasm backend's heap. */
export const normReluOnHeap = (backend: BackendWasm): NormReluExports => normReluModule.instanceOnHeap(backend);

interface OwnInstance {
  readonly memory: LinearMemory;
  readonly kernel: NormReluExports;
}

let own: OwnInstance | undefined;

function module(): OwnInstance {
  if (own === undefined) {
    const memory = newMemory();
    own = { memory, kernel: normReluInstance(memory) };
  }
  return own;
}

const PAGE = 65536;

/** Lays out float32 arrays of the given lengths from offset 0, growing the memory to hold them; returns their byte offsets. */
function layout(wasm: OwnInstance, lengths: readonly number[]): number[] {
  const offsets: number[] = [];
  let end = 0;
  for (const n of lengths) {
    offsets.push(end);
    end += 4 * n;
  }
  const missing = end - wasm.memory.buffer.byteLength;
  if (missing > 0) wasm.memory.grow(Math.ceil(missing / PAGE));
  return offsets;
}

const view = (wasm: OwnInstance, offset: number, length: number): Float32Array => new Float32Array(wasm.memory.buffer, offset, length);

const usesWasm = (inputs: readonly FloatArray[], features: number): boolean => features % 4 === 0 && inputs.every((x) => x instanceof Float32Array);

export const normReluWasmKernel: FusedKernel<NormReluSaved> = {
  name: "normRelu",
  outputShape: (shapes) => normReluKernel.outputShape(shapes),

  forward(inputs, shapes, out) {
    const { rows, features } = normReluDims(shapes);
    if (!usesWasm(inputs, features)) return normReluKernel.forward(inputs, shapes, out);
    const wasm = module();
    const [z, b, gain, shift] = inputs as [Float32Array, Float32Array, Float32Array, Float32Array];
    const size = rows * features;
    const [zAt, bAt, gainAt, shiftAt, outAt, meanAt, invAt] = layout(wasm, [size, features, features, features, size, rows, rows]) as [number, number, number, number, number, number, number];
    view(wasm, zAt, size).set(z);
    view(wasm, bAt, features).set(b);
    view(wasm, gainAt, features).set(gain);
    view(wasm, shiftAt, features).set(shift);
    wasm.kernel.forward(zAt, bAt, gainAt, shiftAt, outAt, meanAt, invAt, rows, features, LAYER_NORM_EPSILON);
    out.set(view(wasm, outAt, size));
    return { mean: view(wasm, meanAt, rows).slice(), inverseStd: view(wasm, invAt, rows).slice() };
  },

  backward(inputs, shapes, saved, dOut, grads) {
    const { rows, features } = normReluDims(shapes);
    if (!usesWasm([...inputs, dOut, saved.mean], features)) return normReluKernel.backward(inputs, shapes, saved, dOut, grads);
    const wasm = module();
    const [z, b, gain, shift] = inputs as [Float32Array, Float32Array, Float32Array, Float32Array];
    const [dz, db, dGain, dShift] = grads as [FloatArray, FloatArray, FloatArray, FloatArray];
    const size = rows * features;
    const offsets = layout(wasm, [size, features, features, features, size, rows, rows, size, features, features, features]);
    const [zAt, bAt, gainAt, shiftAt, dOutAt, meanAt, invAt, dzAt, dbAt, dGainAt, dShiftAt] = offsets as [number, number, number, number, number, number, number, number, number, number, number];
    view(wasm, zAt, size).set(z);
    view(wasm, bAt, features).set(b);
    view(wasm, gainAt, features).set(gain);
    view(wasm, shiftAt, features).set(shift);
    view(wasm, dOutAt, size).set(dOut);
    view(wasm, meanAt, rows).set(saved.mean);
    view(wasm, invAt, rows).set(saved.inverseStd);
    for (const at of [dbAt, dGainAt, dShiftAt]) view(wasm, at, features).fill(0);
    wasm.kernel.backward(zAt, bAt, gainAt, shiftAt, dOutAt, meanAt, invAt, dzAt, dbAt, dGainAt, dShiftAt, rows, features);
    dz.set(view(wasm, dzAt, size));
    db.set(view(wasm, dbAt, features));
    dGain.set(view(wasm, dGainAt, features));
    dShift.set(view(wasm, dShiftAt, features));
  },
};
