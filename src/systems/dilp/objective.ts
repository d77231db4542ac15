import { tf } from "../../engine/backend.js";
import type { IlpTask } from "../../lang/datalog/task.js";
import { inference, initialValuation } from "../../lang/datalog/relaxed/infer.js";
import type { ProgramSpace } from "../../lang/datalog/space/programSpace.js";
import { softValuation, type SoftExample } from "./softExamples.js";

/**
 * ∂ILP's training objective (Evans & Grefenstette 2018, §4.5): the cross-entropy between a_T at
 * the training examples and their labels,
 *   loss = −mean_{(γ, λ) ∈ Λ} [λ·log a_T[γ] + (1 − λ)·log(1 − a_T[γ])],
 * as a function of the raw clause-pair weights, with its gradient; optionally over a mini-batch
 * of the examples only (the mean over the examples a 0/1 mask selects; minibatch.ts). One evaluation is one
 * training step's forward and backward pass through T forward-chaining steps (train.ts; timed by
 * bench/dilpStep.ts).
 *
 * The examples live in worlds, each with its own initial valuation a_0: the task's examples share
 * the world of its background facts; each soft example (softExamples.ts, §5.5) is a world of its
 * own, the background merged with its sub-valuation. Only the worlds holding a selected example are
 * run.
 */
/** Offset added to probabilities inside the logarithms of the loss, so that log 0 stays finite. */
const LOG_EPSILON = 1e-7;

export interface DilpObjective {
  /** Number of training examples (the task's positives, its negatives, then the soft examples): the length of a batch mask. */
  readonly examples: number;
  /** Loss and ∂loss/∂logits at `logits` (raw weights, [space.weightCount]), over the examples `batch` marks with 1 (default: all). */
  evaluate(logits: Float32Array, batch?: Float32Array): { readonly loss: number; readonly gradient: Float32Array };
  /** W* = the per-predicate softmax of `logits`. */
  weights(logits: Float32Array): Float32Array;
  /** Frees the tensors the objective holds. */
  dispose(): void;
}

/** One initial valuation and the examples read off its a_T. */
interface World {
  readonly a0: tf.Tensor1D;
  /** Positions of the world's examples in the objective's example order. */
  readonly examples: readonly number[];
  /** Their atoms' indices in G. */
  readonly index: tf.Tensor1D;
}

/** The objective on `task`'s training examples (as labelled) and on `soft` examples. Needs `initEngine()` first. */
export function dilpObjective(task: IlpTask, space: ProgramSpace, soft: readonly SoftExample[] = []): DilpObjective {
  const infer = inference(space);
  const language = space.language;
  const indexOf = (g: IlpTask["positive"][number]): number => {
    const k = language.indexOf(g);
    if (k === undefined) throw new RangeError(`example ${g.predicate}(${g.args.join(", ")}) is outside the language`);
    return k;
  };
  const background = initialValuation(language, task.background);
  const crisp = [...task.positive, ...task.negative];
  const labels = Float32Array.from([...crisp.map((_, i) => (i < task.positive.length ? 1 : 0)), ...soft.map((e) => (e.label ? 1 : 0))]);
  const world = (a0: Float32Array, atoms: readonly number[], first: number): World => ({
    a0: tf.keep(tf.tensor1d(a0)),
    examples: atoms.map((_, i) => first + i),
    index: tf.keep(tf.tensor1d(Int32Array.from(atoms), "int32")),
  });
  const worlds: World[] = [
    ...(crisp.length > 0 ? [world(background, crisp.map(indexOf), 0)] : []),
    ...soft.map((e, i) => world(softValuation(language, background, e.facts), [indexOf(e.atom)], crisp.length + i)),
  ];
  const all = new Float32Array(labels.length).fill(1);

  // Mean cross-entropy over the examples `mask` selects: Σ mask·ℓ / Σ mask (all ones: the plain mean).
  const lossOf = (logits: tf.Tensor, mask: Float32Array): tf.Scalar => {
    const chosen = worlds.filter((w) => w.examples.some((e) => mask[e] === 1));
    const order = chosen.flatMap((w) => w.examples);
    const weights = infer.weights(logits);
    const p = tf.concat(chosen.map((w) => tf.gather(infer.chain(w.a0, weights, task.steps), w.index)));
    const y = tf.tensor1d(order.map((e) => labels[e] as number));
    const m = tf.tensor1d(order.map((e) => mask[e] as number));
    const positive = tf.mul(y, tf.log(tf.add(p, LOG_EPSILON)));
    const negative = tf.mul(tf.sub(1, y), tf.log(tf.add(tf.sub(1, p), LOG_EPSILON)));
    return tf.div<tf.Scalar>(tf.neg(tf.sum(tf.mul(m, tf.add(positive, negative)))), tf.sum(m));
  };
  return {
    examples: labels.length,
    evaluate: (logits, batch) =>
      tf.tidy(() => {
        const r = tf.valueAndGrad((w: tf.Tensor) => lossOf(w, batch ?? all))(tf.tensor1d(logits));
        return { loss: r.value.dataSync()[0] as number, gradient: r.grad.dataSync().slice() as Float32Array };
      }),
    weights: (logits) => tf.tidy(() => infer.weights(tf.tensor1d(logits)).dataSync().slice() as Float32Array),
    dispose: () => tf.dispose(worlds.flatMap((w) => [w.a0, w.index])),
  };
}
