import { tf } from "../../engine/backend.js";
import type { Rng } from "../../engine/rng.js";
import { dense } from "../../nets/dense.js";
import { variableFrom } from "../../nets/init.js";
import { mlp } from "../../nets/mlp.js";
import type { Parametric } from "../../nets/net.js";
import { transformerEncoder } from "../../nets/transformer.js";
import type { NliConfig } from "./config.js";
import { sourceOffsets } from "./sourceOffsets.js";

/**
 * The program inductor q_φ of NLI (seed, Key Design 1): a Transformer h_φ reads each pair
 * (x_i, y_i) on its own — N position tokens, token j embedding the pair of symbols (x_i[j], y_i[j])
 * and (config.inductor.sourceOffsets) where y_i[j] occurs in x_i (sourceOffsets.ts), followed by
 * T program slots — and its outputs at the T slots are the token embeddings e_t^(i).
 * Sequence positions carry fixed sinusoidal encodings (Vaswani et al. 2017, §3.5) with periods
 * dividing N, so that a cyclic offset between positions is a rotation of their encodings, which
 * one attention layer can compare; the program slots carry learned embeddings. (Pairing x[j] with y[j] in one token rather than reading
 * 2N tokens halves the sequence: attention costs ≈ 4× less on the CPU.) These are
 * mean-pooled over the pairs per position, ē_t = (1/|S|) Σ_i e_t^(i) (permutation invariant, any
 * |S|), and a shared feed-forward net f_φ maps each ē_t to codebook logits l_t.
 */
export interface Inductor extends Parametric {
  /** Pairs' inputs and outputs [G, P, N, A] → per-pair token embeddings [G, P, T, D]. */
  embedPairs(inputs: tf.Tensor, outputs: tf.Tensor): tf.Tensor;
  /** Pooled embeddings [..., T, D] → codebook logits [..., T, K]. */
  logits(pooled: tf.Tensor): tf.Tensor;
}

/** `outputs`: the width of f_φ's output (default the codebook; the LPN baseline's latent width). */
export function inductor(rng: Rng, config: NliConfig, outputs = config.interpreter.codebook): Inductor {
  const { length: n, alphabet: a } = config.interpreter;
  const { dim, headHidden } = config.inductor;
  const t = config.programLength;
  const offsets = config.inductor.sourceOffsets === true;
  const symbols = dense(rng, 2 * a + (offsets ? n : 0), dim, "glorot");
  // Learned program slots, N(0, 0.02²) as in GPT-2.
  const programSlots = variableFrom(Float32Array.from({ length: t * dim }, () => 0.02 * rng.normal()), [t, dim]);
  const encoder = transformerEncoder(rng, config.inductor);
  const head = mlp(rng, { inputs: dim, outputs, hidden: [headHidden] });
  return {
    params: () => [...symbols.params(), programSlots, ...encoder.params(), ...head.params()],
    embedPairs: (inputs, outputs) =>
      tf.tidy(() => {
        const [g, p] = inputs.shape as [number, number, number, number];
        const pairs = g * p;
        const features = [tf.reshape(inputs, [pairs * n, a]), tf.reshape(outputs, [pairs * n, a])];
        if (offsets) features.push(tf.reshape(sourceOffsets(inputs, outputs), [pairs * n, n]));
        const sequence = tf.concat(features, 1);
        const perPair = tf.add(tf.reshape(symbols.apply(sequence), [pairs, n, dim]), cyclicPositions(n, dim));
        const withSlots = tf.concat([perPair, tf.tile(tf.expandDims(programSlots, 0), [pairs, 1, 1])], 1);
        const encoded = encoder.apply(withSlots);
        return tf.reshape(tf.slice(encoded, [0, n, 0], [pairs, t, dim]), [g, p, t, dim]);
      }),
    logits: (pooled) => head.apply(pooled),
  };
}

/**
 * [N, D] sinusoidal encodings whose frequencies are whole numbers of cycles over N positions:
 * pe[j, 2i] = sin(2π f_i j / N), pe[j, 2i + 1] = cos(2π f_i j / N), f_i = 1 + (i mod ⌊N/2⌋).
 */
export function cyclicPositions(n: number, dim: number): tf.Tensor2D {
  const data = new Float32Array(n * dim);
  for (let j = 0; j < n; j++) {
    for (let c = 0; c < dim; c++) {
      const f = 1 + (Math.floor(c / 2) % Math.max(1, Math.floor(n / 2)));
      const angle = (2 * Math.PI * f * j) / n;
      data[j * dim + c] = c % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return tf.tensor2d(data, [n, dim]);
}

/** ē_t over all pairs of each task: [G, P, T, D] → [G, T, D]. */
export function meanPool(embeddings: tf.Tensor): tf.Tensor {
  return tf.mean(embeddings, 1);
}

/**
 * Leave-one-out pooling for the reconstruction loss (seed, Key Design 3: "inducing on m − 1 pairs
 * and calculating prediction error on the held-out pair"): entry j is the mean over the other
 * m − 1 pairs, (Σ_i e^(i) − e^(j)) / (m − 1). [G, m, T, D] → [G, m, T, D].
 */
export function leaveOneOutPool(embeddings: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const m = embeddings.shape[1] as number;
    if (m < 2) throw new RangeError(`leave-one-out pooling needs at least 2 pairs, got ${m}`);
    return tf.div(tf.sub(tf.sum(embeddings, 1, true), embeddings), m - 1);
  });
}
