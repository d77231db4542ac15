import { tf } from "../../engine/backend.js";

/**
 * NLI's encoder regularizer L_reg (seed, Key Design 3): the differentiable expected number of
 * distinct tokens used in a batch. With q^(k,j) the probability of token k at program slot j,
 *   P(token k used at least once) ≈ 1 − Π_j (1 − q^(k,j)) = 1 − exp(Σ_j log(1 − q^(k,j)))
 * and L_reg = Σ_k of that. `probabilities` is [J, K] (slots × codebook). q is capped at 1 − 1e-6
 * so that a certain token keeps a finite logarithm.
 */
export const PROBABILITY_CAP = 1 - 1e-6;

export function expectedUniqueTokens(probabilities: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const notUsed = tf.exp(tf.sum(tf.log(tf.sub(1, tf.minimum(probabilities, PROBABILITY_CAP))), 0));
    return tf.sum(tf.sub(1, notUsed));
  });
}
