import { tf } from "../../engine/backend.js";
import type { Rng } from "../../engine/rng.js";
import { variableFrom } from "../../nets/init.js";
import type { Parametric } from "../../nets/net.js";
import { relax, type Relaxation } from "../../relax/index.js";
import { SKIP_TOKEN } from "../../lang/tokens/program.js";
import type { ExecutionNetwork } from "./executionNetwork.js";
import { genericNetwork } from "./genericNetwork.js";
import { structuredNetwork } from "./structuredNetwork.js";
import type { InterpreterOptions } from "./interpreterOptions.js";

/**
 * The recurrent neural interpreter p_θ of NLI (seed, Key Design 2). A program is a sequence of T
 * relaxed tokens z_t ∈ Δ^K over a learned codebook (token 0 is the dedicated skip token). On a
 * query x of N symbols over an alphabet of A:
 *   π_0 = one-hot(x),  s_0 = embed(π_0)
 *   n_t = d(s_{t−1}, E_vᵀ z_t)                                   (shared execution network d)
 *   π̃_t = Gumbel-softmax(n_t, τ_d)                                 (per position, over the alphabet)
 *   π_t = z_{t,skip} · π_{t−1} + (1 − z_{t,skip}) · π̃_t           (skip gate)
 *   s_t = embed(π_t)
 * and the output distribution is π_T, so log p_θ(y | x, z) = Σ_i log π_T[i, y_i].
 *
 *
 * The seed does not fix d's architecture; `options.kind` chooses it: "structured" (ours, the
 * default so far; structuredNetwork.ts) or "generic" (genericNetwork.ts). The state is the current
 * output distribution, s_t = embed(π_t), so a token's effect does not depend on where it stands in
 * the program.
 */

export { INTERPRETER_KINDS } from "./interpreterOptions.js";
export type { GenericOptions, InterpreterKind, InterpreterOptions, StructuredOptions } from "./interpreterOptions.js";

export interface Interpreter extends Parametric {
  readonly options: InterpreterOptions;
  /**
   * Runs programs [G, T, K] (rows on the simplex) on inputs [G, P, N, A] (P queries per program,
   * one-hot or distributions); returns π_T [G, P, N, A]. `relaxation` is the interpreter's
   * Gumbel-softmax at τ_d ("softmax" for deterministic execution); its noise comes from `rng`.
   */
  run(programs: tf.Tensor, inputs: tf.Tensor, relaxation: Relaxation, rng: Rng): tf.Tensor;
  /**
   * One step of the execution network d driven by continuous latents [G, tokenDim] in place of a
   * token's embedding E_vᵀ z_t: the decoder of the LPN baseline (a single continuous latent
   * program; Macfarlane & Bonnet 2025), sharing NLI's execution network so that the two differ
   * only in the latent. inputs [G, P, N, A] → [G, P, N, A].
   */
  runLatent(latents: tf.Tensor, inputs: tf.Tensor, relaxation: Relaxation, rng: Rng): tf.Tensor;
}

export function interpreter(rng: Rng, options: InterpreterOptions): Interpreter {
  const { length: n, alphabet: a, codebook: k, tokenDim } = options;
  // Token embeddings E_v [K, D_e], N(0, 1) like a standard embedding table.
  const embeddings = variableFrom(Float32Array.from({ length: k * tokenDim }, () => rng.normal()), [k, tokenDim]);
  const network: ExecutionNetwork = options.kind === "generic" ? genericNetwork(rng, options) : structuredNetwork(rng, options);

  return {
    options,
    params: () => [embeddings, ...network.params()],
    runLatent: (latents, inputs, relaxation, noise) => tf.tidy(() => relax(network.latentStep(inputs, latents as tf.Tensor2D), relaxation, noise)),
    run: (programs, inputs, relaxation, noise) =>
      tf.tidy(() => {
        const [g, steps, kk] = programs.shape as [number, number, number];
        if (kk !== k) throw new RangeError(`interpreter: programs have ${kk} token columns, codebook has ${k}`);
        const [gi, , ni, ai] = inputs.shape as [number, number, number, number];
        if (inputs.rank !== 4 || gi !== g || ni !== n || ai !== a) {
          throw new RangeError(`interpreter: inputs [${inputs.shape.join(", ")}] do not match [${g}, P, ${n}, ${a}]`);
        }
        // Slices, not tf.unstack: tfjs 4.22's Unpack gradient fails on an axis of size 1 (T = 1).
        const token = (t: number): tf.Tensor2D => tf.reshape(tf.slice(programs, [0, t, 0], [g, 1, k]), [g, k]);
        const step = network.stepper(embeddings);
        let pi = inputs;
        for (let t = 0; t < steps; t++) {
          const z = token(t);
          const e: tf.Tensor2D = tf.matMul(z, embeddings);
          const candidate = relax(step(pi, z, e), relaxation, noise);
          if (options.skipGate === false) {
            pi = candidate;
            continue;
          }
          const skip = tf.reshape(tf.slice(z, [0, SKIP_TOKEN], [g, 1]), [g, 1, 1, 1]);
          // Skip gate (seed, Key Design 2): π_t = z_skip · π_{t−1} + (1 − z_skip) · π̃_t.
          pi = tf.add(tf.mul(skip, pi), tf.mul(tf.sub(1, skip), candidate));
        }
        return pi;
      }),
  };
}

/** log p_θ(y | x, z) per query: Σ_i log π_T[i, y_i] for outputs [G, P, N, A] one-hot → [G, P]. */
export function logLikelihood(piT: tf.Tensor, outputs: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sum(tf.log(tf.add(tf.sum(tf.mul(piT, outputs), -1), LOG_FLOOR)), -1));
}

/** Added inside the log so that a zero probability costs log(1e-9) instead of −∞. */
export const LOG_FLOOR = 1e-9;
