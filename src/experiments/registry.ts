import type { Experiment } from "./experiment.js";
import { roapTable1 } from "./roap/table1.js";

/** Every named experiment, in the order `gradsynth experiment --list` shows them. */
export const EXPERIMENTS: readonly Experiment[] = [roapTable1];

export function findExperiment(name: string): Experiment | undefined {
  return EXPERIMENTS.find((e) => e.name === name);
}
