import { tf } from "../engine/backend.js";
import type { Rng } from "../engine/rng.js";
import { constantVariable, initWeight, variableFrom, type InitKind } from "./init.js";
import type { Parametric } from "./net.js";

/** A fully connected layer y = x·W + b with W [in, out], b [out]. */
export interface Dense extends Parametric {
  readonly inputs: number;
  readonly outputs: number;
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;
  /** x [M, in] → [M, out]. */
  apply(x: tf.Tensor): tf.Tensor2D;
  /** x·W without the bias, for layers that fuse the bias into what follows. */
  product(x: tf.Tensor): tf.Tensor2D;
}

/** A dense layer initialised by `init` ("he" before a ReLU, "glorot" for a linear output), bias 0. */
export function dense(rng: Rng, inputs: number, outputs: number, init: InitKind): Dense {
  const weight = variableFrom(initWeight(init, [inputs, outputs], inputs, outputs, rng), [inputs, outputs]);
  const bias = constantVariable([outputs], 0);
  return {
    inputs,
    outputs,
    weight,
    bias,
    params: () => [weight, bias],
    // Plain matMul without transpose flags: the XNNPACK path on wasm (see engine/kernels/batchMatMul.ts).
    apply: (x) => tf.add(tf.matMul(x as tf.Tensor2D, weight as tf.Tensor2D), bias),
    product: (x) => tf.matMul(x, weight),
  };
}

/**
 * Where a grounder's scalar output starts (ROAP, docs/design.md "grounder initialisation"): its bias
 * set to `bias` and its initial weights multiplied by `scale`; undefined leaves either as it is.
 */
export function startOutput(layer: Dense, bias: number | undefined, scale: number | undefined): void {
  tf.tidy(() => {
    if (bias !== undefined) layer.bias.assign(tf.fill([layer.outputs], bias));
    if (scale !== undefined) layer.weight.assign(tf.mul(layer.weight, scale));
  });
}
