import { expect } from "vitest";
import { tf } from "../../src/engine/backend.js";
import { fusedOp, runForward, sizeOf, type FusedKernel, type Shape } from "../../src/engine/fused.js";
import { Rng } from "../../src/engine/rng.js";

/**
 * The one gradient-checking helper (DESIGN principle 3). For a fused kernel it checks
 *  1. the float64 backward pass against central finite differences of the float64 forward pass;
 *  2. the float32 tfjs op (value and gradients) against an op-by-op tfjs reference, if given.
 * The scalar under test is Σ w ⊙ output with fixed random weights w, so every output entry matters.
 */
export interface GradCheckOptions {
  /** Which inputs to check (default: all). */
  readonly differentiable?: readonly boolean[];
  /** Op-by-op tfjs implementation of the same function. */
  readonly reference?: (...inputs: tf.Tensor[]) => tf.Tensor;
  /** Finite-difference step (float64). */
  readonly step?: number;
  /** Tolerance of the float64 check, relative to max(1, |analytic|, |numeric|). */
  readonly fdTolerance?: number;
  /** Tolerance of fused vs reference, relative to the largest magnitude of the reference. */
  readonly referenceTolerance?: number;
  readonly seed?: number;
}

export function checkKernelGradients<Saved>(
  kernel: FusedKernel<Saved>,
  inputs: readonly Float64Array[],
  shapes: readonly Shape[],
  options: GradCheckOptions = {},
): void {
  const rng = new Rng(options.seed ?? 7);
  const step = options.step ?? 1e-6;
  const make = (n: number): Float64Array => new Float64Array(n);
  const base = runForward(kernel, inputs, shapes, make);
  const weights = Float64Array.from(base.out, () => rng.normal());
  const scalar = (xs: readonly Float64Array[]): number => {
    const { out } = runForward(kernel, xs, shapes, make);
    let total = 0;
    for (let i = 0; i < out.length; i++) total += (weights[i] as number) * (out[i] as number);
    return total;
  };
  const grads = shapes.map((s) => new Float64Array(sizeOf(s)));
  kernel.backward(inputs, shapes, base.saved, weights, grads);

  inputs.forEach((input, k) => {
    if (options.differentiable && !options.differentiable[k]) return;
    const analytic = grads[k] as Float64Array;
    for (let i = 0; i < input.length; i++) {
      const plus = inputs.map((x) => Float64Array.from(x));
      const minus = inputs.map((x) => Float64Array.from(x));
      (plus[k] as Float64Array)[i] = (input[i] as number) + step;
      (minus[k] as Float64Array)[i] = (input[i] as number) - step;
      const numeric = (scalar(plus) - scalar(minus)) / (2 * step);
      const a = analytic[i] as number;
      const scale = Math.max(1, Math.abs(a), Math.abs(numeric));
      if (Math.abs(a - numeric) / scale > (options.fdTolerance ?? 1e-6)) {
        expect.fail(`${kernel.name}: input ${k} entry ${i}: analytic ${a} vs finite difference ${numeric}`);
      }
    }
  });

  if (options.reference) compareWithReference(kernel, inputs, shapes, weights, options);
}

function compareWithReference<Saved>(
  kernel: FusedKernel<Saved>,
  inputs: readonly Float64Array[],
  shapes: readonly Shape[],
  weights: Float64Array,
  options: GradCheckOptions,
): void {
  const reference = options.reference as (...inputs: tf.Tensor[]) => tf.Tensor;
  const tolerance = options.referenceTolerance ?? 1e-5;
  const fused = fusedOp(kernel);
  tf.tidy(() => {
    const xs = inputs.map((x, k) => tf.tensor(Float32Array.from(x), shapes[k] as number[], "float32"));
    const w = tf.tensor(Float32Array.from(weights), kernel.outputShape(shapes), "float32");
    const run = (f: (...t: tf.Tensor[]) => tf.Tensor) =>
      tf.valueAndGrads((...t: tf.Tensor[]) => tf.sum<tf.Scalar>(tf.mul(f(...t), w)))(xs);
    const mine = run(fused);
    const theirs = run(reference);
    expectClose(`${kernel.name} value`, mine.value.dataSync(), theirs.value.dataSync(), tolerance);
    mine.grads.forEach((g, k) => {
      if (options.differentiable && !options.differentiable[k]) return;
      const r = theirs.grads[k] as tf.Tensor;
      expectClose(`${kernel.name} gradient of input ${k}`, g.dataSync(), r.dataSync(), tolerance);
    });
  });
}

/** Asserts |a − b| ≤ tolerance · max(1e-3, max |b|) elementwise. */
export function expectClose(label: string, a: ArrayLike<number>, b: ArrayLike<number>, tolerance: number): void {
  expect(a.length, `${label}: length`).toBe(b.length);
  let scale = 1e-3;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i] as number));
  for (let i = 0; i < a.length; i++) {
    const diff = Math.abs((a[i] as number) - (b[i] as number));
    if (!(diff <= tolerance * scale)) expect.fail(`${label}: entry ${i}: ${a[i]} vs ${b[i]} (scale ${scale})`);
  }
}
