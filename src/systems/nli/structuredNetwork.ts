import { tf } from "../../engine/backend.js";
import type { Rng } from "../../engine/rng.js";
import { dense } from "../../nets/dense.js";
import { layerNorm } from "../../nets/layerNorm.js";
import { mlp } from "../../nets/mlp.js";
import type { ExecutionNetwork } from "./executionNetwork.js";
import type { StructuredOptions } from "./interpreterOptions.js";

/**
 * The structured execution network d (ours, `kind: "structured"`; sized for a CPU, see
 * docs/nli.md), built for the task suite's primitives. d has two parts:
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

export function structuredNetwork(rng: Rng, options: StructuredOptions): ExecutionNetwork {
  const { length: n, alphabet: a, codebook: k, tokenDim, routingHidden, valueHidden } = options;
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
    params: () => nets.flatMap((net) => net.params()),
    latentStep: (pi, latents) => {
      const alpha = route(routing.apply(latents)) as tf.Tensor3D;
      const sigma = relabelling === undefined ? undefined : (relabel(relabelling.apply(latents)) as tf.Tensor3D);
      return step(pi, latents, alpha, sigma);
    },
    stepper: (embeddings) => {
      // α_k of every codebook token, flattened: [K, N·N].
      const table = tf.reshape(route(routing.apply(embeddings)), [k, n * n]);
      // σ_k of every codebook token, flattened: [K, A·A].
      const relabels = relabelling === undefined ? undefined : tf.reshape(relabel(relabelling.apply(embeddings)), [k, a * a]);
      return (pi, z, e) => {
        const g = z.shape[0];
        const alpha = tf.reshape<tf.Rank.R3>(tf.matMul(z, table), [g, n, n]);
        const sigma = relabels === undefined ? undefined : tf.reshape<tf.Rank.R3>(tf.matMul(z, relabels), [g, a, a]);
        return step(pi, e, alpha, sigma);
      };
    },
  };
}
