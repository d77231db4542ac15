import type { tf } from "../../engine/backend.js";
import type { Parametric } from "../../nets/net.js";

/**
 * The execution network d of NLI's interpreter (seed 001, Key Design 2): n_t = d(s_{t−1}, E_vᵀ z_t),
 * one step of a program on a batch of states. interpreter.ts runs it over the T tokens, with the
 * relaxation and the skip gate; structuredNetwork.ts and genericNetwork.ts are the two choices of d.
 */
export interface ExecutionNetwork extends Parametric {
  /**
   * The step for one run of programs, given the codebook's embeddings E_v [K, D_e]: a network may
   * precompute what depends on the codebook alone once per run.
   * step(π_{t−1} [G, P, N, A], z_t [G, K], e_t = E_vᵀ z_t [G, D_e]) → n_t [G, P, N, A].
   */
  stepper(embeddings: tf.Tensor): (pi: tf.Tensor, z: tf.Tensor2D, e: tf.Tensor2D) => tf.Tensor;
  /** One step driven by continuous latents [G, D_e] in place of a token (LPN's decoder): π [G, P, N, A] → n [G, P, N, A]. */
  latentStep(pi: tf.Tensor, latents: tf.Tensor2D): tf.Tensor;
}
