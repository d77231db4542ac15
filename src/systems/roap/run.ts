import { mkdirSync } from "node:fs";
import type { ImageDataset } from "../../data/images.js";
import { removeStaleTemporaries } from "../../engine/atomicWrite.js";
import { tf } from "../../engine/backend.js";
import type { Expr } from "../../lang/arith/syntax.js";
import type { ImageSource } from "./checkpoint.js";
import type { RoapConfig } from "./config.js";
import { restartsInWorkers } from "./parallelRestarts.js";
import { trainRestart, type RestartResult } from "./restart.js";
import type { EpochRecord, StepReport } from "./trainer.js";

export { checkpointPath, continuesAs, type RestartResult } from "./restart.js";

/**
 * A full ROAP experiment run (§4.1): `restarts` independent trainings of the same configuration on
 * the same tasks ("we run the experiments for multiple times (∼3) and report the best one"), the
 * best chosen by the MSE of the learned model on the training data. With a checkpoint directory,
 * restart k is saved to `restart-<k>.json` every `checkpointEvery` steps and at its end; with
 * `resume`, a saved restart continues from its checkpoint (see restart.ts). With `workers` > 1
 * the restarts train in parallel worker threads, with the same results.
 */
export interface RoapRunOptions {
  readonly restarts: number;
  readonly images: ImageSource;
  readonly checkpointDir?: string;
  /** Steps between checkpoints (default: one per epoch). */
  readonly checkpointEvery?: number;
  readonly resume?: boolean;
  /** Sample-and-verify decoding in the final evaluation: programs drawn per task besides the argmax (default 0). */
  readonly samples?: number;
  /** Restarts trained at the same time, each in a worker thread (default 1: one after another, in this thread). */
  readonly workers?: number;
  /** Called after every step of every restart (e.g. a progress bar). */
  readonly onStep?: (report: StepReport, progress: RunProgress) => void;
}

/** Where a run stands when a step finishes. */
export interface RunProgress {
  /** The configuration (index into the arms of runRoapSideBySide; 0 for runRoap) whose restart took the step. */
  readonly arm: number;
  /** The restart that took the step. */
  readonly restart: number;
  /** Steps taken so far, over all restarts (of every arm). */
  readonly completedSteps: number;
  /** Steps of the whole run, over all restarts (of every arm). */
  readonly totalSteps: number;
  /** The reporting restart's last finished epoch. */
  readonly lastEpoch: EpochRecord | undefined;
}

export interface RoapRunResult {
  /** Index into `runs` of the best restart (least training MSE). */
  readonly best: number;
  readonly runs: readonly RestartResult[];
  /** The gold program of each task (the same for every restart). */
  readonly gold: readonly Expr[];
}

export async function runRoap(config: RoapConfig, dataset: ImageDataset, options: RoapRunOptions): Promise<RoapRunResult> {
  const [result] = await runRoapSideBySide([{ config, checkpointDir: options.checkpointDir }], dataset, options);
  return result as RoapRunResult;
}

/** One configuration of a side-by-side run, with its own checkpoint directory. */
export interface RoapArm {
  readonly config: RoapConfig;
  readonly checkpointDir?: string;
}

/**
 * Several configurations on the same data (e.g. ROAP+ and the paper's ROAP, `--compare-paper`):
 * every restart of every arm is one job, and with `workers` > 1 the jobs share one pool of worker
 * threads, so two arms of one restart each train at the same time. A job's result depends only on
 * (config, restart), so it is the same whichever way the jobs are scheduled. Results come in arm order.
 */
export async function runRoapSideBySide(arms: readonly RoapArm[], dataset: ImageDataset, options: Omit<RoapRunOptions, "checkpointDir">): Promise<RoapRunResult[]> {
  const { restarts, workers = 1 } = options;
  if (!Number.isInteger(restarts) || restarts < 1) throw new RangeError(`restarts must be a positive integer, got ${restarts}`);
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a positive integer, got ${workers}`);
  for (const arm of arms) {
    if (arm.checkpointDir === undefined) continue;
    mkdirSync(arm.checkpointDir, { recursive: true });
    removeStaleTemporaries(arm.checkpointDir);
  }
  const jobs = arms.flatMap((arm, index) => Array.from({ length: restarts }, (_, restart) => ({ arm: index, config: arm.config, restart, checkpointDir: arm.checkpointDir })));
  const restartOptions = (checkpointDir: string | undefined) => ({ images: options.images, checkpointDir, checkpointEvery: options.checkpointEvery, resume: options.resume, samples: options.samples });
  const stepsDone = new Array<number>(jobs.length).fill(0);
  const totalSteps = jobs.reduce((sum, job) => sum + job.config.epochs * job.config.stepsPerEpoch, 0);
  const onStep = (k: number, report: StepReport, lastEpoch: EpochRecord | undefined): void => {
    const job = jobs[k] as (typeof jobs)[number];
    stepsDone[k] = report.step;
    options.onStep?.(report, { arm: job.arm, restart: job.restart, completedSteps: stepsDone.reduce((a, b) => a + b, 0), totalSteps, lastEpoch });
  };
  const trained =
    workers > 1 && jobs.length > 1
      ? await restartsInWorkers(
          jobs.map((job) => ({ config: job.config, dataset, restart: job.restart, options: restartOptions(job.checkpointDir), backend: tf.getBackend() })),
          workers,
          (k, report, _total, lastEpoch) => onStep(k, report, lastEpoch),
        )
      : await sequential(jobs.map((_, k) => k), (k) => {
          const job = jobs[k] as (typeof jobs)[number];
          return trainRestart(job.config, dataset, job.restart, restartOptions(job.checkpointDir), (report, _total, lastEpoch) => onStep(k, report, lastEpoch));
        });
  return arms.map((_, index) => {
    const mine = trained.filter((_, k) => (jobs[k] as (typeof jobs)[number]).arm === index);
    const runs = mine.map((t) => t.result);
    const best = runs.reduce((b, run, k) => (run.metrics.trainLoss < (runs[b] as RestartResult).metrics.trainLoss ? k : b), 0);
    return { best, runs, gold: mine.at(-1)?.programs ?? [] };
  });
}

async function sequential<T>(indices: readonly number[], run: (k: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const k of indices) out.push(await run(k));
  return out;
}
