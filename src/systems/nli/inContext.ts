import { tf } from "../../engine/backend.js";
import { Rng } from "../../engine/rng.js";
import { dense } from "../../nets/dense.js";
import type { Parametric } from "../../nets/net.js";
import { transformerEncoder } from "../../nets/transformer.js";
import type { NliConfig } from "./config.js";
import { argmaxSymbols, encodeTasks } from "./encode.js";
import type { ChunkSolver } from "./evaluate.js";
import { cyclicPositions } from "./inductor.js";
import type { SpecBatch } from "./loss.js";
import { sourceOffsets } from "./sourceOffsets.js";
import { trainOnSpecifications } from "./trainBaseline.js";

/**
 * The In-Context baseline of the NLI seed's main table: one Transformer reads the specification
 * pairs and the query input as a single sequence and predicts the query output directly, with no
 * latent program. Built from the parts of NLI's inductor so that the comparison isolates the
 * latent program: spec pair i contributes N tokens, token j embedding (x_i[j], y_i[j]) and where
 * y_i[j] occurs in x_i (sourceOffsets.ts); the query contributes N tokens embedding x[j] alone and
 * a query flag; every token carries the cyclic position encoding of its position j (no pair index:
 * the reading is permutation invariant over the pairs and takes any number of them). The
 * Transformer has the inductor's sizes (config.inductor); a linear head on the query tokens'
 * outputs gives the logits of the output symbols. Trained like NLI, leave-one-out: each spec pair
 * in turn is the query, the other m − 1 the context (trainInContext).
 */
export interface InContextModel extends Parametric {
  readonly config: NliConfig;
  /** Output-symbol logits of each query: context pairs [G, P, N, A] (inputs, outputs), query inputs [G, Q, N, A] → [G, Q, N, A]. */
  logits(context: SpecBatch, queries: tf.Tensor): tf.Tensor;
}

export function inContextModel(config: NliConfig): InContextModel {
  const rng = new Rng(config.seed);
  const { length: n, alphabet: a } = config.interpreter;
  const { dim } = config.inductor;
  // Token features: x one-hot, y one-hot, source offsets, query flag.
  const symbols = dense(rng, 2 * a + n + 1, dim, "glorot");
  const encoder = transformerEncoder(rng, config.inductor);
  const head = dense(rng, dim, a, "glorot");
  const tokens = (features: tf.Tensor, rows: number, count: number): tf.Tensor =>
    tf.add(tf.reshape(symbols.apply(tf.reshape(features, [rows * count * n, 2 * a + n + 1])), [rows, count, n, dim]), cyclicPositions(n, dim));
  return {
    config,
    params: () => [...symbols.params(), ...encoder.params(), ...head.params()],
    logits: (context, queries) =>
      tf.tidy(() => {
        const [g, p] = context.inputs.shape;
        const q = queries.shape[1] as number;
        const spec = tf.concat([context.inputs, context.outputs, sourceOffsets(context.inputs, context.outputs), tf.zeros([g, p, n, 1])], -1);
        const asked = tf.concat([queries, tf.zeros([g, q, n, a + n]), tf.ones([g, q, n, 1])], -1);
        // One sequence per query: the task's P·N context tokens, then the query's N tokens.
        const contextTokens = tf.reshape(tf.tile(tf.expandDims(tf.reshape(tokens(spec, g, p), [g, p * n, dim]), 1), [1, q, 1, 1]), [g * q, p * n, dim]);
        const queryTokens = tf.reshape(tokens(asked, g, q), [g * q, n, dim]);
        const encoded = encoder.apply(tf.concat([contextTokens, queryTokens], 1));
        const read = tf.reshape(tf.slice(encoded, [0, p * n, 0], [g * q, n, dim]), [g * q * n, dim]);
        return tf.reshape(head.apply(read), [g, q, n, a]);
      }),
  };
}

/**
 * The leave-one-out loss on a batch of specifications [G, m, N, A]: for each held-out pair j, the
 * cross-entropy per symbol of y_j given x_j and the other m − 1 pairs, averaged over pairs.
 */
export function leaveOneOutLoss(model: InContextModel, batch: SpecBatch): tf.Scalar {
  return tf.tidy(() => {
    const [g, m, n, a] = batch.inputs.shape;
    if (m < 2) throw new RangeError(`leave-one-out needs at least 2 specification pairs, got ${m}`);
    // others[j]: the pair indices other than j, flattened [m · (m − 1)].
    const others = tf.tensor1d(Int32Array.from({ length: m * (m - 1) }, (_, i) => (i % (m - 1)) + (i % (m - 1) >= Math.floor(i / (m - 1)) ? 1 : 0)), "int32");
    const contextOf = (x: tf.Tensor4D) => tf.reshape<tf.Rank.R4>(tf.gather(x, others, 1), [g * m, m - 1, n, a]);
    const heldOut = (x: tf.Tensor4D) => tf.reshape(x, [g * m, 1, n, a]);
    const logits = model.logits({ inputs: contextOf(batch.inputs), outputs: contextOf(batch.outputs) }, heldOut(batch.inputs));
    return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), heldOut(batch.outputs)), -1))) as tf.Scalar;
  });
}

/** Trains an In-Context model on `config`'s split with the baselines' loop (trainBaseline.ts). */
export function trainInContext(config: NliConfig, onStep?: (step: number, loss: number) => void): InContextModel {
  const model = inContextModel(config);
  trainOnSpecifications(model, config, (batch) => leaveOneOutLoss(model, batch), onStep);
  return model;
}

/** Argmax output symbols of each query given its task's whole specification → [B][q][N]. */
export function predictInContext(model: InContextModel, spec: SpecBatch, queries: tf.Tensor): number[][][] {
  return argmaxSymbols(() => model.logits(spec, queries));
}

/** The In-Context baseline as a solver for evaluateSolver: no program, the queries' outputs read off directly. */
export function inContextSolver(model: InContextModel): ChunkSolver {
  const { length, alphabet } = model.config.interpreter;
  return (tasks) => {
    const { spec, queries } = encodeTasks(tasks, length, alphabet);
    try {
      return { programs: tasks.map(() => "none (in-context)"), predictions: predictInContext(model, spec, queries.inputs) };
    } finally {
      tf.dispose([spec.inputs, spec.outputs, queries.inputs, queries.outputs]);
    }
  };
}
