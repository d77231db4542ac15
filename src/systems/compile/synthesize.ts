import type { Rng } from "../../engine/rng.js";
import type { AncProgram } from "../../lang/asm/anc/syntax.js";
import { fastAsmRunner } from "../../lang/asm/fastRun.js";
import type { AsmProgram } from "../../lang/asm/syntax.js";
import type { MemoryExample } from "../../lang/asm/tasks.js";
import { enumerateTerms, printTerm } from "../../search/skeleton.js";
import { searchSkeletons } from "../../search/skeletonSearch.js";
import type { TuningData } from "./data.js";
import { lowerToAnc } from "./lower.js";
import { lowerSkeleton, skeletonGrammar, type Skeleton } from "./templates.js";

/**
 * Seed 002's "Synthesis" (Table 1): enumerate skeletons of the template language (templates.ts) by
 * size, lower each to the seed's assembly and run it with the exact interpreter on a task's
 * examples. The first skeleton that solves the search examples, and then the held-out validation
 * examples the tuner judges recovery on (seed §3: observational equivalence over sampled
 * outputs), is the solution. The best failing skeletons that compile into the machine (lowerToAnc:
 * no `mod`, at most b − 1 lines) are the near misses that "Both" tunes (both.ts); their score is
 * the fraction of checked cells they get right — gradsynth's choice, the seed does not say which
 * skeletons it tunes.
 */

export const DEFAULT_MAX_SKELETON_SIZE = 8;
export const DEFAULT_SEARCH_EXAMPLES = 20;
export const DEFAULT_NEAR_MISSES = 4;

export interface SynthesisOptions {
  /** Largest skeleton (nodes) to enumerate (default 8). */
  readonly maxSize?: number;
  /** Most no-ops in a pad (templates.ts, default 2). */
  readonly maxPad?: number;
  /** Examples every candidate is checked on (default 20; for a user's examples, all of them). */
  readonly searchExamples?: number;
  /** Near misses to keep for tuning (default 4). */
  readonly nearMisses?: number;
}

export interface SkeletonCandidate {
  /** The skeleton as text, e.g. `map(inc(x), 0)`. */
  readonly skeleton: string;
  readonly program: AsmProgram;
  /** The ANC program it compiles from, or null when it cannot be compiled into a base-b machine. */
  readonly lowered: AncProgram | null;
  /** Fraction of the search examples' checked cells it gets right. */
  readonly score: number;
}

export interface SynthesisResult {
  readonly solution: SkeletonCandidate | null;
  readonly nearMisses: readonly SkeletonCandidate[];
  /** Skeletons enumerated and checked. */
  readonly tried: number;
  readonly milliseconds: number;
}

/** Examples drawn batch by batch until `count` distinct ones (a user's fixed examples repeat: taken once). */
function searchExamples(data: TuningData, rng: Rng, count: number): MemoryExample[] {
  const examples = new Set<MemoryExample>();
  while (examples.size < count) {
    const before = examples.size;
    for (const example of data.batch(rng)) examples.add(example);
    if (examples.size === before) break;
  }
  return [...examples];
}

/**
 * The fraction of checked cells right, run exactly from each example's tape (registers at 0), and
 * the checked cells' final values as the program's behaviour. With `stopAtMiss` the run stops at
 * the first wrong cell (score 0, no behaviour): enough to reject a candidate that cannot be a near
 * miss.
 */
export function cellScore(
  program: AsmProgram,
  examples: readonly MemoryExample[],
  base: number,
  maxSteps: number,
  stopAtMiss = false,
): { score: number; behaviour: string } {
  const run = fastAsmRunner(program, base);
  let right = 0;
  const values: number[] = [];
  for (const example of examples) {
    const memory = run(example.memory, maxSteps);
    for (let c = 0; c < example.mask.length; c++) {
      if (!(example.mask[c] as boolean)) continue;
      if (memory[c] === example.output[c]) right++;
      else if (stopAtMiss) return { score: 0, behaviour: "" };
      values.push(memory[c] as number);
    }
  }
  return { score: values.length === 0 ? 1 : right / values.length, behaviour: values.join(",") };
}

function tryLower(program: AsmProgram, base: number): AncProgram | null {
  try {
    return lowerToAnc(program, base).program;
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/** Enumerates skeletons of the template language for `data` (seed 002 "Synthesis"). */
export function synthesizeSkeleton(data: TuningData, rng: Rng, options: SynthesisOptions = {}): SynthesisResult {
  const started = performance.now();
  const { base, maxSteps } = data;
  const examples = searchExamples(data, rng, options.searchExamples ?? DEFAULT_SEARCH_EXAMPLES);
  const grammar = skeletonGrammar({ base, ...(options.maxPad === undefined ? {} : { maxPad: options.maxPad }) });
  const result = searchSkeletons({
    terms: enumerateTerms(grammar, "program", { maxSize: options.maxSize ?? DEFAULT_MAX_SKELETON_SIZE }),
    lower: (term: Skeleton) => {
      const program = lowerSkeleton(term);
      return { skeleton: printTerm(term), program, lowered: tryLower(program, base) };
    },
    // Only compilable candidates can be near misses: the others need just a pass or fail.
    check: (candidate) => cellScore(candidate.program, examples, base, maxSteps, candidate.lowered === null),
    accept: (candidate) => cellScore(candidate.program, data.validation, base, maxSteps, true).score === 1,
    eligible: (candidate) => candidate.lowered !== null,
    keep: options.nearMisses ?? DEFAULT_NEAR_MISSES,
  });
  const finish = (scored: { program: Omit<SkeletonCandidate, "score">; score: number }): SkeletonCandidate => ({ ...scored.program, score: scored.score });
  return {
    solution: result.solution === null ? null : finish(result.solution),
    nearMisses: result.nearMisses.map(finish),
    tried: result.tried,
    milliseconds: performance.now() - started,
  };
}

/** The skeleton printed as `text` (e.g. `map(dec(x), 0)`), found by enumeration up to `maxSize`. */
export function findSkeleton(text: string, base: number, maxSize = DEFAULT_MAX_SKELETON_SIZE): Skeleton {
  for (const term of enumerateTerms(skeletonGrammar({ base }), "program", { maxSize })) if (printTerm(term) === text) return term;
  throw new RangeError(`no skeleton of at most ${maxSize} nodes prints as "${text}"`);
}
