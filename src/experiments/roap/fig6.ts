import type { Experiment, ExperimentContext, ExperimentOutput } from "../experiment.js";
import { markdownTable } from "../markdown.js";
import { experimentImages, runConfigs } from "./common.js";
import { roapScale } from "./scales.js";

/**
 * ROAP Figure 6 (§4.2.1): the length prior. Program success and mean program length after every
 * epoch, with the prior (λ from epoch 10, as the paper) and without it (λ = 0), same seed.
 */
async function run(context: ExperimentContext): Promise<ExperimentOutput> {
  const scale = roapScale(context.scale);
  const dataset = experimentImages(context);
  const runs = await runConfigs(context, dataset, [
    { label: "with length prior", config: { ...scale.base, seed: context.seed } },
    { label: "without length prior", config: { ...scale.base, lengthPrior: 0, seed: context.seed } },
  ]);
  const points = runs.flatMap((run) =>
    (run.result.runs[run.result.best]?.history ?? []).map((record) => ({ setting: run.label, epoch: record.epoch, programSuccess: record.programSuccess, meanLength: record.meanLength })),
  );
  const last = runs.map((run) => ({ label: run.label, record: run.result.runs[run.result.best]?.history.at(-1) }));
  const table = markdownTable(
    ["setting", "program success (last epoch)", "mean program length (last epoch)"],
    last.map(({ label, record }) => [label, record === undefined ? "—" : `${record.programSuccess} / ${scale.base.tasks}`, record === undefined ? "—" : record.meanLength.toFixed(2)]),
  );
  const markdown = `# ROAP Figure 6 (${context.scale} scale, ${context.images})

The prior applies from epoch ${scale.base.priorFromEpoch} (λ = ${scale.base.lengthPrior}). The paper: on a successful run the mean length drops from 21.6 to 9.6 while success goes from 431 to 455 / 500; on "salvageable" runs success rises from 4 to 412 / 500.

${table}
`;
  const line = (field: "programSuccess" | "meanLength", title: string) => ({
    name: `fig6-${field === "programSuccess" ? "success" : "length"}`,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json" as const,
      title,
      data: { values: points },
      mark: { type: "line" as const, point: true },
      encoding: {
        x: { field: "epoch", type: "quantitative" as const },
        y: { field, type: "quantitative" as const, title },
        color: { field: "setting", type: "nominal" as const },
      },
      width: 320,
      height: 200,
    },
  });
  return {
    results: { experiment: "roap-fig6", scale: context.scale, images: context.images, seed: context.seed, base: scale.base, points },
    markdown,
    plots: [line("programSuccess", "tasks solved"), line("meanLength", "mean program length")],
  };
}

export const roapFig6: Experiment = { name: "roap-fig6", summary: "ROAP Figure 6: program success and length over epochs with and without the length prior", restarts: true, run };
