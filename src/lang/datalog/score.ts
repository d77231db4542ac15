import { seminaiveEvaluate } from "./seminaive.js";
import type { DatalogProgram, GroundAtom } from "./syntax.js";
import { testWorld, type IlpTask } from "./task.js";

/**
 * Exact scoring of a Datalog program on an ILP task: the program is evaluated bottom-up to its
 * least fixpoint (semi-naive evaluation) over the background, and over the test world for the
 * held-out examples; a positive example is classified correctly when it is derived, a negative
 * one when it is not. Used to check the programs ∂ILP extracts and the ones the SAT baseline finds.
 */
export interface ExampleScore {
  readonly correct: number;
  readonly total: number;
}

export interface ProgramScore {
  readonly train: ExampleScore;
  /** Held-out examples in the test world (total 0 when the task has none). */
  readonly test: ExampleScore;
}

/** Fraction correct; 1 for an empty set of examples. */
export function accuracy(score: ExampleScore): number {
  return score.total === 0 ? 1 : score.correct / score.total;
}

/** Whether every example is classified correctly. */
export const isPerfect = (score: ExampleScore): boolean => score.correct === score.total;

export function scoreProgram(task: IlpTask, program: DatalogProgram): ProgramScore {
  return {
    train: scoreExamples(program, task.background, task.positive, task.negative),
    test: scoreExamples(program, testWorld(task), task.test.positive, task.test.negative),
  };
}

/** Scores labelled atoms against the least model of `program` over `facts`. */
export function scoreExamples(
  program: DatalogProgram,
  facts: readonly GroundAtom[],
  positive: readonly GroundAtom[],
  negative: readonly GroundAtom[],
): ExampleScore {
  const total = positive.length + negative.length;
  if (total === 0) return { correct: 0, total: 0 };
  const model = seminaiveEvaluate(program, facts).facts;
  const correct = positive.filter((g) => model.has(g)).length + negative.filter((g) => !model.has(g)).length;
  return { correct, total };
}
