import { DEFAULT_THRESHOLD } from "../../lang/datalog/space/extract.js";
import type { DilpOptimizer } from "./optimizer.js";

/**
 * Options of ∂ILP training (train.ts), kept free of the tensor engine so that front ends can show
 * and validate them without loading tfjs. Where the defaults differ from the paper's setting
 * (§5.1–5.2: RMSProp, mini-batches, 6000 steps), docs/dilp.md records why: Adam and the full
 * batch solve more at a few hundred steps. Weights are initialised N(0, initStd²), as in the paper.
 */
export interface DilpOptions {
  /** Optimiser steps per run. */
  readonly steps?: number;
  /** Restarts from fresh random weights. */
  readonly runs?: number;
  /** Stop at the first run whose program fits the training examples (default true). */
  readonly stopAtFirstFit?: boolean;
  /** optimizer.ts: "rmsprop" (the paper's, §5.1) or "adam". */
  readonly optimizer?: DilpOptimizer;
  readonly learningRate?: number;
  /**
   * Fraction of the training examples in each step's mini-batch (minibatch.ts), in (0, 1]. 1 (the
   * default) is the full batch; the paper samples mini-batches (§5.2) of a size it does not state.
   */
  readonly batchFraction?: number;
  /** Standard deviation of the initial weights. */
  readonly initStd?: number;
  /** Rule-extraction threshold on clause weights (extract.ts). */
  readonly threshold?: number;
  /** Steps between exact checks of the extracted program. */
  readonly checkEvery?: number;
  /**
   * End a run early when it has stalled: once it has taken 2·plateauSteps steps, if its loss fell
   * by less than 1% over the last plateauSteps steps. 0 (the default, and the paper's setting:
   * fixed-length runs) never ends a run early. Measured on even-odd (docs/results/dilp.md): a
   * stalled restart stays within 1% of its loss from step ≈ 50 to 1000, while every restart that
   * solves the task is below 0.3 by step 50.
   */
  readonly plateauSteps?: number;
  readonly seed?: number;
  /** Called after every step: (steps done, total steps, detail). */
  readonly onProgress?: (done: number, total: number, detail: string) => void;
}

export const DILP_DEFAULTS = {
  steps: 1000,
  runs: 5,
  stopAtFirstFit: true,
  optimizer: "adam" as DilpOptimizer,
  learningRate: 0.5,
  batchFraction: 1,
  initStd: 1,
  threshold: DEFAULT_THRESHOLD,
  checkEvery: 50,
  plateauSteps: 0,
  seed: 0,
} as const;

