import type { SplitName } from "../../data/nli/splits.js";
import type { Scale } from "../experiment.js";

/**
 * The NLI experiments' scales. full: every split, gradsynth's CPU-scale models (defaultConfig)
 * trained for 3000 steps each — about 4–5 CPU minutes per NLI model on this machine; at 350 steps
 * Shift-P learned nothing usable and Comp-I part of its primitives (docs/results/nli.md); the seed
 * trains far larger models far longer on GPUs. ci: Shift-L only, a few dozen steps and a handful
 * of tasks, to check in about a minute that everything runs.
 */
export interface NliScale {
  readonly splits: readonly SplitName[];
  /** Training steps of every model of nli-table, and of nli-ablation (seven models: fewer at ci scale). */
  readonly steps: number;
  readonly ablationSteps: number;
  /** Evaluation tasks per part (ID and OOD). */
  readonly tasks: number;
  /** Starts (prior: programs) per task, and gradient steps of the searches. */
  readonly starts: number;
  readonly searchSteps: number;
}

const SCALES: Readonly<Record<Scale, NliScale>> = {
  ci: { splits: ["shift-l"], steps: 30, ablationSteps: 10, tasks: 3, starts: 4, searchSteps: 6 },
  full: { splits: ["shift-l", "shift-p", "comp-i"], steps: 3000, ablationSteps: 3000, tasks: 20, starts: 8, searchSteps: 50 },
};

export const nliScale = (scale: Scale): NliScale => SCALES[scale];
