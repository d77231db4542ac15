import { Rng } from "../../engine/rng.js";
import type { AncProgram } from "../../lang/asm/anc/syntax.js";
import { compileProgram, randomWeights } from "./compiler.js";
import { padProgram } from "./padding.js";
import type { TuningData } from "./data.js";
import { TUNE_DEFAULTS, tuneRun, type RunResult, type TuneSettings } from "./tune.js";
import type { MachineShape } from "./weights.js";

/**
 * A tuning job: k independent runs from one initialisation (seed 002 §2.2: "optimization is
 * repeated multiple times, as algorithmic induction is highly sensitive to initialization"; Table 1
 * uses k = 100). A compiled program gets fresh noise u (eq. 3) in every run; a random
 * initialisation ("Optimization") fresh random weights. This is the unit a recovery-rate table is
 * built from: the rate is `recovered / runs`.
 */

export type Initialisation =
  | {
      readonly kind: "program";
      readonly program: AncProgram;
      readonly gamma?: number;
      /** No-op lines appended before compiling (padding.ts; default 0). */
      readonly padding?: number;
    }
  | { readonly kind: "random"; readonly shape: MachineShape };

export interface TuningJob {
  readonly init: Initialisation;
  readonly data: TuningData;
  readonly runs: number;
  readonly seed: number;
  readonly settings?: Partial<TuneSettings>;
}

export interface JobResult {
  readonly runs: readonly RunResult[];
  /** How many runs recovered a program observationally equivalent to the task. */
  readonly recovered: number;
}

/** Called after every optimisation step: steps done so far over all runs, the total, runs recovered. */
export type JobProgress = (done: number, total: number, recovered: number) => void;

export async function runTuningJob(job: TuningJob, progress?: JobProgress): Promise<JobResult> {
  const { init, data, runs } = job;
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a positive integer, got ${runs}`);
  const settings: TuneSettings = { ...TUNE_DEFAULTS, ...job.settings };
  const rng = new Rng(job.seed);
  const results: RunResult[] = [];
  let recovered = 0;
  const total = runs * settings.steps;
  for (let k = 0; k < runs; k++) {
    const runRng = rng.fork();
    const weights =
      init.kind === "program"
        ? compileProgram(padProgram(init.program, init.padding ?? 0, data.base), runRng, {
            base: data.base,
            ...(init.gamma === undefined ? {} : { gamma: init.gamma }),
          })
        : randomWeights(init.shape, runRng);
    const done = k * settings.steps;
    const result = await tuneRun(weights, data, settings, runRng, async (step) => {
      progress?.(done + step, total, recovered);
      // Yield to the event loop so that a progress bar can draw and signals are handled.
      await new Promise((resolve) => setImmediate(resolve));
    });
    results.push(result);
    if (result.recovered) recovered++;
    progress?.((k + 1) * settings.steps, total, recovered);
  }
  return { runs: results, recovered };
}
