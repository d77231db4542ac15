import { existsSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson } from "../../canonicalJson.js";
import { DivergenceGuard } from "../../divergence.js";
import { InputError } from "../../errors.js";
import type { ImageDataset } from "../../data/images.js";
import type { Expr } from "../../lang/arith/syntax.js";
import type { RoapConfig } from "./config.js";
import { readCheckpoint, writeCheckpoint, type ImageSource } from "./checkpoint.js";
import type { RoapMetrics } from "./metrics.js";
import { Rng } from "../../engine/rng.js";
import { RoapTrainer, restartSeed, type EpochRecord, type RoapTiming, type StepReport } from "./trainer.js";

/** How one restart trains: where its checkpoint goes, whether it resumes, what it reports. */
export interface RestartOptions {
  readonly images: ImageSource;
  readonly checkpointDir?: string;
  /** Steps between checkpoints (default: one per epoch). */
  readonly checkpointEvery?: number;
  readonly resume?: boolean;
  /** Sample-and-verify decoding in the final evaluation: programs drawn per task besides the argmax (default 0). */
  readonly samples?: number;
}

export interface RestartResult {
  readonly restart: number;
  readonly metrics: RoapMetrics;
  readonly history: readonly EpochRecord[];
  readonly skippedSteps: number;
  readonly seconds: number;
  /** Where the time went (this process's part of the run, when it resumed). */
  readonly timing: RoapTiming;
  /** ROAP+ (ours): how many tasks have a program found by the search at the end (undefined for ROAP). */
  readonly found: number | undefined;
}

/** After each step of a restart: the step's report, the restart's step count and its last finished epoch. */
export type RestartStepCallback = (report: StepReport, totalSteps: number, lastEpoch: EpochRecord | undefined) => void;

/**
 * Whether a saved run can continue as `config`: the same configuration except that the number of
 * epochs may have grown, to train a finished run longer. The schedules (length prior, Gumbel
 * temperature) count epochs from the start of training and nothing else depends on the total, so
 * a run of E epochs continued to E' ≥ E epochs is exactly the run of E' epochs.
 */
export function continuesAs(saved: RoapConfig, config: RoapConfig): boolean {
  return saved.epochs <= config.epochs && canonicalJson({ ...saved, epochs: 0 }) === canonicalJson({ ...config, epochs: 0 });
}

/** Seed of the draws of sample-and-verify decoding, apart from training's so that asking for samples changes nothing else. */
export const samplingSeed = (seed: number, restart: number): number => (restartSeed(seed, restart) ^ 0x5eed5) | 0;

export const checkpointPath = (dir: string, restart: number): string => join(dir, `restart-${restart}.json`);

/**
 * Trains restart `restart` of `config` to its end (§4.1): with a checkpoint directory it is saved
 * to `restart-<k>.json` every `checkpointEvery` steps and at its end; with `resume`, a saved
 * restart continues from its checkpoint (a finished one is only re-evaluated, or trained further
 * when `config.epochs` has grown: see `continuesAs`).
 */
export async function trainRestart(
  config: RoapConfig,
  dataset: ImageDataset,
  restart: number,
  options: RestartOptions,
  onStep?: RestartStepCallback,
): Promise<{ result: RestartResult; programs: readonly Expr[] }> {
  const trainer = new RoapTrainer(config, dataset, restart);
  try {
    const path = options.checkpointDir === undefined ? undefined : checkpointPath(options.checkpointDir, restart);
    if (options.resume === true && path !== undefined && existsSync(path)) {
      const saved = readCheckpoint(path);
      if (!continuesAs(saved.config, config) || saved.restart !== restart) {
        const fewer = saved.config.epochs > config.epochs ? ` (it was trained for ${saved.config.epochs} epochs; --epochs may only grow)` : "";
        throw new InputError(`${path} was written by a different configuration${fewer}; remove it or train into another --out directory`);
      }
      trainer.restoreState(saved.state, path);
    }
    const every = options.checkpointEvery ?? config.stepsPerEpoch;
    const save = (): void => {
      if (path !== undefined) writeCheckpoint(path, { config, images: options.images, restart, state: trainer.saveState() });
    };
    const started = performance.now();
    const guard = new DivergenceGuard(`ROAP training (restart ${restart})`);
    while (!trainer.done) {
      const report = trainer.trainStep();
      guard.record(report.step, !report.skipped);
      onStep?.(report, trainer.totalSteps, trainer.history.at(-1));
      if (trainer.step % every === 0 || trainer.done) save();
      // Let the event loop run between steps (progress bar, signals, a worker's messages).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const samples = options.samples ?? 0;
    const sampling = samples > 0 ? { samples, rng: new Rng(samplingSeed(config.seed, restart)) } : undefined;
    const result = {
      restart,
      metrics: trainer.evaluate(true, sampling),
      history: trainer.history,
      skippedSteps: trainer.skippedSteps,
      seconds: (performance.now() - started) / 1000,
      timing: trainer.timing,
      found: config.plus === null ? undefined : trainer.foundPrograms.filter((p) => p !== null).length,
    };
    return { result, programs: trainer.tasks.programs };
  } finally {
    trainer.dispose();
  }
}
