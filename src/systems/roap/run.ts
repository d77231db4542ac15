import { mkdirSync } from "node:fs";
import type { ImageDataset } from "../../data/images.js";
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
  /** The restart that took the step. */
  readonly restart: number;
  /** Steps taken so far, over all restarts. */
  readonly completedSteps: number;
  /** Steps of the whole run, over all restarts. */
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
  const { restarts, workers = 1 } = options;
  if (!Number.isInteger(restarts) || restarts < 1) throw new RangeError(`restarts must be a positive integer, got ${restarts}`);
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a positive integer, got ${workers}`);
  if (options.checkpointDir !== undefined) mkdirSync(options.checkpointDir, { recursive: true });
  const restartOptions = { images: options.images, checkpointDir: options.checkpointDir, checkpointEvery: options.checkpointEvery, resume: options.resume, samples: options.samples };
  const stepsDone = new Array<number>(restarts).fill(0);
  const totalSteps = restarts * config.epochs * config.stepsPerEpoch;
  const onStep = (restart: number, report: StepReport, lastEpoch: EpochRecord | undefined): void => {
    stepsDone[restart] = report.step;
    options.onStep?.(report, { restart, completedSteps: stepsDone.reduce((a, b) => a + b, 0), totalSteps, lastEpoch });
  };
  const indices = Array.from({ length: restarts }, (_, k) => k);
  const trained =
    workers > 1 && restarts > 1
      ? await restartsInWorkers(
          indices.map((restart) => ({ config, dataset, restart, options: restartOptions, backend: tf.getBackend() })),
          workers,
          (restart, report, _total, lastEpoch) => onStep(restart, report, lastEpoch),
        )
      : await sequential(indices, (restart) => trainRestart(config, dataset, restart, restartOptions, (report, _total, lastEpoch) => onStep(restart, report, lastEpoch)));
  const runs = trained.map((t) => t.result);
  const best = runs.reduce((b, run, k) => (run.metrics.trainLoss < (runs[b] as RestartResult).metrics.trainLoss ? k : b), 0);
  return { best, runs, gold: trained.at(-1)?.programs ?? [] };
}

async function sequential<T>(indices: readonly number[], run: (k: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const k of indices) out.push(await run(k));
  return out;
}
