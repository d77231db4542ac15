import { tf } from "../../../engine/backend.js";
import { fusedOp } from "../../../engine/fused.js";
import type { GroundAtom } from "../syntax.js";
import type { DilpLanguage } from "../space/language.js";
import type { ProgramSpace } from "../space/programSpace.js";
import { forwardChainingStep } from "./stepKernel.js";

/**
 * ∂ILP's differentiable inference (Evans & Grefenstette 2018, §4.4) in tfjs around the fused
 * step kernel: clause-pair weights W*_p = softmax(W_p) over each predicate's block jointly, the
 * initial valuation a_0 (1 for background facts, 0 elsewhere, ⊥ = 0), and T applications of the
 * forward-chaining step.
 */
export interface Inference {
  readonly space: ProgramSpace;
  /** W* from the raw weights: each predicate's block softmaxed jointly. */
  weights(logits: tf.Tensor): tf.Tensor;
  /** a_T from a_0 and the raw weights. */
  run(a0: tf.Tensor, logits: tf.Tensor, steps: number): tf.Tensor;
  /** a_T from a_0 and W* (the output of `weights`), for runs of several worlds under the same weights. */
  chain(a0: tf.Tensor, w: tf.Tensor, steps: number): tf.Tensor;
}

export function inference(space: ProgramSpace): Inference {
  const step = fusedOp(forwardChainingStep(space));
  const weights = (logits: tf.Tensor): tf.Tensor =>
    tf.concat(space.predicates.map((p) => tf.softmax(tf.slice(logits, [p.weightOffset], [p.weightCount]))));
  const chain = (a0: tf.Tensor, w: tf.Tensor, steps: number): tf.Tensor => {
    let a = a0;
    for (let t = 0; t < steps; t++) a = step(a, w);
    return a;
  };
  return { space, weights, chain, run: (a0, logits, steps) => chain(a0, weights(logits), steps) };
}

/** a_0: 1 for every background fact, 0 for every other atom and for ⊥ (§4.4). */
export function initialValuation(language: DilpLanguage, facts: readonly GroundAtom[]): Float32Array {
  const a = new Float32Array(language.size);
  for (const fact of facts) {
    const k = language.indexOf(fact);
    if (k === undefined) throw new RangeError(`background fact ${fact.predicate}(${fact.args.join(", ")}) is outside the language`);
    a[k] = 1;
  }
  return a;
}
