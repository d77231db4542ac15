import { Rng } from "../../engine/rng.js";
import { generalizes } from "../../lang/deepcoder/inputs.js";
import { typeOf } from "../../lang/deepcoder/ops.js";
import { printProgram } from "../../lang/deepcoder/print.js";
import type { Program } from "../../lang/deepcoder/syntax.js";
import type { DeepCoderProblem } from "../../lang/deepcoder/taskFile.js";
import { DEFAULT_ENUMERATE_TIMEOUT, enumerateDeepCoder } from "../../search/deepcoderEnumerate.js";

/**
 * DeepCoder problem solving (issue 20): each problem searched for a program consistent with its
 * examples, and, when asked, the found program compared with the gold one on fresh inputs drawn as
 * ExeDec draws them (`generalizes`). The one solving loop of `gradsynth deepcoder solve` and of
 * the `deepcoder-splits` experiment.
 */

export const DEEPCODER_METHODS = ["enumerate"] as const;
export type DeepCoderMethod = (typeof DEEPCODER_METHODS)[number];

export interface SolveOptions {
  readonly method?: DeepCoderMethod;
  /** Seconds of search per problem (default DEFAULT_ENUMERATE_TIMEOUT). */
  readonly timeout?: number;
  /** Largest program, in statements. */
  readonly maxSize?: number;
  /** Fresh inputs on which a found program is compared with the gold one (undefined: not compared). */
  readonly generalization?: number;
  /** Seed of the fresh inputs (default 1). */
  readonly seed?: number;
}

export interface ProblemResult {
  readonly index: number;
  /** The program found, in ExeDec's text form, or null. */
  readonly program: string | null;
  readonly solved: boolean;
  readonly seconds: number;
  /** With `generalization`: whether the found program equals the gold one on the fresh inputs (null: no gold program, or it kept failing). */
  readonly generalizes?: boolean | null;
}

export interface SolveSummary {
  readonly problems: readonly ProblemResult[];
  readonly solved: number;
  readonly total: number;
  /** With `generalization`: the problems whose found program generalizes. */
  readonly generalizing?: number;
}

/** Solves `problems` in order; `onProblem` hears after each one (e.g. a progress bar), and may yield to the event loop. */
export async function solveProblems(problems: readonly DeepCoderProblem[], options: SolveOptions = {}, onProblem?: (done: number, total: number, solved: number) => Promise<void> | void): Promise<SolveSummary> {
  const rng = new Rng(options.seed ?? 1);
  const results: ProblemResult[] = [];
  let solved = 0;
  for (const problem of problems) {
    const found = enumerateDeepCoder(problem, { timeout: options.timeout ?? DEFAULT_ENUMERATE_TIMEOUT, ...(options.maxSize === undefined ? {} : { maxSize: options.maxSize }) });
    if (found.program !== null) solved += 1;
    results.push({
      index: problem.index,
      program: found.program === null ? null : printProgram(found.program),
      solved: found.program !== null,
      seconds: Math.round(found.seconds * 1000) / 1000,
      ...(options.generalization === undefined ? {} : { generalizes: generalizationOf(found.program, problem, options.generalization, rng) }),
    });
    await onProblem?.(results.length, problems.length, solved);
  }
  const generalizing = options.generalization === undefined ? undefined : results.filter((r) => r.generalizes === true).length;
  return { problems: results, solved, total: results.length, ...(generalizing === undefined ? {} : { generalizing }) };
}

/** Whether the found program equals the gold one on `trials` fresh inputs; false when none was found, null without a gold program. */
function generalizationOf(found: Program | null, problem: DeepCoderProblem, trials: number, rng: Rng): boolean | null {
  if (found === null) return false;
  if (problem.program === null) return null;
  return generalizes(found, problem.program, (problem.examples[0]?.inputs ?? []).map(typeOf), trials, rng);
}
