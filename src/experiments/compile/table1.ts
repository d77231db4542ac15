import { Rng } from "../../engine/rng.js";
import { makeTask, type TaskName } from "../../lang/asm/tasks.js";
import { runCombinedJob } from "../../systems/compile/both.js";
import { taskData } from "../../systems/compile/data.js";
import { runTuningJob, type Initialisation } from "../../systems/compile/job.js";
import { lowerToAnc } from "../../systems/compile/lower.js";
import { findSkeleton } from "../../systems/compile/synthesize.js";
import { lowerSkeleton } from "../../systems/compile/templates.js";
import type { Experiment, ExperimentContext, ExperimentOutput, Scale } from "../experiment.js";
import { markdownTable } from "../markdown.js";

/**
 * Seed 002 Table 1 ("Recovery rates for selected algorithms and initializations"): for each of the
 * six tasks, the fraction of k runs that recover a program observationally equivalent to the task
 * (its decompiled program solves 100 fresh examples exactly), for
 *   - Optimization: random weights (eq. 3 with no program), `lines` = b lines × 8 registers;
 *   - Synthesis: skeleton enumeration alone (synthesize.ts; deterministic, so 0 or 100 %);
 *   - Both: synthesis, then compile-and-tune of its near misses when it fails (both.ts);
 *   - the initialisations map inc, map dec and loop no-op: the template skeletons map(inc(x), 0),
 *     map(dec(x), 0) and loop(2) — exactly the seed's listings — compiled (γ = 0.3) and tuned.
 * Every tuning run is `runTuningJob`'s: Adam, lr 0.1, batch 8, early stop when recovered.
 */

export const TABLE1_TASKS = ["inc", "map-inc", "map-dec", "reduce", "parity", "fibonacci"] as const satisfies readonly TaskName[];

export const TABLE1_ROWS = ["Optimization", "Synthesis", "Both", "map inc", "map dec", "loop no-op"] as const;
export type Table1Row = (typeof TABLE1_ROWS)[number];

/** The seed's Table 1 (k = 100), in % per task; null where it prints "-". */
export const SEED_TABLE1: { readonly [R in Table1Row]: readonly (number | null)[] } = {
  Optimization: [19, 86, 56, 41, 95, 4],
  Synthesis: [100, 100, 100, 100, 100, 0],
  Both: [100, 100, 100, 100, 100, 75],
  "map inc": [null, 100, 7, null, 7, 26],
  "map dec": [null, 45, 100, null, 6, 41],
  "loop no-op": [100, 100, 100, 100, 49, 75],
};

/** The skeleton each initialisation row compiles (templates.ts). */
const INIT_SKELETONS = { "map inc": "map(inc(x), 0)", "map dec": "map(dec(x), 0)", "loop no-op": "loop(2)" } as const;

export interface Table1Scale {
  /** Runs k per cell (the seed: 100). */
  readonly runs: number;
  /** Adam steps per tuning run, at most. */
  readonly steps: number;
}

/**
 * ci fits the test suite (under a minute on 2 cores, most of it skeleton enumeration); full is the
 * seed's k = 100 with the tuner's default 300 steps: 5 tuned rows × 6 tasks × 100 runs × up to 300
 * steps at 15–70 ms a step, many hours on a 2-core CPU (docs/results/compile.md).
 */
export const TABLE1_SCALES: { readonly [S in Scale]: Table1Scale } = {
  ci: { runs: 1, steps: 10 },
  full: { runs: 100, steps: 300 },
};

export interface Table1Cell {
  readonly row: Table1Row;
  readonly task: TaskName;
  readonly recovered: number;
  readonly runs: number;
  /** The seed's rate in %, or null. */
  readonly seed: number | null;
  /** For Synthesis and Both: the skeleton that solved the task, or null. */
  readonly skeleton?: string | null;
  /** For Both: the near misses tuned when synthesis failed. */
  readonly tuned?: readonly string[];
  readonly seconds: number;
}

const percent = (cell: Table1Cell): number => (100 * cell.recovered) / cell.runs;

/** Runs every cell of Table 1 at the given scale (of the given tasks' columns: default all). */
export async function runTable1(
  settings: Table1Scale,
  seed: number,
  progress: ExperimentContext["progress"],
  tasks: readonly (typeof TABLE1_TASKS)[number][] = TABLE1_TASKS,
): Promise<Table1Cell[]> {
  const cells: Table1Cell[] = [];
  const total = tasks.length * 5;
  const tune = { steps: settings.steps };
  let units = 0;
  for (const name of tasks) {
    const t = TABLE1_TASKS.indexOf(name);
    const task = makeTask(name);
    const data = taskData(task, new Rng(seed + t));
    const seedRate = (row: Table1Row) => SEED_TABLE1[row][t] ?? null;
    const timed = async <R>(f: () => Promise<R>): Promise<[R, number]> => {
      const started = performance.now();
      const result = await f();
      return [result, (performance.now() - started) / 1000];
    };
    const done = () => progress(++units, total, name);

    const random: Initialisation = { kind: "random", shape: { base: task.base, lines: task.base, registers: 8 } };
    const [optimization, optimizationSeconds] = await timed(() => runTuningJob({ init: random, data, runs: settings.runs, seed, settings: tune }));
    cells.push({ row: "Optimization", task: name, recovered: optimization.recovered, runs: settings.runs, seed: seedRate("Optimization"), seconds: optimizationSeconds });
    done();

    // One combined job gives both rows: its synthesis is the Synthesis row (it runs once, see both.ts).
    const [both, bothSeconds] = await timed(() => runCombinedJob({ method: "both", data, runs: settings.runs, seed, settings: tune }));
    const skeleton = both.synthesis.solution?.skeleton ?? null;
    cells.push({
      row: "Synthesis",
      task: name,
      recovered: skeleton === null ? 0 : settings.runs,
      runs: settings.runs,
      seed: seedRate("Synthesis"),
      skeleton,
      seconds: both.synthesis.milliseconds / 1000,
    });
    const tuned = [...new Set(both.runs.flatMap((r) => (r.tuned === null ? [] : [r.tuned.skeleton])))];
    cells.push({ row: "Both", task: name, recovered: both.recovered, runs: settings.runs, seed: seedRate("Both"), skeleton, tuned, seconds: bothSeconds });
    done();

    for (const row of ["map inc", "map dec", "loop no-op"] as const) {
      const program = lowerToAnc(lowerSkeleton(findSkeleton(INIT_SKELETONS[row], task.base)), task.base).program;
      const [job, seconds] = await timed(() => runTuningJob({ init: { kind: "program", program }, data, runs: settings.runs, seed, settings: tune }));
      cells.push({ row, task: name, recovered: job.recovered, runs: settings.runs, seed: seedRate(row), seconds });
      done();
    }
  }
  return cells;
}

/** The Markdown table: per row, ours (r/k) beside the seed's %. */
export function table1Markdown(cells: readonly Table1Cell[]): string {
  const cell = (row: Table1Row, task: TaskName) => cells.find((c) => c.row === row && c.task === task);
  return markdownTable(
    ["algorithm / initialisation", ...TABLE1_TASKS],
    TABLE1_ROWS.flatMap((row) => [
      [`**gradsynth: ${row}**`, ...TABLE1_TASKS.map((task) => {
        const c = cell(row, task);
        return c === undefined ? "—" : `${c.recovered}/${c.runs} (${percent(c).toFixed(0)} %)`;
      })],
      [`seed: ${row}`, ...SEED_TABLE1[row].map((p) => (p === null ? "-" : `${p} %`))],
    ]),
  );
}

/** A grouped bar chart: recovery % per task, ours beside the seed's, one panel per row. */
export function table1Plot(cells: readonly Table1Cell[]): ExperimentOutput["plots"][number] {
  const values = cells.flatMap((c) => [
    { row: c.row, task: c.task, source: "gradsynth", percent: percent(c) },
    ...(c.seed === null ? [] : [{ row: c.row, task: c.task, source: "seed (k = 100)", percent: c.seed }]),
  ]);
  return {
    name: "table1-recovery",
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      title: "Seed 002 Table 1: recovery rate (%)",
      data: { values },
      facet: { field: "row", type: "nominal", title: null, sort: [...TABLE1_ROWS] },
      columns: 3,
      spec: {
        mark: "bar",
        width: 180,
        height: 120,
        encoding: {
          x: { field: "task", type: "nominal", sort: [...TABLE1_TASKS], title: null },
          xOffset: { field: "source", type: "nominal" },
          y: { field: "percent", type: "quantitative", title: "% recovered", scale: { domain: [0, 100] } },
          color: { field: "source", type: "nominal", title: null },
        },
      },
    },
  };
}

async function run(context: ExperimentContext): Promise<ExperimentOutput> {
  const settings = TABLE1_SCALES[context.scale];
  const cells = await runTable1(settings, context.seed, context.progress);
  const markdown = `# Seed 002 Table 1 (${context.scale} scale)

Recovery rate over k = ${settings.runs} run(s) per cell, at most ${settings.steps} Adam steps per tuning run, seed ${context.seed};
recovered = the decompiled program solves 100 fresh examples exactly. The seed's numbers are for k = 100.
Synthesis runs once per task (it is deterministic given its examples), so its rate is 0 or 100 %.

${table1Markdown(cells)}

Synthesis found: ${TABLE1_TASKS.map((task) => `${task}: ${cells.find((c) => c.row === "Synthesis" && c.task === task)?.skeleton ?? "none"}`).join("; ")}.
`;
  return {
    results: { experiment: "compile-table1", scale: context.scale, seed: context.seed, settings, cells },
    markdown,
    plots: [table1Plot(cells)],
  };
}

export const compileTable1: Experiment = {
  name: "compile-table1",
  summary: "Seed 002 Table 1: recovery of Optimization, Synthesis, Both and three initialisations on six tasks",
  run,
};
