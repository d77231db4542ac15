import type { Experiment, ExperimentContext, ExperimentOutput } from "../experiment.js";
import { formatMetric, markdownTable } from "../markdown.js";
import { bestMetrics, experimentImages, metricsRecord, runConfigs } from "./common.js";
import { roapScale } from "./scales.js";
import { plural } from "../../text.js";

/**
 * ROAP Table 2 (§4.2): multitask learning. Runs with T = 500 tasks (the scale's T) and with
 * T = 1, each run on its own randomly drawn programs (seeds seed, seed + 1, …); a run succeeds
 * when it learns the symbols, i.e. its symbolic loss is ≤ 0.05. Reported: the success rate over
 * runs and the best symbolic loss.
 */
export const SYMBOLIC_SUCCESS = 0.05;

const PAPER = { many: { rate: 0.333, best: 0.00086 }, one: { rate: 0.105, best: 0.039 } };

async function run(context: ExperimentContext): Promise<ExperimentOutput> {
  const scale = roapScale(context.scale);
  const runsPerSetting = context.runs ?? scale.table2Runs;
  const dataset = experimentImages(context);
  const settings = [
    { key: "many" as const, tasks: scale.base.tasks },
    { key: "one" as const, tasks: 1 },
  ];
  const configs = settings.flatMap(({ key, tasks }) =>
    Array.from({ length: runsPerSetting }, (_, k) => ({ label: `${key}-${k}`, config: { ...scale.base, tasks, seed: context.seed + k } })),
  );
  const runs = await runConfigs(context, dataset, configs);
  const summary = settings.map(({ key, tasks }) => {
    const own = runs.filter((r) => r.label.startsWith(`${key}-`));
    const losses = own.map((r) => bestMetrics(r).symbolicLoss);
    const successes = losses.filter((l) => l <= SYMBOLIC_SUCCESS).length;
    return { key, tasks, runs: own.length, successes, rate: successes / own.length, best: Math.min(...losses), losses, details: own.map((r) => metricsRecord(bestMetrics(r))) };
  });
  const table = markdownTable(
    ["setting", "success rate", "best symbolic loss", "paper: success rate", "paper: best symbolic loss"],
    summary.map((s) => [
      `${s.tasks} ${plural(s.tasks, "task")}`,
      `${(100 * s.rate).toFixed(1)}% (${s.successes}/${s.runs})`,
      formatMetric(s.best),
      `${(100 * PAPER[s.key].rate).toFixed(1)}%`,
      String(PAPER[s.key].best),
    ]),
  );
  const markdown = `# ROAP Table 2 (${context.scale} scale, ${context.images})

Success = symbolic loss ≤ ${SYMBOLIC_SUCCESS}; ${runsPerSetting} runs per setting (seeds ${context.seed}..${context.seed + runsPerSetting - 1}), ${scale.base.epochs} epochs × ${scale.base.stepsPerEpoch} steps. The paper: 500 tasks vs 1 task, more than 10 runs each, on CIFAR-10.

${table}
`;
  return { results: { experiment: "roap-table2", scale: context.scale, images: context.images, seed: context.seed, base: scale.base, settings: summary, paper: PAPER }, markdown, plots: [] };
}

export const roapTable2: Experiment = {
  name: "roap-table2",
  restarts: true,
  summary: "ROAP Table 2: joint learning with many tasks vs one task (success rate over runs)",
  get runs() {
    return `runs per setting (default ${roapScale("ci").table2Runs} at ci scale, ${roapScale("full").table2Runs} at full; the paper: more than 10)`;
  },
  run,
};
