import { tf } from "../../engine/backend.js";
import type { Rng } from "../../engine/rng.js";
import { logLikelihood } from "./interpreter.js";
import { relax } from "../../relax/index.js";
import { relaxationKind } from "./config.js";
import { leaveOneOutPool } from "./inductor.js";
import type { NliModel } from "./model.js";
import { expectedUniqueTokens } from "./regularizer.js";

/** One training batch: the specification pairs of G tasks as one-hot [G, m, N, A]. */
export interface SpecBatch {
  readonly inputs: tf.Tensor4D;
  readonly outputs: tf.Tensor4D;
}

export interface LossTerms {
  /** L_recon per symbol: −(1/N) log p_θ(y_j | x_j, q_φ(S \ {j})), averaged over held-out pairs. */
  readonly reconstruction: tf.Scalar;
  /** L_reg: expected number of distinct tokens in the batch. */
  readonly uniqueTokens: tf.Scalar;
  /** L_recon + λ L_reg. */
  readonly total: tf.Scalar;
  /** Held-out pairs whose argmax output is exactly right. */
  readonly exact: tf.Scalar;
  /** Held-out symbols whose argmax is right. */
  readonly symbolAccuracy: tf.Scalar;
}

/**
 * NLI's training objective (seed, Key Design 3) on one batch: every pair j of every task is held
 * out once, the program is induced from the other m − 1 pairs (z_t = Gumbel-softmax(l_t, τ_e)),
 * executed on x_j with the interpreter's Gumbel-softmax at τ_d, and scored on y_j; the encoder
 * regularizer is computed on q_φ = softmax(l) over every slot of every induced program.
 */
export function trainingLoss(
  model: NliModel,
  batch: SpecBatch,
  temperatures: { readonly encoder: number; readonly decoder: number },
  regularizer: number,
  rng: Rng,
): LossTerms {
  return tf.tidy(() => {
    const [g, m, n, a] = batch.inputs.shape;
    const { codebook } = model.config.interpreter;
    const t = model.config.programLength;
    const logits = model.inductor.logits(leaveOneOutPool(model.inductor.embedPairs(batch.inputs, batch.outputs)));
    const programs = tf.reshape(relax(logits, { kind: relaxationKind(model.config, "inductor"), temperature: temperatures.encoder }, rng), [g * m, t, codebook]);
    const heldOut = (x: tf.Tensor) => tf.reshape(x, [g * m, 1, n, a]);
    const piT = model.interpreter.run(programs, heldOut(batch.inputs), { kind: relaxationKind(model.config, "interpreter"), temperature: temperatures.decoder }, rng);
    const reconstruction = tf.div<tf.Scalar>(tf.neg(tf.mean(logLikelihood(piT, heldOut(batch.outputs)))), n);
    const uniqueTokens = expectedUniqueTokens(tf.reshape(tf.softmax(logits), [g * m * t, codebook]));
    const total = tf.add<tf.Scalar>(reconstruction, tf.mul(uniqueTokens, regularizer));
    const right = tf.equal(tf.argMax(piT, -1), tf.argMax(heldOut(batch.outputs), -1));
    const exact = tf.mean<tf.Scalar>(tf.cast(tf.all(right, -1), "float32"));
    const symbolAccuracy = tf.mean<tf.Scalar>(tf.cast(right, "float32"));
    return { reconstruction, uniqueTokens, total, exact, symbolAccuracy };
  });
}
