import type { ArithTask } from "../lang/arith/task.js";
import { toPolynomial } from "../lang/arith/polynomial.js";
import { printExpr } from "../lang/arith/print.js";
import { enumerateSolve } from "../search/enumerate.js";
import type { SolveResult } from "../search/solver.js";
import { readInputFile } from "./files.js";
import { formulaText } from "./formulaText.js";
import type { CliIo } from "./io.js";
import { parseTaskFile } from "./loadTasks.js";
import { ProgressBar } from "./progress.js";
import { SOLVE_USAGE, parseSolveArgs, type SolveSettings } from "./solveSettings.js";
import { assertNever } from "../typeHelpers.js";

/** `gradsynth solve FILE [options]`: parse the settings, load the tasks, run one solver, print. */
export async function solveCommand(args: readonly string[], io: CliIo): Promise<number> {
  const settings = parseSolveArgs(args, io.env);
  if (settings === "help") {
    io.stdout.write(SOLVE_USAGE);
    return 0;
  }
  const tasks = parseTaskFile(await readInputFile(settings.file), settings.file);
  const started = performance.now();
  const { results, backend } = await runSolver(tasks, settings, io);
  const seconds = (performance.now() - started) / 1000;
  io.stdout.write(settings.json ? `${JSON.stringify(jsonReport(results, settings, backend, seconds), null, 2)}\n` : humanReport(results));
  return 0;
}

async function runSolver(
  tasks: readonly ArithTask[],
  settings: SolveSettings,
  io: CliIo,
): Promise<{ results: SolveResult[]; backend: string | null }> {
  // Created right before the search starts, so that engine start-up does not skew the ETA.
  const startBar = () => new ProgressBar({ label: settings.method, stream: io.stderr, enabled: !settings.quiet });
  let bar: ProgressBar | undefined;
  try {
    switch (settings.method) {
      case "enumerate": {
        bar = startBar();
        return { results: await enumerateSolve(tasks, settings.enumerate, bar.callback), backend: null };
      }
      case "gradient": {
        // Loaded on demand: tfjs and its wasm glue take a second to start and are not needed otherwise.
        // The backend is set and awaited before the solver module can create any tensor.
        const { initEngine } = await import("../engine/backend.js");
        const backend = await initEngine(settings.backend);
        const { gradientSolve } = await import("../search/gradient.js");
        bar = startBar();
        return { results: await gradientSolve(tasks, settings.gradient, bar.callback), backend };
      }
      default:
        return assertNever(settings.method);
    }
  } finally {
    bar?.finish();
  }
}

/**
 * One line per task, `  (unsolved)` marking formulas that miss an example, then `solved k/n`. A
 * formula whose expanded polynomial is at most two thirds as long is followed by it
 * (`  = s2^2 + s1`), since gradient search often returns long but equivalent formulas.
 */
export function humanReport(results: readonly SolveResult[]): string {
  const lines = results.map((r) => {
    if (r.program === undefined) return `${r.name}: (no program)${r.solved ? "" : "  (unsolved)"}`;
    return `${r.name}: ${formulaText(r.program)}${r.solved ? "" : "  (unsolved)"}`;
  });
  const solved = results.filter((r) => r.solved).length;
  return `${[...lines, `solved ${solved}/${results.length}`].join("\n")}\n`;
}

/** The `--json` report (docs/formats.md). Non-finite stats (e.g. an undefined MSE) become null. */
export function jsonReport(results: readonly SolveResult[], settings: SolveSettings, backend: string | null, seconds: number): object {
  return {
    tasks: results.map((r) => ({
      name: r.name,
      program: r.program !== undefined ? printExpr(r.program) : null,
      polynomial: r.program !== undefined ? toPolynomial(r.program).key : null,
      solved: r.solved,
      stats: Object.fromEntries(Object.entries(r.stats).map(([k, v]) => [k, Number.isFinite(v) ? v : null])),
    })),
    solved: results.filter((r) => r.solved).length,
    method: settings.method,
    seed: settings.seed,
    backend,
    seconds: Math.round(seconds * 1000) / 1000,
  };
}
