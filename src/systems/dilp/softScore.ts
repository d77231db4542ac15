import { tf } from "../../engine/backend.js";
import { testWorld, type IlpTask } from "../../lang/datalog/task.js";
import { taskLanguage } from "../../lang/datalog/space/language.js";
import { inference, initialValuation } from "../../lang/datalog/relaxed/infer.js";
import { programSpace } from "../../lang/datalog/space/programSpace.js";
import { softValuation, type SoftExample } from "./softExamples.js";

/**
 * The paper's test metric (Evans & Grefenstette 2018, §5: "mean squared test error"): the learned
 * weights are run through T steps of differentiable forward chaining on the test world, and the
 * valuations of the held-out test atoms are compared with their labels, mean (a_T[γ] − λ)². Unlike
 * the exact score of the extracted program, this is the network's own (soft) prediction.
 *
 * The clauses generated for a template depend on the predicates only, not on the constants, so
 * the weight vector learned over the training language indexes the same clause pairs over the
 * test world's constants. Undefined when the task has no test examples. Needs `initEngine()` first.
 */
export function softTestError(task: IlpTask, logits: Float32Array): number | undefined {
  const examples = [...task.test.positive, ...task.test.negative];
  if (examples.length === 0) return undefined;
  const language = taskLanguage(task, { constants: task.test.constants });
  const space = programSpace(task, language);
  if (space.weightCount !== logits.length) throw new RangeError(`test-world clause space has ${space.weightCount} weights, the learned one ${logits.length}`);
  const aT = tf.tidy(() => inference(space).run(tf.tensor1d(initialValuation(language, testWorld(task))), tf.tensor1d(logits), task.steps).dataSync().slice());
  let total = 0;
  examples.forEach((g, i) => {
    const k = language.indexOf(g);
    if (k === undefined) throw new RangeError(`test example ${g.predicate}(${g.args.join(", ")}) is outside the test world's language`);
    const label = i < task.test.positive.length ? 1 : 0;
    total += ((aT[k] as number) - label) ** 2;
  });
  return total / examples.length;
}

/**
 * The network's own prediction for soft examples (softExamples.ts, §5.5): a_T at each example's
 * atom, from the learned weights run for T steps on the example's world (the task's background
 * merged with its sub-valuation). Needs `initEngine()` first.
 */
export function predictSoftExamples(task: IlpTask, logits: Float32Array, examples: readonly SoftExample[]): Float32Array {
  const space = programSpace(task);
  if (space.weightCount !== logits.length) throw new RangeError(`the task's clause space has ${space.weightCount} weights, the learned one ${logits.length}`);
  const language = space.language;
  const infer = inference(space);
  const background = initialValuation(language, task.background);
  const w = tf.tidy(() => infer.weights(tf.tensor1d(logits)));
  const out = Float32Array.from(examples, (e) => {
    const k = language.indexOf(e.atom);
    if (k === undefined) throw new RangeError(`example ${e.atom.predicate}(${e.atom.args.join(", ")}) is outside the language`);
    return tf.tidy(() => infer.chain(tf.tensor1d(softValuation(language, background, e.facts)), w, task.steps).dataSync()[k] as number);
  });
  w.dispose();
  return out;
}
