import { RowAdam } from "../../engine/adam.js";

/**
 * The optimisers ∂ILP training can use on its flat clause-pair weights W.
 *
 * - `rmsprop`: the paper's setting (Evans & Grefenstette 2018, §5.1: "we used RMSProp with a
 *   learning rate of 0.5"). The paper's implementation was TensorFlow 1, whose
 *   `tf.train.RMSPropOptimizer` (tensorflow/python/training/rmsprop.py) defaults to decay ρ = 0.9,
 *   momentum 0, ε = 1e-10, and starts its mean square at **one** (`ones_initializer`), not zero:
 *     ms ← ρ·ms + (1−ρ)·g²,  θ ← θ − lr·g / √(ms + ε).
 *   Starting at one makes the first steps about lr·g (small for small gradients) instead of the
 *   ±lr/√(1−ρ) ≈ ±3.2·lr a zero start gives every weight with a non-zero gradient.
 * - `adam`: Adam (β1 = 0.9, β2 = 0.999, ε = 1e-8), which §5.1 reports as working too.
 */
export const DILP_OPTIMIZERS = ["rmsprop", "adam"] as const;
export type DilpOptimizer = (typeof DILP_OPTIMIZERS)[number];

/** How reports name each optimiser. */
export const OPTIMIZER_NAMES: Readonly<Record<DilpOptimizer, string>> = { rmsprop: "RMSProp", adam: "Adam" };

/** Updates `params` in place from one gradient of the same length. */
export interface ParameterUpdate {
  step(gradient: Float32Array): void;
}

/** TensorFlow 1's RMSProp without momentum (above). */
export class TfRmsProp implements ParameterUpdate {
  private readonly meanSquare: Float32Array;

  constructor(
    readonly params: Float32Array,
    readonly learningRate: number,
    readonly decay = 0.9,
    readonly epsilon = 1e-10,
  ) {
    this.meanSquare = new Float32Array(params.length).fill(1);
  }

  step(gradient: Float32Array): void {
    const { decay, epsilon, learningRate } = this;
    for (let i = 0; i < this.params.length; i++) {
      const g = gradient[i] as number;
      const ms = decay * (this.meanSquare[i] as number) + (1 - decay) * g * g;
      this.meanSquare[i] = ms;
      this.params[i] = (this.params[i] as number) - (learningRate * g) / Math.sqrt(ms + epsilon);
    }
  }
}

/** A fresh optimiser state over `params` (one per run). */
export function makeOptimizer(kind: DilpOptimizer, params: Float32Array, learningRate: number): ParameterUpdate {
  switch (kind) {
    case "rmsprop":
      return new TfRmsProp(params, learningRate);
    case "adam": {
      const adam = new RowAdam(params, params.length, { learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
      return { step: (gradient) => adam.updateRow(0, gradient, 0) };
    }
    default: {
      const unknown: never = kind;
      throw new Error(`unknown optimizer ${String(unknown)}`);
    }
  }
}
