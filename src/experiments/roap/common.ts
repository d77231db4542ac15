import { join } from "node:path";
import { loadImages, type ImageDataset } from "../../data/images.js";
import { operatorCount } from "../../lang/arith/formulas.js";
import type { RoapConfig } from "../../systems/roap/config.js";
import type { RoapMetrics } from "../../systems/roap/metrics.js";
import { runRoapSideBySide, type RoapRunResult } from "../../systems/roap/run.js";
import type { ExperimentContext } from "../experiment.js";
import { formatMetric } from "../markdown.js";
import { roapScale } from "./scales.js";

/** What the ROAP experiments share: loading the images once, and running one configuration with progress. */
export interface RoapExperimentRun {
  readonly label: string;
  readonly config: RoapConfig;
  readonly result: RoapRunResult;
}

export function experimentImages(context: ExperimentContext): ImageDataset {
  return loadImages(context.images, { dataDir: context.dataDir });
}

/** A run's checkpoint subdirectory: its label with every run of other characters made one dash ("syntax tree D=2" → "syntax-tree-D-2"). */
export const runDirectoryName = (label: string): string => label.replace(/[^A-Za-z0-9]+/gu, "-").replace(/^-|-$/gu, "");

/** Restarts per model: `--restarts`, or the scale's. */
export const experimentRestarts = (context: ExperimentContext): number => context.restarts ?? roapScale(context.scale).restarts;

/**
 * Runs `configs` (each with `experimentRestarts(context)` restarts), reporting progress over all
 * their steps together. Every restart of every configuration is one job (runRoapSideBySide): with
 * `context.workers` > 1 they share one pool of worker threads, else they run one after another in
 * order. With `context.checkpointDir`, each run's restarts are saved under
 * `<checkpointDir>/<runDirectoryName(label)>/`, and with `context.resume` they continue from there,
 * so an interrupted experiment resumes where it stopped (a finished run is only re-evaluated).
 */
export async function runConfigs(
  context: ExperimentContext,
  dataset: ImageDataset,
  configs: readonly { readonly label: string; readonly config: RoapConfig }[],
): Promise<RoapExperimentRun[]> {
  const restarts = experimentRestarts(context);
  const arms = configs.map(({ label, config }) => ({ config, checkpointDir: context.checkpointDir === undefined ? undefined : join(context.checkpointDir, runDirectoryName(label)) }));
  const results = await runRoapSideBySide(arms, dataset, {
    restarts,
    workers: context.workers,
    images: { name: context.images, dataDir: context.dataDir },
    resume: context.resume,
    onStep: (_report, progress) => context.progress(progress.completedSteps, progress.totalSteps, `${(configs[progress.arm] as { label: string }).label}: run ${progress.restart + 1}/${restarts}`),
  });
  return configs.map(({ label, config }, k) => ({ label, config, result: results[k] as RoapRunResult }));
}

/** The best restart's metrics of a run. */
export const bestMetrics = (run: RoapExperimentRun): RoapMetrics => (run.result.runs[run.result.best] as { metrics: RoapMetrics }).metrics;

/** Plain-JSON metrics (programs as formulas) for results.json. */
export function metricsRecord(metrics: RoapMetrics): Record<string, unknown> {
  const clean = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return {
    tasks: metrics.tasks,
    programSuccess: metrics.programSuccess,
    symbolicLoss: clean(metrics.symbolicLoss),
    testLoss: clean(metrics.testLoss),
    generalizationLoss: clean(metrics.generalizationLoss),
    trainLoss: clean(metrics.trainLoss),
    meanLength: clean(metrics.meanLength),
    classValues: metrics.classValues.map(clean),
  };
}

/** "k / T" and the three losses, as table cells. */
export function metricCells(metrics: RoapMetrics): string[] {
  return [`${metrics.programSuccess} / ${metrics.tasks}`, formatMetric(metrics.symbolicLoss), formatMetric(metrics.testLoss), formatMetric(metrics.generalizationLoss)];
}

/** Operator count of each gold program (the "program size" of Figure 5). */
export const goldSizes = (run: RoapExperimentRun): number[] => run.result.gold.map(operatorCount);
