import { Rng } from "../../engine/rng.js";
import { checkProgramSpaceMemory, DEFAULT_MAX_MEMORY } from "../../lang/datalog/space/programSpace.js";
import { flipLabels } from "../../lang/datalog/noise.js";
import { isPerfect, scoreExamples, scoreProgram, type ExampleScore } from "../../lang/datalog/score.js";
import type { DatalogProgram } from "../../lang/datalog/syntax.js";
import type { IlpTask } from "../../lang/datalog/task.js";
import type { IlpSatStats } from "../../search/ilpSat.js";
import type { DilpOptions } from "./options.js";

/**
 * One ILP task, one method, one result: the library entry point behind `gradsynth ilp` and the
 * benchmarks (and the place an experiment runner calls). Optionally mislabels a fraction of the
 * training examples first (seeded), learns or searches on those labels, and scores the program by
 * exact evaluation against the clean training labels and the held-out test examples.
 *
 * A task is *solved* when the program classifies every clean training example and every test
 * example correctly.
 */
export const ILP_METHODS = ["dilp", "sat"] as const;
export type IlpMethod = (typeof ILP_METHODS)[number];

export interface IlpTaskOptions extends Omit<DilpOptions, "seed"> {
  readonly method?: IlpMethod;
  /** Fraction ρ of training examples whose label is flipped before learning (default 0). */
  readonly noise?: number;
  readonly seed?: number;
  /** Bytes the program space's gather tensors may take (default DEFAULT_MAX_MEMORY, 8 GiB); checked before they are built. */
  readonly maxMemory?: number;
}

export interface IlpTaskResult {
  readonly task: string;
  readonly method: IlpMethod;
  /** The program found; undefined when SAT found none. */
  readonly program: DatalogProgram | undefined;
  /** dilp: "learned"; sat: the solver's verdict. */
  readonly status: "learned" | "found" | "unsat" | "gave-up" | "too-large";
  readonly solved: boolean;
  readonly train: ExampleScore;
  readonly test: ExampleScore;
  /** Score on the (noisy) labels the method saw; equal to `train` without noise. */
  readonly seen: ExampleScore;
  /** Number of training labels flipped. */
  readonly flipped: number;
  readonly seconds: number;
  /**
   * dilp: restarts made, how many fit the training labels they saw, how many solved the task (the
   * paper's "runs reaching zero error", here on clean training and test examples), the best run's loss,
   * and its mean squared error on the test examples from the network's own valuations (the paper's
   * test metric, softScore.ts; null without test examples).
   */
  readonly dilp?: { readonly runs: number; readonly fitting: number; readonly solvedRuns: number; readonly loss: number; readonly testMse: number | null };
  readonly sat?: IlpSatStats;
}

/** Runs one method on one task. The dilp method loads and initialises the tensor engine on first use. */
export async function runIlpTask(task: IlpTask, options: IlpTaskOptions = {}): Promise<IlpTaskResult> {
  const method = options.method ?? "dilp";
  checkProgramSpaceMemory(task, options.maxMemory ?? DEFAULT_MAX_MEMORY);
  const rng = new Rng(options.seed ?? 0);
  const noisy = flipLabels(task, options.noise ?? 0, rng);
  const seen = noisy.task;
  const started = performance.now();
  let program: DatalogProgram | undefined;
  let status: IlpTaskResult["status"];
  let details: Pick<IlpTaskResult, "dilp" | "sat">;
  if (method === "dilp") {
    const { initEngine } = await import("../../engine/backend.js");
    await initEngine();
    const { trainDilp } = await import("./train.js");
    const { softTestError } = await import("./softScore.js");
    const result = await trainDilp(seen, { ...options, seed: rng.nextUint32() });
    program = result.best.program;
    status = "learned";
    const solvedRuns = result.runs.filter((r) => solves(task, r.program)).length;
    const testMse = softTestError(task, result.best.logits) ?? null;
    details = { dilp: { runs: result.runs.length, fitting: result.runs.filter((r) => r.fits).length, solvedRuns, loss: result.best.loss, testMse } };
  } else {
    const { ilpSat } = await import("../../search/ilpSat.js");
    const result = ilpSat(seen);
    program = result.status === "found" ? result.program : undefined;
    status = result.status;
    const { candidates, flags, encodedAtoms, size } = result;
    details = { sat: { candidates, flags, encodedAtoms, size } };
  }
  const seconds = (performance.now() - started) / 1000;
  const empty = { clauses: [] };
  const score = scoreProgram(task, program ?? empty);
  const seenScore = scoreExamples(program ?? empty, seen.background, seen.positive, seen.negative);
  return {
    task: task.name,
    method,
    program,
    status,
    solved: program !== undefined && solves(task, program),
    train: score.train,
    test: score.test,
    seen: seenScore,
    flipped: noisy.flipped.length,
    seconds,
    ...details,
  };
}

/** The program classifies every clean training example and every test example correctly. */
function solves(task: IlpTask, program: DatalogProgram): boolean {
  const score = scoreProgram(task, program);
  return isPerfect(score.train) && isPerfect(score.test);
}
