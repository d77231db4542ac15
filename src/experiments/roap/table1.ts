import { ROAP_PLUS, type RoapConfig } from "../../systems/roap/config.js";
import type { Experiment, ExperimentContext, ExperimentOutput } from "../experiment.js";
import { markdownTable } from "../markdown.js";
import { bestMetrics, experimentImages, experimentRestarts, metricCells, metricsRecord, runConfigs, runDirectoryName, type RoapExperimentRun } from "./common.js";
import { roapScale } from "./scales.js";

/**
 * ROAP Table 1 (§4.2): ROAP against its ablations and baselines, four metrics each. Rows that the
 * paper reports as "the best of" several variants (CNN+MLP: disjoint or one-hot MLPs; Syntax-Tree:
 * D = 2, 3, 5) run every variant and keep the one with the least training loss, the paper's
 * criterion for choosing among runs. The last row, ROAP+, is ours (search in the training loop,
 * config.ts `RoapPlusConfig`); the paper has no number for it.
 */
interface Row {
  readonly label: string;
  /** Paper: program success (of 500), symbolic loss, test loss, generalization loss; null for our rows. */
  readonly paper: readonly [number, number, number, number] | null;
  readonly variants: readonly { readonly label: string; readonly change: Partial<RoapConfig> }[];
}

const ROWS: readonly Row[] = [
  { label: "ROAP (our model)", paper: [459, 0.00086, 0.11, 0.07], variants: [{ label: "ROAP", change: {} }] },
  {
    label: "w/o program, i.e. CNN+MLP",
    paper: [0, 0.95, 0.11, 1.03],
    variants: [
      { label: "CNN+MLP (disjoint MLPs)", change: { model: "mlp-disjoint" } },
      { label: "CNN+MLP (one-hot task id)", change: { model: "mlp-onehot" } },
    ],
  },
  { label: "w/o amortized inference", paper: [136, 0.059, 0.2, 0.19], variants: [{ label: "free logits", change: { synthesizer: "free" } }] },
  { label: "w/o gumbel-softmax", paper: [8, 0.52, 0.33, 4.4], variants: [{ label: "softmax", change: { relaxation: "softmax" } }] },
  {
    label: "w/ Syntax-Tree",
    paper: [345, 0.04, 0.16, 0.22],
    variants: [2, 3, 5].map((depth) => ({ label: `syntax tree D=${depth}`, change: { model: "syntax-tree" as const, depth } })),
  },
  { label: "w/ depth=10", paper: [58, 0.9, 0.14, 2.12], variants: [{ label: "L=10", change: { lines: 10 } }] },
  { label: "w/ depth=3", paper: [56, 1.1, 0.16, 2.08], variants: [{ label: "L=3", change: { lines: 3 } }] },
  { label: "ROAP+ (ours: search in the training loop)", paper: null, variants: [{ label: "ROAP+ (ours)", change: { plus: ROAP_PLUS } }] },
];

/** A variant's name for `--models`: its checkpoint directory's name ("syntax tree D=2" → "syntax-tree-D-2"). */
const MODELS = ROWS.flatMap((row) => row.variants.map((v) => runDirectoryName(v.label)));

/** The rows to run: every row, or (with `--models`) each row cut to its selected variants, rows left empty dropped. */
function selectedRows(models: readonly string[] | undefined): Row[] {
  if (models === undefined) return [...ROWS];
  const wanted = new Set(models);
  return ROWS.map((row) => ({ ...row, variants: row.variants.filter((v) => wanted.has(runDirectoryName(v.label))) })).filter((row) => row.variants.length > 0);
}

/** A table row's name: with the chosen variant when the paper's row is the best of several ("(best: …)" when several ran). */
function rowName(row: Row, best: RoapExperimentRun, ran: number): string {
  const variantsInPaper = ROWS.find((r) => r.label === row.label)?.variants.length ?? 1;
  if (ran > 1) return `${row.label} (best: ${best.label})`;
  return variantsInPaper > 1 ? `${row.label} (${best.label})` : row.label;
}

async function run(context: ExperimentContext): Promise<ExperimentOutput> {
  const { base } = roapScale(context.scale);
  const dataset = experimentImages(context);
  const rows = selectedRows(context.models);
  const variants = rows.flatMap((row) => row.variants.map((v) => ({ label: v.label, config: { ...base, ...v.change, seed: context.seed } })));
  const runs = await runConfigs(context, dataset, variants);
  const byLabel = new Map(runs.map((r) => [r.label, r]));
  const chosen = rows.map((row) => {
    const candidates = row.variants.map((v) => byLabel.get(v.label) as RoapExperimentRun);
    const best = candidates.reduce((a, b) => (bestMetrics(b).trainLoss < bestMetrics(a).trainLoss ? b : a));
    return { row, best, candidates };
  });
  const header = ["model", "program success", "symbolic loss", "test loss", "generalization loss", "paper: success / symbolic / test / generalization"];
  const table = markdownTable(
    header,
    chosen.map(({ row, best, candidates }) => [
      rowName(row, best, candidates.length),
      ...metricCells(bestMetrics(best)),
      row.paper === null ? "— (not in the paper)" : `${row.paper[0]} / 500, ${row.paper[1]}, ${row.paper[2]}, ${row.paper[3]}`,
    ]),
  );
  const { tasks, epochs, stepsPerEpoch } = base;
  const markdown = `# ROAP Table 1 (${context.scale} scale, ${context.images})

${tasks} tasks, ${epochs} epochs × ${stepsPerEpoch} steps, ${experimentRestarts(context)} restart(s) per model (best by training loss), seed ${context.seed}.
The paper's numbers are for 500 tasks on CIFAR-10 with a ResNet-18 grounder on a GPU.

${table}
`;
  return {
    results: {
      experiment: "roap-table1",
      scale: context.scale,
      images: context.images,
      seed: context.seed,
      base,
      rows: chosen.map(({ row, best, candidates }) => ({
        label: row.label,
        paper: row.paper === null ? null : { programSuccess: row.paper[0], tasks: 500, symbolicLoss: row.paper[1], testLoss: row.paper[2], generalizationLoss: row.paper[3] },
        chosen: best.label,
        variants: candidates.map((c) => ({ label: c.label, config: c.config, metrics: metricsRecord(bestMetrics(c)), seconds: c.result.runs.map((r) => r.seconds) })),
      })),
    },
    markdown,
    plots: [],
  };
}

export const roapTable1: Experiment = {
  name: "roap-table1",
  summary: "ROAP Table 1: ROAP, its ablations, the CNN+MLP baselines and ROAP+ (ours) on four metrics",
  restarts: true,
  models: MODELS,
  run,
};
