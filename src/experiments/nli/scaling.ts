import type { SplitName } from "../../data/nli/splits.js";
import { disposeNets } from "../../nets/net.js";
import { defaultConfig } from "../../systems/nli/config.js";
import { evaluateNli } from "../../systems/nli/evaluate.js";
import type { NliModel } from "../../systems/nli/model.js";
import { SEARCH_DEFAULTS } from "../../systems/nli/searchOptions.js";
import { trainNli } from "../../systems/nli/train.js";
import type { Experiment, ExperimentContext, ExperimentOutput, ExperimentPlot, Scale } from "../experiment.js";
import { markdownTable } from "../markdown.js";
import { secondsSince } from "./methods.js";
import { nliScale } from "./scales.js";

/**
 * The NLI seed's test-time compute scaling ("expanding both the number of gradient steps (1→400)
 * and parallel starting points (1→4096) on Comp-I leads to a monotonic increase in accuracy"): one
 * trained model per split, evaluated by gradient search along two axes — steps at a fixed number
 * of starts, and starts at a fixed number of steps — on the same fresh ID and OOD tasks.
 */
interface ScalingGrid {
  readonly splits: readonly SplitName[];
  /** Gradient steps along the first axis, at `fixedStarts` starts. */
  readonly steps: readonly number[];
  readonly fixedStarts: number;
  /** Starts along the second axis, at `fixedSteps` steps. */
  readonly starts: readonly number[];
  readonly fixedSteps: number;
  /** Evaluation tasks per part (ID and OOD). */
  readonly tasks: number;
}

/**
 * full: the seed's Comp-I and gradsynth's best-learned split, Shift-L, with the seed's step range
 * and starts up to 64: at ≈ 230 start-steps per CPU second (docs/results/nli.md, "Benchmark"),
 * 4096 starts × 50 steps on 2 × 10 tasks would take about five hours of CPU per split.
 */
const GRIDS: Readonly<Record<Scale, ScalingGrid>> = {
  ci: { splits: ["shift-l"], steps: [1, 6], fixedStarts: 4, starts: [1, 4], fixedSteps: 6, tasks: 3 },
  full: { splits: ["comp-i", "shift-l"], steps: [1, 10, 50, 200, 400], fixedStarts: 8, starts: [1, 4, 16, 64], fixedSteps: 50, tasks: 10 },
};

interface ScalingPoint {
  readonly split: SplitName;
  readonly axis: "steps" | "starts";
  readonly starts: number;
  readonly steps: number;
  readonly id: number;
  readonly ood: number;
  readonly seconds: number;
}

async function run(context: ExperimentContext): Promise<ExperimentOutput> {
  const grid = GRIDS[context.scale];
  const trainingSteps = nliScale(context.scale).steps;
  const perSplit = 1 + grid.steps.length + grid.starts.length;
  const total = grid.splits.length * perSplit;
  let done = 0;
  const points: ScalingPoint[] = [];
  const trainSeconds: Record<string, number> = {};
  for (const split of grid.splits) {
    context.progress(done++, total, `${split}: training`);
    const began = performance.now();
    const { model } = await trainNli(defaultConfig(split, trainingSteps, context.seed));
    trainSeconds[split] = secondsSince(began);
    try {
      const settings = [
        ...grid.steps.map((steps) => ({ axis: "steps" as const, starts: grid.fixedStarts, steps })),
        ...grid.starts.map((starts) => ({ axis: "starts" as const, starts, steps: grid.fixedSteps })),
      ];
      for (const setting of settings) {
        context.progress(done++, total, `${split}: ${setting.starts} starts × ${setting.steps} steps`);
        points.push({ split, ...setting, ...searchAccuracy(model, context.seed, grid.tasks, setting.starts, setting.steps) });
      }
    } finally {
      disposeNets(model);
    }
  }
  context.progress(total, total, "done");
  return {
    results: { experiment: "nli-scaling", scale: context.scale, seed: context.seed, trainingSteps, grid, trainSeconds, points },
    markdown: markdown(context, grid, trainingSteps, points),
    plots: (["steps", "starts"] as const).map((axis) => scalingPlot(axis, grid, points)),
  };
}

function searchAccuracy(model: NliModel, seed: number, tasks: number, starts: number, steps: number): Pick<ScalingPoint, "id" | "ood" | "seconds"> {
  const search = { ...SEARCH_DEFAULTS, method: "gradient" as const, starts, steps };
  const result = evaluateNli(model, { tasks, chunk: tasks, seed, search });
  return { id: result.id.accuracy, ood: result.ood.accuracy, seconds: Math.round(result.seconds * 10) / 10 };
}

function markdown(context: ExperimentContext, grid: ScalingGrid, trainingSteps: number, points: readonly ScalingPoint[]): string {
  const table = (axis: "steps" | "starts"): string =>
    markdownTable(
      ["split", axis === "steps" ? "gradient steps" : "starts", "ID", "OOD", "search time (s)"],
      points.filter((p) => p.axis === axis).map((p) => [p.split, axis === "steps" ? p.steps : p.starts, p.id.toFixed(2), p.ood.toFixed(2), p.seconds]),
    );
  const monotone = grid.splits.map((split) => {
    const along = (axis: "steps" | "starts"): boolean => {
      const ood = points.filter((p) => p.split === split && p.axis === axis).map((p) => p.ood);
      return ood.every((v, i) => i === 0 || v >= (ood[i - 1] as number));
    };
    return `${split}: OOD accuracy ${along("steps") ? "never falls" : "falls somewhere"} as steps grow, ${along("starts") ? "never falls" : "falls somewhere"} as starts grow`;
  });
  return `# NLI test-time compute scaling (${context.scale} scale, seed ${context.seed})

One NLI model per split (gradsynth's CPU-scale defaults, ${trainingSteps} training steps), evaluated by gradient search on
${grid.tasks} fresh ID and ${grid.tasks} fresh OOD tasks per setting (the same tasks for every setting). The seed (Comp-I): accuracy
increases monotonically with gradient steps 1 → 400 and with starts 1 → 4096.

## Gradient steps, at ${grid.fixedStarts} starts

${table("steps")}

## Starts, at ${grid.fixedSteps} steps

${table("starts")}

${monotone.map((line) => `- ${line}`).join("\n")}
`;
}

function scalingPlot(axis: "steps" | "starts", grid: ScalingGrid, points: readonly ScalingPoint[]): ExperimentPlot {
  const values = points.filter((p) => p.axis === axis).flatMap((p) => [
    { split: p.split, part: "ID", x: axis === "steps" ? p.steps : p.starts, accuracy: p.id },
    { split: p.split, part: "OOD", x: axis === "steps" ? p.steps : p.starts, accuracy: p.ood },
  ]);
  return {
    name: `nli-scaling-${axis}`,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json" as const,
      title: axis === "steps" ? `Accuracy against gradient steps (${grid.fixedStarts} starts)` : `Accuracy against starts (${grid.fixedSteps} steps)`,
      data: { values },
      mark: { type: "line" as const, point: true },
      encoding: {
        x: { field: "x", type: "quantitative" as const, scale: { type: "log" as const }, title: axis === "steps" ? "gradient steps" : "starts" },
        y: { field: "accuracy", type: "quantitative" as const, scale: { domain: [0, 1] } },
        color: { field: "split", type: "nominal" as const },
        strokeDash: { field: "part", type: "nominal" as const },
      },
      width: 300,
    },
  };
}

export const nliScaling: Experiment = {
  name: "nli-scaling",
  summary: "NLI test-time compute: ID/OOD accuracy of gradient search against gradient steps and against starts (the seed: monotonic on Comp-I)",
  run,
};
