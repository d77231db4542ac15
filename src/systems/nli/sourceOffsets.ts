import { tf } from "../../engine/backend.js";

/**
 * Where each output symbol could have come from, as a feature of the NLI inductor's pair tokens
 * (gradsynth's addition; the seed fixes only "a Transformer h_φ over each pair"). For output
 * position j of a pair (x, y), the distribution over cyclic offsets r of the input positions
 * holding the same symbol:
 *   c_j[r] = [x[(j + r) mod N] = y[j]] / Σ_i [x[i] = y[j]]     (uniform when y[j] occurs nowhere in x)
 * A cyclic shift by k puts mass on r = k at every j; reverse and swap on offsets that depend on j
 * (read with the position encoding); a relabelling (add) on none in particular, and the pair
 * (x[j], y[j]) that the token also embeds tells it apart. It is the pointer from outputs to
 * inputs of RobustFill's attention (Devlin et al. 2017, §4) computed exactly instead of learned:
 * a supervised probe of the CPU-scale inductor without it (predict the shift k from the
 * specification) stayed at chance for 300 steps (docs/nli.md, "Why the inductor collapsed").
 * inputs, outputs: one-hot [..., N, A] → [..., N, N] (the data, no parameters, no gradient needed).
 */
export function sourceOffsets(inputs: tf.Tensor, outputs: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const shape = inputs.shape;
    const [n, a] = shape.slice(-2) as [number, number];
    const rows = shape.slice(0, -2).reduce((p, q) => p * q, 1);
    // match[j, i] = [y[j] = x[i]], rows normalised (a row of zeros becomes uniform).
    const match = tf.matMul(tf.reshape<tf.Rank.R3>(outputs, [rows, n, a]), tf.reshape<tf.Rank.R3>(inputs, [rows, n, a]), false, true);
    const count = tf.sum(match, -1, true);
    const weights = tf.where(tf.greater(count, 0), tf.div(match, tf.maximum(count, 1)), tf.fill(match.shape, 1 / n));
    return tf.reshape(tf.gather(tf.reshape(weights, [rows, n * n]), offsetIndex(n), 1), [...shape.slice(0, -2), n, n]);
  });
}

/** Flat indices j·N + (j + r) mod N, row j·N + r: gathers match[j, (j + r) mod N] into offset order. */
function offsetIndex(n: number): tf.Tensor1D {
  return tf.tensor1d(Int32Array.from({ length: n * n }, (_, q) => Math.floor(q / n) * n + ((Math.floor(q / n) + (q % n)) % n)), "int32");
}
