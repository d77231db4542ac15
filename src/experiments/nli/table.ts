import type { SplitName } from "../../data/nli/splits.js";
import type { Experiment, ExperimentContext, ExperimentOutput } from "../experiment.js";
import { markdownTable } from "../markdown.js";
import { runSplit, UNITS_PER_SPLIT, type NliTableRecord } from "./methods.js";
import { TTT_DEFAULTS } from "../../systems/nli/ttt.js";
import { nliScale } from "./scales.js";
import { NLI_TABLE_METHODS, SEED_TABLE } from "./seed.js";

/**
 * The NLI seed's main table: ID and OOD accuracy of every method on Shift-L, Shift-P and Comp-I,
 * the seed's numbers beside gradsynth's (methods.ts says which methods run and how).
 */
async function run(context: ExperimentContext): Promise<ExperimentOutput> {
  const scale = nliScale(context.scale);
  const total = scale.splits.length * UNITS_PER_SPLIT;
  const records: NliTableRecord[] = [];
  for (const [i, split] of scale.splits.entries()) records.push(...(await runSplit(context, split, scale, i * UNITS_PER_SPLIT, total)));
  context.progress(total, total, "done");
  return {
    results: { experiment: "nli-table", scale: context.scale, seed: context.seed, settings: scale, records },
    markdown: markdown(context, scale.splits, records),
    plots: [oodPlot(scale.splits, records)],
  };
}

function markdown(context: ExperimentContext, splits: readonly SplitName[], records: readonly NliTableRecord[]): string {
  const s = nliScale(context.scale);
  const find = (split: SplitName, method: string) => records.find((r) => r.split === split && r.method === method);
  const headers = ["method", ...splits.flatMap((split) => [`${split} ID`, `${split} OOD`, `${split} seed ID / OOD`])];
  const rows = NLI_TABLE_METHODS.map((method) => [
    method,
    ...splits.flatMap((split) => {
      const r = find(split, method);
      const [id, ood] = SEED_TABLE[method][split];
      return [r === undefined ? "not run" : r.id.toFixed(2), r === undefined ? "not run" : r.ood.toFixed(2), `${id.toFixed(2)} / ${ood.toFixed(2)}`];
    }),
  ]);
  const times = markdownTable(
    ["split", "method", "training (s)", "evaluation (s)", "OOD examples (task → program found)"],
    records.map((r) => [r.split, r.method, r.trainSeconds, r.evalSeconds, r.oodExamples.map((e) => `${e.program} → ${e.found}${e.solved ? " ✓" : ""}`).join("; ")]),
  );
  return `# NLI main table (${context.scale} scale, seed ${context.seed})

Every model: gradsynth's CPU-scale defaults (docs/nli.md, "Sizes") trained ${s.steps} steps; ${s.tasks} fresh
ID and ${s.tasks} fresh OOD tasks per split, the same for every method; prior search ${s.starts} programs,
gradient search ${s.starts} starts × ${s.searchSteps} steps. D-LPN is NLI with one token position
(T = 1); LPN is one continuous latent decoded by one step of NLI's execution network
(systems/nli/lpn.ts). In-Context is one Transformer of the inductor's sizes reading the specification
and the query (systems/nli/inContext.ts); TTT fine-tunes it on each task's specification,
leave-one-out, ${TTT_DEFAULTS.steps} Adam steps at ${TTT_DEFAULTS.learningRate} (systems/nli/ttt.ts).

${markdownTable(headers, rows)}

${times}
`;
}

function oodPlot(splits: readonly SplitName[], records: readonly NliTableRecord[]) {
  const values = records.flatMap((r) => [
    { split: r.split, method: r.method, source: "gradsynth", ood: r.ood },
    { split: r.split, method: r.method, source: "seed", ood: SEED_TABLE[r.method][r.split][1] },
  ]);
  return {
    name: "nli-table-ood",
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json" as const,
      title: `OOD accuracy (${splits.join(", ")})`,
      data: { values },
      mark: { type: "bar" as const },
      encoding: {
        row: { field: "split", type: "nominal" as const },
        y: { field: "method", type: "nominal" as const, sort: null },
        yOffset: { field: "source", type: "nominal" as const },
        x: { field: "ood", type: "quantitative" as const, scale: { domain: [0, 1] }, title: "OOD accuracy" },
        color: { field: "source", type: "nominal" as const },
      },
      width: 300,
    },
  };
}

export const nliTable: Experiment = {
  name: "nli-table",
  summary: "NLI main table: ID/OOD accuracy of In-Context, TTT, NLI (none, prior, gradient search), D-LPN and LPN on Shift-L, Shift-P, Comp-I",
  run,
};
