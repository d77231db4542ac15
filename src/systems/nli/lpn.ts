import { tf } from "../../engine/backend.js";
import { Rng } from "../../engine/rng.js";
import { interpreter, logLikelihood, type Interpreter } from "./interpreter.js";
import type { Parametric } from "../../nets/net.js";
import type { Relaxation } from "../../relax/index.js";
import type { NliConfig } from "./config.js";
import { argmaxSymbols, encodeTasks } from "./encode.js";
import { inductor, leaveOneOutPool, meanPool, type Inductor } from "./inductor.js";
import type { SpecBatch } from "./loss.js";
import type { ChunkSolver } from "./evaluate.js";
import { clippedStep } from "./optimize.js";
import { trainOnSpecifications } from "./trainBaseline.js";

/**
 * The LPN baseline of the NLI seed's main table (Latent Program Network, Macfarlane & Bonnet 2025,
 * "Searching Latent Program Spaces"): the whole program is one continuous latent vector. Built
 * from NLI's own parts so that the comparison isolates the latent: the encoder is NLI's inductor
 * with one slot whose head outputs a latent of the token-embedding width, and the decoder is one
 * step of NLI's execution network driven by that latent (Interpreter.runLatent), deterministic
 * (softmax at τ = 1, no Gumbel noise: the latent is not discrete). Trained on the same
 * leave-one-out reconstruction loss, without the variational noise and KL term of LPN's encoder
 * (gradsynth's simplification, docs/nli.md). "LPN Gradient Search" refines the latent at test time
 * by gradient ascent on the specification likelihood (LPN §3.2), from Gaussian starts around the
 * encoder's mean, the best start kept.
 */
export interface LpnModel extends Parametric {
  readonly config: NliConfig;
  readonly encoder: Inductor;
  readonly decoder: Interpreter;
}

const DECODE: Relaxation = { kind: "softmax", temperature: 1 };

export function lpnModel(config: NliConfig): LpnModel {
  const rng = new Rng(config.seed);
  const encoder = inductor(rng.fork(), { ...config, programLength: 1 }, config.interpreter.tokenDim);
  const decoder = interpreter(rng.fork(), config.interpreter);
  return { config, encoder, decoder, params: () => [...encoder.params(), ...decoder.params()] };
}

/** Latents [G, D] from pooled encoder outputs [G, 1, D]. */
const latentsOf = (model: LpnModel, pooled: tf.Tensor): tf.Tensor2D => {
  const g = pooled.shape[0];
  return tf.reshape(model.encoder.logits(pooled), [g, model.config.interpreter.tokenDim]);
};

/** log p(y | x, latent) per symbol, mean over each task's pairs: latents [G, D], pairs [G, P, N, A] → [G]. */
function pairScore(model: LpnModel, latents: tf.Tensor, pairs: SpecBatch): tf.Tensor {
  const [, p, n] = pairs.inputs.shape;
  return tf.div(tf.sum(logLikelihood(model.decoder.runLatent(latents, pairs.inputs, DECODE, new Rng(0)), pairs.outputs), 1), p * n);
}

/** Trains an LPN on `config`'s split for `config.steps` steps, with NLI's batches, optimiser and clipping. */
export function trainLpn(config: NliConfig, onStep?: (step: number, loss: number) => void): LpnModel {
  const model = lpnModel(config);
  trainOnSpecifications(
    model,
    config,
    (batch) => {
      // Leave-one-out (as NLI): the latent of held-out pair j is encoded from the other m − 1.
      const [g, m, n, a] = batch.inputs.shape;
      const latents = tf.reshape(model.encoder.logits(leaveOneOutPool(model.encoder.embedPairs(batch.inputs, batch.outputs))), [g * m, config.interpreter.tokenDim]);
      const heldOut = (x: tf.Tensor) => tf.reshape<tf.Rank.R4>(x, [g * m, 1, n, a]);
      return tf.neg(tf.mean(pairScore(model, latents, { inputs: heldOut(batch.inputs), outputs: heldOut(batch.outputs) }))) as tf.Scalar;
    },
    onStep,
  );
  return model;
}

export interface LatentSearch {
  /** s, starts per task. */
  readonly starts: number;
  /** L, Adam steps (0: the encoder's latent alone). */
  readonly steps: number;
  readonly sigma: number;
  readonly learningRate: number;
}

/** The latent of each task [B, D]: the encoder's, refined by gradient ascent when `search.steps` > 0. */
export function searchLatents(model: LpnModel, spec: SpecBatch, search: LatentSearch, rng: Rng): tf.Tensor2D {
  const guess = tf.tidy(() => latentsOf(model, meanPool(model.encoder.embedPairs(spec.inputs, spec.outputs))));
  if (search.steps === 0) return guess;
  const [b, d] = guess.shape;
  const s = search.starts;
  const repeat = (x: tf.Tensor) => tf.reshape(tf.tile(tf.expandDims(x, 1), [1, s, ...x.shape.slice(1).map(() => 1)]), [b * s, ...x.shape.slice(1)]);
  const noise = Float32Array.from({ length: b * s * d }, () => search.sigma * rng.normal());
  const latents = tf.variable(tf.tidy(() => tf.add(repeat(guess), tf.tensor2d(noise, [b * s, d]))));
  const specs = tf.tidy(() => ({ inputs: repeat(spec.inputs) as tf.Tensor4D, outputs: repeat(spec.outputs) as tf.Tensor4D }));
  const optimizer = tf.train.adam(search.learningRate);
  try {
    for (let step = 0; step < search.steps; step++) {
      clippedStep([latents], optimizer, Infinity, () => ({ total: tf.neg(tf.sum(pairScore(model, latents, specs))) as tf.Scalar, report: [] }));
    }
    // The start with the best specification likelihood, per task.
    return tf.tidy(() => {
      const best = tf.argMax(tf.reshape(pairScore(model, latents, specs), [b, s]), 1);
      const rows = tf.cast(tf.add(tf.mul(tf.range(0, b, 1, "int32"), s), best), "int32");
      return tf.gather(latents, rows) as tf.Tensor2D;
    });
  } finally {
    tf.dispose([guess, latents, specs.inputs, specs.outputs]);
    optimizer.dispose();
  }
}

/** Argmax output symbols of each query: latents [B, D], queries [B, q, N, A] → [B][q][N]. */
export function predictLatent(model: LpnModel, latents: tf.Tensor, queries: tf.Tensor): number[][][] {
  return argmaxSymbols(() => model.decoder.runLatent(latents, queries, DECODE, new Rng(0)));
}

/** The LPN baseline as a solver for evaluateSolver: search each task's latent, decode its queries. */
export function lpnSolver(model: LpnModel, search: LatentSearch): ChunkSolver {
  const { length, alphabet } = model.config.interpreter;
  return (tasks, rng) => {
    const { spec, queries } = encodeTasks(tasks, length, alphabet);
    const latents = searchLatents(model, spec, search, rng);
    try {
      return { programs: tasks.map(() => `continuous latent (${latents.shape[1]} dims)`), predictions: predictLatent(model, latents, queries.inputs) };
    } finally {
      tf.dispose([latents, spec.inputs, spec.outputs, queries.inputs, queries.outputs]);
    }
  };
}
