import type { GroundAtom, Predicate } from "../../lang/datalog/syntax.js";
import type { IlpTask } from "../../lang/datalog/task.js";
import type { SoftExample } from "../../systems/dilp/softExamples.js";
import { shippedIlpTask } from "./common.js";
import { DIGIT_CLASSES } from "./digitClassifier.js";

/**
 * Less-than on pairs of images as ∂ILP learns it (Evans & Grefenstette 2018, §5.5.4): the language
 * P_e = {zero/1, succ/2, image1/1, image2/1}, P_i = {target/0, pred1/1, pred2/2}, C = {0, …, 5}.
 * Each training example is one pair of images: its world is the background (zero(0), succ(n, n+1),
 * taken from the shipped less-than task, examples/ilp/less-than.dl) merged with image1(d) ↦ the
 * probability the convnet gives the left image being d, and image2(d) likewise for the right
 * image; its label is that of target(), 1 when the left digit is less than the right one.
 *
 * Templates: pred2 — named less_than here — has the shipped less-than task's (0, false) (1, true);
 * target and pred1 have one clause each with one existential variable, (1, true), the shape of
 * every solution §5.5.4 lists ("target() ← image2(X), pred1(X); pred1(X) ← image1(Y),
 * pred2(Y, X); pred2(X, Y) ← succ(X, Y); pred2(X, Y) ← pred2(Z, Y), pred2(X, Z)"). The paper does
 * not state T; here it is (digits − 1) + 2: enough for the slowest of its solutions, a ladder that
 * adds one to the difference per step, then one step each for pred1 and target.
 */
export const TARGET: GroundAtom = { predicate: "target", args: [] };

export function mnistLessThanTask(digits: number): IlpTask {
  if (!Number.isInteger(digits) || digits < 2 || digits > DIGIT_CLASSES) throw new RangeError(`digits must be an integer in 2..${DIGIT_CLASSES}, got ${digits}`);
  const lessThan = shippedIlpTask("less-than");
  const constants = Array.from({ length: digits }, (_, d) => String(d));
  const inRange = (g: GroundAtom): boolean => g.args.every((c) => constants.includes(c));
  const lessThanTemplate = lessThan.templates.find((t) => t.predicate.name === lessThan.target.name);
  if (lessThanTemplate === undefined) throw new Error("the shipped less-than task has no template for its target");
  const target: Predicate = { name: "target", arity: 0 };
  const pred1: Predicate = { name: "pred1", arity: 1 };
  const oneClause = [{ existential: 1, intensional: true }];
  return {
    name: "mnist-less-than",
    target,
    aux: [pred1, lessThan.target],
    templates: [
      { predicate: target, rules: oneClause },
      { predicate: pred1, rules: oneClause },
      lessThanTemplate,
    ],
    steps: digits - 1 + 2,
    extensional: [...lessThan.extensional, { name: "image1", arity: 1 }, { name: "image2", arity: 1 }],
    background: lessThan.background.filter(inRange),
    positive: [],
    negative: [],
    constants,
    test: { background: [], positive: [], negative: [], constants },
  };
}

/** softmax of row `row` of `logits` ([n, classes] row-major). */
export function softmaxRow(logits: Float32Array, row: number, classes = DIGIT_CLASSES): Float64Array {
  const z = logits.subarray(row * classes, (row + 1) * classes);
  const max = z.reduce((m, v) => Math.max(m, v), -Infinity);
  const e = Float64Array.from(z, (v) => Math.exp(v - max));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

/**
 * One pair of images as a soft example: image1(d) ↦ p_left(d), image2(d) ↦ p_right(d) for the
 * digits d of the language (§5.5.1: "the logits from the convnet are transformed, via soft-max, into
 * a probability distribution over a set of atoms"; the mass on digits outside it is dropped).
 */
export function pairExample(left: Float64Array, right: Float64Array, digits: number, label: boolean): SoftExample {
  const facts = [
    ...Array.from({ length: digits }, (_, d) => ({ atom: { predicate: "image1", args: [String(d)] }, p: left[d] as number })),
    ...Array.from({ length: digits }, (_, d) => ({ atom: { predicate: "image2", args: [String(d)] }, p: right[d] as number })),
  ];
  return { facts, atom: TARGET, label };
}

/** The crisp example of a pair of digits: image1(a) and image2(b) true (for checking a program symbolically). */
export function digitPairExample(a: number, b: number, digits: number): SoftExample {
  const oneHot = (d: number): Float64Array => Float64Array.from({ length: digits }, (_, k) => (k === d ? 1 : 0));
  return pairExample(oneHot(a), oneHot(b), digits, a < b);
}
