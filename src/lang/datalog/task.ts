import type { GroundAtom, Predicate } from "./syntax.js";

/**
 * An ILP task in the sense of ∂ILP (Evans & Grefenstette 2018, §3): background facts B, positive
 * and negative examples P and N of a target predicate, and a program template — auxiliary
 * (invented) predicates, one or two rule templates per intensional predicate, and the number T of
 * forward-chaining steps. Read from the text format of taskFile.ts (docs/formats.md, "ILP task
 * files").
 */

/**
 * A rule template (v, int) of ∂ILP §4.2: a clause generated from it may use up to `existential`
 * variables that do not occur in its head, and may use intensional predicates (the target and
 * the auxiliary predicates) in its body only if `intensional` is true.
 */
export interface RuleTemplate {
  readonly existential: number;
  readonly intensional: boolean;
}

/** The rule templates of one intensional predicate: one or two, one per clause it may have. */
export interface PredicateTemplate {
  readonly predicate: Predicate;
  readonly rules: readonly RuleTemplate[];
}

/**
 * Held-out test data: a test world made of the background plus `background` (extra facts, often
 * over new constants), and labelled atoms of the target predicate that are not training examples.
 */
export interface IlpTestSet {
  readonly background: readonly GroundAtom[];
  readonly positive: readonly GroundAtom[];
  readonly negative: readonly GroundAtom[];
  /** Constants of the test world: the training constants, then new ones in order of appearance. */
  readonly constants: readonly string[];
}

export interface IlpTask {
  readonly name: string;
  readonly target: Predicate;
  /** Auxiliary predicates the learned program may define (∂ILP's P_a), in declaration order. */
  readonly aux: readonly Predicate[];
  /** Templates of the target first, then of each auxiliary predicate in declaration order. */
  readonly templates: readonly PredicateTemplate[];
  /** Forward-chaining steps T (∂ILP §4.4). */
  readonly steps: number;
  /** Predicates of the background facts (∂ILP's P_e), in order of first appearance. */
  readonly extensional: readonly Predicate[];
  readonly background: readonly GroundAtom[];
  readonly positive: readonly GroundAtom[];
  readonly negative: readonly GroundAtom[];
  /** Constants of the training world (background and examples), in order of first appearance. */
  readonly constants: readonly string[];
  readonly test: IlpTestSet;
}

/** The intensional predicates: the target, then the auxiliary predicates. */
export function intensionalPredicates(task: IlpTask): Predicate[] {
  return [task.target, ...task.aux];
}

/** The facts of the test world: the training background followed by the test-only facts. */
export function testWorld(task: IlpTask): GroundAtom[] {
  return [...task.background, ...task.test.background];
}
