import { compileTable1 } from "./compile/table1.js";
import { deepcoderSplits } from "./deepcoder/splits.js";
import { dilpMnist } from "./dilp/mnist.js";
import { dilpNoise } from "./dilp/noise.js";
import { dilpTasks } from "./dilp/tasks.js";
import type { Experiment } from "./experiment.js";
import { nliAblation } from "./nli/ablation.js";
import { nliCodebook } from "./nli/codebook.js";
import { nliScaling } from "./nli/scaling.js";
import { nliTable } from "./nli/table.js";
import { roapFig5 } from "./roap/fig5.js";
import { roapFig6 } from "./roap/fig6.js";
import { roapTable1 } from "./roap/table1.js";
import { roapTable2 } from "./roap/table2.js";

/** Every named experiment, in the order `gradsynth experiment --list` shows them. */
export const EXPERIMENTS: readonly Experiment[] = [roapTable1, roapTable2, roapFig5, roapFig6, compileTable1, dilpTasks, dilpNoise, dilpMnist, nliTable, nliAblation, nliScaling, nliCodebook, deepcoderSplits];

export function findExperiment(name: string): Experiment | undefined {
  return EXPERIMENTS.find((e) => e.name === name);
}
