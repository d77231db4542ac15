import type { Experiment, ExperimentContext, ExperimentOutput } from "../experiment.js";
import { markdownTable } from "../markdown.js";
import { bestMetrics, experimentImages, goldSizes, runConfigs } from "./common.js";
import { roapScale } from "./scales.js";

/**
 * ROAP Figure 5 (§4.2.1): overparameterization. For each sketch depth L, the share of tasks whose
 * program is recovered, by the size (operator count) of the gold program: a heatmap of program
 * size × sketch depth.
 */
async function run(context: ExperimentContext): Promise<ExperimentOutput> {
  const scale = roapScale(context.scale);
  const dataset = experimentImages(context);
  const runs = await runConfigs(
    context,
    dataset,
    scale.fig5Depths.map((lines) => ({ label: `L=${lines}`, config: { ...scale.base, lines, seed: context.seed } })),
  );
  const cells = runs.flatMap((run) => {
    const sizes = goldSizes(run);
    const solved = bestMetrics(run).solved;
    return [0, 1, 2, 3].map((size) => {
      const tasks = sizes.map((s, t) => ({ s, t })).filter(({ s }) => s === size);
      const recovered = tasks.filter(({ t }) => solved[t] === true).length;
      return { depth: run.config.lines, size, tasks: tasks.length, recovered, percent: tasks.length === 0 ? null : (100 * recovered) / tasks.length };
    });
  });
  const table = markdownTable(
    ["program size (operators)", ...scale.fig5Depths.map((d) => `L = ${d}`)],
    [0, 1, 2, 3].map((size) => [
      String(size),
      ...scale.fig5Depths.map((depth) => {
        const cell = cells.find((c) => c.depth === depth && c.size === size);
        return cell === undefined || cell.percent === null ? "—" : `${cell.percent.toFixed(0)}% (${cell.recovered}/${cell.tasks})`;
      }),
    ]),
  );
  const markdown = `# ROAP Figure 5 (${context.scale} scale, ${context.images})

Percentage of programs of each size recovered, by sketch depth L (${scale.base.tasks} tasks, ${scale.base.epochs} epochs × ${scale.base.stepsPerEpoch} steps). The paper: deeper sketches recover more programs, and shallow sketches do better on small programs.

${table}
`;
  return {
    results: { experiment: "roap-fig5", scale: context.scale, images: context.images, seed: context.seed, base: scale.base, cells },
    markdown,
    plots: [
      {
        name: "fig5-heatmap",
        spec: {
          $schema: "https://vega.github.io/schema/vega-lite/v5.json",
          title: "Programs recovered (%) by size and sketch depth",
          data: { values: cells.filter((c) => c.percent !== null) },
          mark: "rect",
          encoding: {
            x: { field: "depth", type: "ordinal", title: "sketch depth L" },
            y: { field: "size", type: "ordinal", title: "program size (operators)", sort: "descending" },
            color: { field: "percent", type: "quantitative", title: "% recovered", scale: { domain: [0, 100] } },
          },
          width: 240,
          height: 160,
        },
      },
    ],
  };
}

export const roapFig5: Experiment = { name: "roap-fig5", summary: "ROAP Figure 5: programs recovered by program size × sketch depth (heatmap)", restarts: true, run };
