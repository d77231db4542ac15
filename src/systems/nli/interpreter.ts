import { tf } from "../../engine/backend.js";
import type { Rng } from "../../engine/rng.js";
import { dense } from "../../nets/dense.js";
import { variableFrom } from "../../nets/init.js";
import { layerNorm } from "../../nets/layerNorm.js";
import { mlp } from "../../nets/mlp.js";
import type { Parametric } from "../../nets/net.js";
import { relax, type Relaxation } from "../../relax/index.js";
import { SKIP_TOKEN } from "../../lang/tokens/program.js";

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
 * gradsynth's d (the seed does not fix its architecture; sized for a CPU, see docs/nli.md): the
 * state is the current output distribution, s_t = embed(π_t), so a token's effect does not depend
 * on where it stands in the program. d has two parts:
 *  - a routing: token k moves symbols with α_k = softmax_j(R(E_k)[i, j] + ROUTING_STAY·[i = j]),
 *    the distribution over the source position j of each output position i (R an MLP onto N × N
 *    logits), and a relaxed token routes by the mixture α_t = Σ_k z_tk α_k — the relaxed meaning
 *    of a token is the expectation of the meanings of the codebook's tokens, and R runs once per
 *    call on the K embeddings instead of once per program and step;
 *  - a relabelling (options.relabelHidden > 0): token k maps symbol v to w with
 *    σ_k = softmax_w(S(E_k)[v, w] + ROUTING_STAY·[v = w]) (S an MLP onto A × A logits), the
 *    routing's construction over the alphabet, and a relaxed token by σ_t = Σ_k z_tk σ_k;
 *    without it σ_t = I;
 *  - values: u_j = W_o ReLU(LN(W_s π_{t−1}[j] + W_e e_t)) with e_t = E_vᵀ z_t, W_s being the
 *    state embedding,
 * and n_t[i] = Σ_j α_t,ij (β (π_{t−1} σ_t)[j] + u_j). In this residual form every token starts out
 * close to the identity (the diagonal biases ROUTING_STAY, and β = RESIDUAL_SCALE keeping the
 * current symbol's logit high), so gradients reach through all T steps from the first training
 * step; β π is sharp enough to survive the interpreter's Gumbel noise at τ_d = 2. The margin β
 * also holds every symbol against u: a value network alone learned `add k` only after hundreds of
 * steps, which σ does within 100 (docs/nli.md, "Why add k was not learned").
 */
export const ROUTING_STAY = 4;
export const RESIDUAL_SCALE = 10;

export interface InterpreterOptions {
  /** N, symbols per sequence. */
  readonly length: number;
  /** A, alphabet size. */
  readonly alphabet: number;
  /** K, codebook size including the skip token. */
  readonly codebook: number;
  /** Width of the token embeddings E_v. */
  readonly tokenDim: number;
  /** Hidden width of the routing MLP R. */
  readonly routingHidden: number;
  /** Hidden width of the value network. */
  readonly valueHidden: number;
  /** The skip gate of token 0 (default true); false: token 0 is an ordinary token (the seed's "no skip token" ablation). */
  readonly skipGate?: boolean;
  /**
   * Hidden width of the relabelling MLP S (absent or 0: no relabelling, the residual carries the
   * symbol unchanged — checkpoints written before it existed).
   */
  readonly relabelHidden?: number;
}

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
   * token's embedding E_vᵀ z_t, routing by α = softmax(R(latent) + ROUTING_STAY·I) and relabelling
   * (when the options have it) by σ = softmax(S(latent) + ROUTING_STAY·I): the decoder
   * of the LPN baseline (a single continuous latent program; Macfarlane & Bonnet 2025), sharing
   * NLI's execution network so that the two differ only in the latent. inputs [G, P, N, A] → [G, P, N, A].
   */
  runLatent(latents: tf.Tensor, inputs: tf.Tensor, relaxation: Relaxation, rng: Rng): tf.Tensor;
}

export function interpreter(rng: Rng, options: InterpreterOptions): Interpreter {
  const { length: n, alphabet: a, codebook: k, tokenDim, routingHidden, valueHidden } = options;
  // Token embeddings E_v [K, D_e], N(0, 1) like a standard embedding table.
  const embeddings = variableFrom(Float32Array.from({ length: k * tokenDim }, () => rng.normal()), [k, tokenDim]);
  const routing = mlp(rng, { inputs: tokenDim, outputs: n * n, hidden: [routingHidden] });
  const stateIn = dense(rng, a, valueHidden, "he");
  const tokenIn = dense(rng, tokenDim, valueHidden, "he");
  const valueNorm = layerNorm(valueHidden);
  const valueOut = dense(rng, valueHidden, a, "glorot");
  const relabelHidden = options.relabelHidden ?? 0;
  const relabelling = relabelHidden > 0 ? mlp(rng, { inputs: tokenDim, outputs: a * a, hidden: [relabelHidden] }) : undefined;
  const nets = [routing, stateIn, tokenIn, valueNorm, valueOut, ...(relabelling === undefined ? [] : [relabelling])];

  /**
   * One execution step d: π_{t−1} [G, P, N, A], e_t [G, D_e], α_t [G, N, N], σ_t [G, A, A] or
   * undefined (no relabelling) → n_t [G, P, N, A].
   */
  const step = (pi: tf.Tensor, e: tf.Tensor2D, alpha: tf.Tensor3D, sigma: tf.Tensor3D | undefined): tf.Tensor => {
    const [g, p] = pi.shape as [number, number, number, number];
    const rows = tf.reshape(pi, [g * p * n, a]);
    const hidden = tf.add(tf.reshape(stateIn.apply(rows), [g, p * n, valueHidden]), tf.expandDims(tokenIn.apply(e), 1));
    const update = valueOut.apply(tf.reshape(tf.relu(valueNorm.apply(hidden)), [g * p * n, valueHidden]));
    const carried = sigma === undefined ? rows : tf.reshape(tf.matMul(tf.reshape<tf.Rank.R3>(pi, [g, p * n, a]), sigma), [g * p * n, a]);
    const values = tf.add(tf.mul(carried, RESIDUAL_SCALE), update);
    // [G, P, N, A] → [G, N, P·A] so that one batched matmul routes every query of a program.
    const bySource = tf.reshape(tf.transpose(tf.reshape(values, [g, p, n, a]), [0, 2, 1, 3]), [g, n, p * a]);
    const routed = tf.matMul(alpha, bySource);
    return tf.transpose(tf.reshape(routed, [g, n, p, a]), [0, 2, 1, 3]);
  };

  /** Row-stochastic maps near the identity: logits [G, S·S] → softmax over each row of (logits + ROUTING_STAY·I), [G, S, S]. */
  const nearIdentity = (logits: tf.Tensor, size: number): tf.Tensor => tf.softmax(tf.add(tf.reshape(logits, [-1, size, size]), tf.mul(tf.eye(size), ROUTING_STAY)));
  /** α of routing logits [G, N·N]: softmax_j(logits[i, j] + ROUTING_STAY·[i = j]) → [G, N, N]. */
  const route = (logits: tf.Tensor): tf.Tensor => nearIdentity(logits, n);
  /** σ of relabelling logits [G, A·A]: softmax_w(logits[v, w] + ROUTING_STAY·[v = w]) → [G, A, A]. */
  const relabel = (logits: tf.Tensor): tf.Tensor => nearIdentity(logits, a);

  return {
    options,
    params: () => [embeddings, ...nets.flatMap((net) => net.params())],
    runLatent: (latents, inputs, relaxation, noise) =>
      tf.tidy(() => {
        const alpha = route(routing.apply(latents)) as tf.Tensor3D;
        const sigma = relabelling === undefined ? undefined : (relabel(relabelling.apply(latents)) as tf.Tensor3D);
        return relax(step(inputs, latents as tf.Tensor2D, alpha, sigma), relaxation, noise);
      }),
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
        // α_k of every codebook token, flattened: [K, N·N].
        const table = tf.reshape(route(routing.apply(embeddings)), [k, n * n]);
        // σ_k of every codebook token, flattened: [K, A·A].
        const relabels = relabelling === undefined ? undefined : tf.reshape(relabel(relabelling.apply(embeddings)), [k, a * a]);
        let pi = inputs;
        for (let t = 0; t < steps; t++) {
          const z = token(t);
          const e: tf.Tensor2D = tf.matMul(z, embeddings);
          const alpha = tf.reshape<tf.Rank.R3>(tf.matMul(z, table), [g, n, n]);
          const sigma = relabels === undefined ? undefined : (tf.reshape<tf.Rank.R3>(tf.matMul(z, relabels), [g, a, a]));
          const candidate = relax(step(pi, e, alpha, sigma), relaxation, noise);
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
