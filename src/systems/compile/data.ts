import type { Rng } from "../../engine/rng.js";
import type { AncProgram } from "../../lang/asm/anc/syntax.js";
import { runAnc } from "../../lang/asm/anc/evaluate.js";
import { matchesExample, sampleExamples, type AsmTask, type MemoryExample } from "../../lang/asm/tasks.js";

/**
 * What a tuning run learns from and is judged on: I/O memory states (tasks.ts) of a base-b
 * machine unrolled for `maxSteps` steps. A task draws a fresh training batch every step (as ANC's
 * trainer draws fresh samples) and judges recovery on a separate, freshly sampled dataset (seed
 * §3: "recovery is based on observational equivalence over a dataset of sampled program
 * outputs"); a user's examples file is both the training set and the dataset recovery is judged on.
 */
export interface TuningData {
  readonly base: number;
  /** The machine is unrolled for this many steps (the task's budget). */
  readonly maxSteps: number;
  /** The examples of one optimisation step, and how many it draws. */
  batch(rng: Rng): readonly MemoryExample[];
  readonly batchSize: number;
  /** The examples a decompiled program must all solve to count as recovered. */
  readonly validation: readonly MemoryExample[];
}

export const DEFAULT_BATCH_SIZE = 8;
export const DEFAULT_VALIDATION_SIZE = 100;

export interface TaskDataOptions {
  readonly batchSize?: number | undefined;
  readonly validationSize?: number | undefined;
}

export function taskData(task: AsmTask, rng: Rng, options: TaskDataOptions = {}): TuningData {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const validationSize = options.validationSize ?? DEFAULT_VALIDATION_SIZE;
  for (const [name, value] of [["batchSize", batchSize], ["validationSize", validationSize]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return {
    base: task.base,
    maxSteps: task.maxSteps,
    batch: (r) => sampleExamples(task, batchSize, r),
    batchSize,
    validation: sampleExamples(task, validationSize, rng),
  };
}

export function exampleData(base: number, maxSteps: number, examples: readonly MemoryExample[]): TuningData {
  if (examples.length === 0) throw new RangeError("at least one example is needed");
  return { base, maxSteps, batch: () => examples, batchSize: examples.length, validation: examples };
}

/**
 * Observational equivalence with the task on `examples`: run from each initial tape by the exact
 * interpreter for at most `maxSteps` steps, the program leaves every checked cell right.
 */
export function solvesAll(program: AncProgram, examples: readonly MemoryExample[], base: number, maxSteps: number): boolean {
  return examples.every((example) => matchesExample(runAnc(program, example.memory, { base, maxSteps }).memory, example));
}
