import { beforeAll, describe, expect, it } from "vitest";
import { initEngine, tf } from "../../src/engine/backend.js";
import { runForward, sizeOf } from "../../src/engine/fused.js";
import { Rng } from "../../src/engine/rng.js";
import { normalizeLastAxis } from "../../src/nets/layerNorm.js";
import { normReluKernel } from "../../src/nets/normReluKernel.js";
import { normReluWasmKernel } from "../../src/nets/normReluWasm.js";
import { normRelu } from "../../src/nets/normReluHeap.js";
import { fusedOp } from "../../src/engine/fused.js";
import { checkKernelGradients, expectClose } from "../helpers/checkGrad.js";

beforeAll(async () => {
  await initEngine();
});

/** z [R, F], b, γ, β [F] with γ around ±1 and β around 0, so that some pre-activations are negative. */
function randomInputs(rng: Rng, rows: number, features: number, make: (n: number) => Float32Array | Float64Array) {
  const fill = (n: number, f: () => number) => {
    const a = make(n);
    for (let i = 0; i < n; i++) a[i] = f();
    return a;
  };
  const inputs = [
    fill(rows * features, () => 3 * rng.normal() + 1),
    fill(features, () => rng.normal()),
    fill(features, () => (rng.next() < 0.2 ? -1 : 1) * (0.5 + rng.next())),
    fill(features, () => 0.5 * rng.normal()),
  ];
  return { inputs, shapes: [[rows, features], [features], [features], [features]] };
}

/** relu(γ ⊙ LayerNorm(z + b) + β), op by op. */
const reference = (z: tf.Tensor, b: tf.Tensor, gain: tf.Tensor, shift: tf.Tensor): tf.Tensor => tf.relu(tf.add(tf.mul(normalizeLastAxis(tf.add(z, b)), gain), shift));

describe("hidden-layer epilogue: bias + LayerNorm + ReLU as one kernel", () => {
  it("float64 reference: gradients match finite differences, and the tfjs op matches op-by-op tfjs", () => {
    const { inputs, shapes } = randomInputs(new Rng(1), 6, 8, (n) => new Float64Array(n));
    checkKernelGradients(normReluKernel, inputs as Float64Array[], shapes, { reference, fdTolerance: 1e-5, referenceTolerance: 1e-4 });
    // The op the MLPs use runs the WebAssembly kernel in float32 (F = 8 is a multiple of 4).
    checkKernelGradients(normReluWasmKernel, inputs as Float64Array[], shapes, { reference, fdTolerance: 1e-5, referenceTolerance: 1e-4 });
  });

  it("the WebAssembly SIMD kernel computes what the reference computes, forward and backward", () => {
    const rng = new Rng(2);
    for (const [rows, features] of [[37, 64], [5, 12], [4, 6]] as const) {
      const { inputs, shapes } = randomInputs(rng, rows, features, (n) => new Float32Array(n));
      const dOut = Float32Array.from({ length: rows * features }, () => rng.normal());
      const grads = (kernel: typeof normReluKernel) => {
        const { out, saved } = runForward(kernel, inputs, shapes, (n) => new Float32Array(n));
        const g = shapes.map((s) => new Float32Array(sizeOf(s)));
        kernel.backward(inputs, shapes, saved, dOut, g);
        return [out, ...g];
      };
      const ours = grads(normReluWasmKernel);
      const theirs = grads(normReluKernel);
      ours.forEach((values, k) => expectClose(`[${rows}, ${features}] array ${k}`, values, theirs[k] as Float32Array, 1e-5));
      expect(ours[0]?.some((v) => v === 0)).toBe(true); // the ReLU cut some units
    }
  });

  it("in place on the wasm heap: the same values and gradients as the kernel on its own memory, and no tensor left behind", () => {
    expect(tf.getBackend()).toBe("wasm");
    const rng = new Rng(3);
    const { inputs, shapes } = randomInputs(rng, 53, 16, (n) => new Float32Array(n));
    const tensors = inputs.map((a, k) => tf.tensor(a, shapes[k] as number[]));
    const weights = tf.tensor(Float32Array.from({ length: 53 * 16 }, () => rng.normal()), [53, 16]);
    const run = (op: (...xs: tf.Tensor[]) => tf.Tensor) =>
      tf.tidy(() => {
        const f = (...xs: tf.Tensor[]) => tf.sum<tf.Scalar>(tf.mul(op(...xs), weights));
        const { value, grads } = tf.valueAndGrads(f)(tensors);
        return [Array.from(op(...tensors).dataSync()), value.dataSync()[0], ...grads.map((g) => Array.from(g.dataSync()))];
      });
    const before = tf.memory().numTensors;
    const inPlace = run(normRelu);
    expect(tf.memory().numTensors).toBe(before);
    const copied = run(fusedOp(normReluWasmKernel));
    expect(inPlace).toEqual(copied);
    expect((inPlace[0] as number[]).some((v) => v === 0)).toBe(true);
    tf.dispose([...tensors, weights]);
  });
});

