import { ROAP_CPU, ROAP_PAPER, type RoapConfig } from "../../systems/roap/config.js";
import type { Scale } from "../experiment.js";

/**
 * The ROAP experiments' two scales. full is the paper's task setting (T = 500, L = 30, 20 epochs,
 * λ = 2e-4 from epoch 10, τ 1 → 3 at epoch 15, ~3 restarts) with gradsynth's CPU-sized networks
 * and steps per epoch (the paper's epoch is 1e6 I/O pairs per task on a GPU). ci is small enough
 * for a few minutes per model: 20 tasks and 800 steps (the setting of `npm run demo`).
 */
export interface RoapScale {
  readonly base: RoapConfig;
  readonly restarts: number;
  /** Runs per setting in Table 2 (the paper: more than 10). */
  readonly table2Runs: number;
  /** Sketch depths of Figure 5. */
  readonly fig5Depths: readonly number[];
}

const SCALES: Readonly<Record<Scale, RoapScale>> = {
  ci: {
    base: { ...ROAP_CPU, tasks: 20, stepsPerEpoch: 40 },
    restarts: 1,
    table2Runs: 2,
    fig5Depths: [3, 10, 30],
  },
  full: {
    base: { ...ROAP_CPU, tasks: ROAP_PAPER.tasks, testSamples: 200, oodTasks: 20 },
    restarts: 3,
    table2Runs: 10,
    fig5Depths: [3, 5, 10, 20, 30],
  },
};

export const roapScale = (scale: Scale): RoapScale => SCALES[scale];
