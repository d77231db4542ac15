import type { TopLevelSpec } from "vega-lite";
import type { ImageDatasetName } from "../data/images.js";

/**
 * What every reproduced table or figure is (DESIGN.md, "Experiments"): a named experiment run at
 * a scale, producing machine-readable results, a Markdown table with the paper's numbers beside
 * ours, and plots given as Vega-Lite specifications (rendered to SVG by `writeExperiment`).
 */
export const SCALES = ["ci", "full"] as const;
/** ci: minutes on a 2-core CPU, run by the test suite; full: the paper's setting (or the closest CPU-feasible one). */
export type Scale = (typeof SCALES)[number];

export interface ExperimentContext {
  readonly scale: Scale;
  readonly images: ImageDatasetName;
  readonly dataDir: string | undefined;
  readonly seed: number;
  /** Independent runs per setting, for experiments that repeat runs (`Experiment.runs`); undefined: the scale's. */
  readonly runs?: number;
  /** Restarts (of every row) trained at the same time in worker threads, for experiments that train restarts (`Experiment.restarts`). */
  readonly workers?: number;
  /** Restarts per model, for experiments that train restarts; undefined: the scale's. */
  readonly restarts?: number;
  /** The models to run, for experiments that compare models (`Experiment.models`); undefined: all of them. */
  readonly models?: readonly string[];
  /**
   * Where experiments that train restarts keep a checkpoint of every restart of every run (one
   * subdirectory per run); undefined: none are kept.
   */
  readonly checkpointDir?: string;
  /** Continue the restarts saved in `checkpointDir` instead of training them again (same results as an uninterrupted run). */
  readonly resume?: boolean;
  /** Progress of the whole experiment: `done` of `total` units, with a short label. */
  readonly progress: (done: number, total: number, detail: string) => void;
}

export interface ExperimentPlot {
  /** File name without extension. */
  readonly name: string;
  readonly spec: TopLevelSpec;
}

export interface ExperimentOutput {
  /** Everything measured, as plain JSON (written to results.json). */
  readonly results: unknown;
  /** The table(s) with the paper's numbers beside ours (written to results.md). */
  readonly markdown: string;
  readonly plots: readonly ExperimentPlot[];
}

export interface Experiment {
  readonly name: string;
  readonly summary: string;
  /** For experiments that repeat independent runs: what `--runs` sets, with its defaults. */
  readonly runs?: string;
  /** True for experiments whose runs train ROAP restarts, which `--workers` can run in parallel. */
  readonly restarts?: true;
  /** For experiments that compare models: the names `--models` selects from. */
  readonly models?: readonly string[];
  run(context: ExperimentContext): Promise<ExperimentOutput>;
}
