import { tf } from "./backend.js";

/**
 * Fused kernels: a differentiable interpreter written as one forward loop and one hand-derived
 * backward loop over flat typed arrays, registered as a single tfjs op through `tf.customGrad`.
 * Kernels are generic over Float32Array | Float64Array: tfjs runs the float32 instance, and the
 * gradient checks run the float64 instance against central finite differences.
 */
export type FloatArray = Float32Array | Float64Array;
export type Shape = readonly number[];

export interface FusedKernel<Saved> {
  readonly name: string;
  /** Validates the input shapes (throwing a RangeError naming the problem) and returns the output shape. */
  outputShape(shapes: readonly Shape[]): number[];
  /** Writes the output into `out` (zero-filled, sized by `outputShape`) and returns what backward needs. */
  forward(inputs: readonly FloatArray[], shapes: readonly Shape[], out: FloatArray): Saved;
  /**
   * Accumulates ∂loss/∂input_k into `grads[k]` (zero-filled, sized like input k) given
   * `dOut` = ∂loss/∂output.
   */
  backward(
    inputs: readonly FloatArray[],
    shapes: readonly Shape[],
    saved: Saved,
    dOut: FloatArray,
    grads: readonly FloatArray[],
  ): void;
  /**
   * Optional: gives back reusable work memory held by `saved`. `fusedOp` calls it once, after
   * the backward pass; direct callers of forward/backward may skip it (the memory is then garbage).
   */
  release?(saved: Saved): void;
}

export const sizeOf = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

/** Runs a kernel's forward pass on plain arrays (the float64 path used by gradient checks). */
export function runForward<Saved, A extends FloatArray>(
  kernel: FusedKernel<Saved>,
  inputs: readonly A[],
  shapes: readonly Shape[],
  make: (n: number) => A,
): { out: A; saved: Saved; shape: number[] } {
  const shape = kernel.outputShape(shapes);
  const out = make(sizeOf(shape));
  const saved = kernel.forward(inputs, shapes, out);
  return { out, saved, shape };
}

/** Wraps a fused kernel as a differentiable tfjs op taking and returning float32 tensors. */
export function fusedOp<Saved>(kernel: FusedKernel<Saved>): (...inputs: tf.Tensor[]) => tf.Tensor {
  const op = tf.customGrad((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    void save;
    const tensors = args as tf.Tensor[];
    const shapes = tensors.map((t) => t.shape);
    const data = tensors.map((t) => t.dataSync() as Float32Array);
    const { out, saved, shape } = runForward(kernel, data, shapes, (n) => new Float32Array(n));
    return {
      value: tf.tensor(out, shape, "float32"),
      gradFunc: (dy: tf.Tensor) => {
        const dOut = dy.dataSync() as Float32Array;
        const grads = shapes.map((s) => new Float32Array(sizeOf(s)));
        kernel.backward(data, shapes, saved, dOut, grads);
        kernel.release?.(saved);
        return grads.map((g, k) => tf.tensor(g, shapes[k] as number[], "float32"));
      },
    };
  });
  return (...inputs: tf.Tensor[]) => {
    for (const t of inputs) {
      if (t.dtype !== "float32") throw new TypeError(`${kernel.name}: inputs must be float32, got ${t.dtype}`);
    }
    return (op)(...inputs);
  };
}
