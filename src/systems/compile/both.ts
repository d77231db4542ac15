import { Rng } from "../../engine/rng.js";
import type { TuningData } from "./data.js";
import { runTuningJob, type JobProgress } from "./job.js";
import { synthesizeSkeleton, type SkeletonCandidate, type SynthesisOptions, type SynthesisResult } from "./synthesize.js";
import { TUNE_DEFAULTS, type RunResult, type TuneSettings } from "./tune.js";

/**
 * The combined algorithm of seed 002 (Figure 1, §2 and Table 1's "Both"): synthesize, compile,
 * tune. Skeleton synthesis (synthesize.ts) runs first; a skeleton that solves the task exactly is
 * the answer, and every one of the k runs counts as recovered. Otherwise the near misses it found
 * — the best-scoring skeletons that compile into the machine — are compiled (eq. 3, fresh noise
 * per run) and tuned by gradient descent (tune.ts), run j tuning near miss j mod (number of near
 * misses), so that the k runs of the seed's budget spread over the skeletons by rank. A run is
 * recovered when its decompiled program solves the validation examples exactly (seed §3).
 *
 * "Synthesis" alone is the same without tuning. Synthesis is deterministic given its search
 * examples, so a job runs it once: its rate is 0 or 100 %, as every entry of the seed's Synthesis
 * row is.
 */

export const COMBINED_METHODS = ["both", "synthesis"] as const;
export type CombinedMethod = (typeof COMBINED_METHODS)[number];

export interface CombinedJob {
  readonly method: CombinedMethod;
  readonly data: TuningData;
  readonly runs: number;
  readonly seed: number;
  readonly synthesis?: SynthesisOptions;
  /** Tuning settings of each run (TUNE_DEFAULTS otherwise). */
  readonly settings?: Partial<TuneSettings>;
  /** The compiler's noise γ (eq. 3). */
  readonly gamma?: number;
}

export interface CombinedRun {
  readonly recovered: boolean;
  /** How the run was recovered: by synthesis alone, or by tuning a near miss; null when it was not. */
  readonly by: "synthesis" | "tuning" | null;
  /** The near miss this run tuned, or null. */
  readonly tuned: SkeletonCandidate | null;
  readonly tuning: RunResult | null;
}

export interface CombinedResult {
  readonly synthesis: SynthesisResult;
  readonly runs: readonly CombinedRun[];
  readonly recovered: number;
}

/** Runs synthesis, then (for "both", when it fails) tunes its near misses; `progress` counts tuning steps. */
export async function runCombinedJob(job: CombinedJob, progress?: JobProgress): Promise<CombinedResult> {
  const { data, runs } = job;
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a positive integer, got ${runs}`);
  const rng = new Rng(job.seed);
  const synthesis = synthesizeSkeleton(data, rng.fork(), job.synthesis);
  if (synthesis.solution !== null) {
    const run: CombinedRun = { recovered: true, by: "synthesis", tuned: null, tuning: null };
    return { synthesis, runs: Array.from({ length: runs }, () => run), recovered: runs };
  }
  const tunable = synthesis.nearMisses.filter((c) => c.lowered !== null);
  if (job.method === "synthesis" || tunable.length === 0) {
    const run: CombinedRun = { recovered: false, by: null, tuned: null, tuning: null };
    return { synthesis, runs: Array.from({ length: runs }, () => run), recovered: 0 };
  }
  const steps = job.settings?.steps ?? TUNE_DEFAULTS.steps;
  const results: CombinedRun[] = [];
  let recovered = 0;
  for (let k = 0; k < runs; k++) {
    const tuned = tunable[k % tunable.length] as SkeletonCandidate;
    const program = tuned.lowered as NonNullable<SkeletonCandidate["lowered"]>;
    const init = { kind: "program" as const, program, ...(job.gamma === undefined ? {} : { gamma: job.gamma }) };
    const result = await runTuningJob({ init, data, runs: 1, seed: rng.nextUint32(), ...(job.settings === undefined ? {} : { settings: job.settings }) }, (done) =>
      progress?.(k * steps + done, runs * steps, recovered),
    );
    const tuning = result.runs[0] as RunResult;
    if (tuning.recovered) recovered++;
    results.push({ recovered: tuning.recovered, by: tuning.recovered ? "tuning" : null, tuned, tuning });
    progress?.((k + 1) * steps, runs * steps, recovered);
  }
  return { synthesis, runs: results, recovered };
}
