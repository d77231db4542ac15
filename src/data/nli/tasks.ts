import type { Rng } from "../../engine/rng.js";
import { runProgram, type SequenceProgram, type SequenceShape } from "./primitives.js";
import type { Split } from "./splits.js";

/**
 * NLI tasks (seed, "Overall Architecture"): a specification S = {(x_i, y_i)} of m input/output
 * pairs of one hidden program, plus query pairs (x_{n+1}, y_{n+1}) to predict. Inputs are uniform
 * over the alphabet, drawn from the seeded generator.
 */
export interface SequencePair {
  readonly input: readonly number[];
  readonly output: readonly number[];
}

export interface SequenceTask {
  readonly program: SequenceProgram;
  readonly spec: readonly SequencePair[];
  readonly query: readonly SequencePair[];
}

export interface TaskSizes {
  /** m, pairs in the specification. */
  readonly specPairs: number;
  /** Query pairs per task. */
  readonly queryPairs: number;
}

export function randomSequence(shape: SequenceShape, rng: Rng): number[] {
  return Array.from({ length: shape.length }, () => rng.int(shape.alphabet));
}

function pair(program: SequenceProgram, shape: SequenceShape, rng: Rng): SequencePair {
  const input = randomSequence(shape, rng);
  return { input, output: runProgram(program, input, shape) };
}

/** One task of `program`. */
export function sampleTask(program: SequenceProgram, shape: SequenceShape, sizes: TaskSizes, rng: Rng): SequenceTask {
  const spec = Array.from({ length: sizes.specPairs }, () => pair(program, shape, rng));
  const query = Array.from({ length: sizes.queryPairs }, () => pair(program, shape, rng));
  return { program, spec, query };
}

/** `count` tasks, each of a program drawn uniformly from the split's train or test pool. */
export function sampleTasks(split: Split, part: "train" | "test", count: number, sizes: TaskSizes, rng: Rng): SequenceTask[] {
  const pool = split[part];
  return Array.from({ length: count }, () => sampleTask(rng.pick(pool), split.shape, sizes, rng));
}
