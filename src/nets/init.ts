import { tf } from "../engine/backend.js";
import type { Rng } from "../engine/rng.js";

/**
 * Seeded parameter initialisers. Every parameter of every net in gradsynth is filled from an `Rng`
 * (never from tfjs's own unseeded initialisers), so the same seed gives the same parameters.
 *
 * - `heUniform` (He et al. 2015, "Delving Deep into Rectifiers", uniform variant as in PyTorch's
 *   `kaiming_uniform_(nonlinearity="relu")`): U(−b, b) with b = √(6 / fanIn), i.e. variance 2/fanIn.
 *   Used for every layer whose output goes (through LayerNorm) into a ReLU.
 * - `glorotUniform` (Glorot & Bengio 2010): U(−b, b) with b = √(6 / (fanIn + fanOut)). Used for the
 *   linear output layer of each net, which no ReLU follows.
 * - Biases start at zero; LayerNorm's affine part starts at the identity (γ = 1, β = 0).
 *
 * fanIn / fanOut of a dense weight [in, out] are in / out; of a conv filter [kh, kw, cin, cout]
 * they are kh·kw·cin / kh·kw·cout (tfjs filter layout).
 */

/** Fills `out` with U(−bound, bound) samples from `rng`, in index order. */
export function fillUniform(out: Float32Array | Float64Array, bound: number, rng: Rng): void {
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng.next() - 1) * bound;
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** He/Kaiming-uniform values for a tensor of `shape` with the given fan-in: bound √(6/fanIn). */
export function heUniform(shape: readonly number[], fanIn: number, rng: Rng): Float32Array {
  const out = new Float32Array(sizeOf(shape));
  fillUniform(out, Math.sqrt(6 / fanIn), rng);
  return out;
}

/** Glorot/Xavier-uniform values for a tensor of `shape`: bound √(6/(fanIn+fanOut)). */
export function glorotUniform(shape: readonly number[], fanIn: number, fanOut: number, rng: Rng): Float32Array {
  const out = new Float32Array(sizeOf(shape));
  fillUniform(out, Math.sqrt(6 / (fanIn + fanOut)), rng);
  return out;
}

/** Which initialiser a weight gets: "he" before a ReLU, "glorot" for a linear output. */
export type InitKind = "he" | "glorot";

/** Initial values of a weight of `shape` with the given fans, by `kind`. */
export function initWeight(kind: InitKind, shape: readonly number[], fanIn: number, fanOut: number, rng: Rng): Float32Array {
  return kind === "he" ? heUniform(shape, fanIn, rng) : glorotUniform(shape, fanIn, fanOut, rng);
}

/**
 * A trainable `tf.Variable` holding `data` (which it takes over: do not reuse the array, since
 * the cpu backend aliases it). Variables get tfjs's automatic unique names: gradsynth never names
 * them, so two nets built from the same seed can live side by side.
 */
export function variableFrom(data: Float32Array, shape: readonly number[]): tf.Variable {
  const initial = tf.tensor(data, [...shape], "float32");
  const variable = tf.variable(initial, true);
  initial.dispose();
  return variable;
}

/** A trainable variable filled with `value` (zeros for biases, ones for LayerNorm's γ). */
export function constantVariable(shape: readonly number[], value: number): tf.Variable {
  return variableFrom(new Float32Array(sizeOf(shape)).fill(value), shape);
}
