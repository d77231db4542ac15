import { parseDeepCoderProblems, solvesProblem, type DeepCoderProblem } from "../lang/deepcoder/taskFile.js";
import { solveProblems, type SolveSummary } from "../systems/deepcoder/solve.js";
import {
  DEEPCODER_CHECK_USAGE,
  DEEPCODER_SOLVE_USAGE,
  DEEPCODER_USAGE,
  parseDeepCoderCheckArgs,
  parseDeepCoderSolveArgs,
} from "./deepcoderSettings.js";
import { readInputFile } from "./files.js";
import type { CliIo } from "./io.js";
import { runSubcommand } from "./subcommands.js";
import { ProgressBar } from "./progress.js";

/** `gradsynth deepcoder solve|check FILE …`: DeepCoder problems in ExeDec's JSON Lines. */
export async function deepcoderCommand(args: readonly string[], io: CliIo): Promise<number> {
  return runSubcommand("deepcoder", DEEPCODER_USAGE, { solve: solveCommand, check: checkCommand }, args, io);
}

async function problemsOf(file: string, limit: number | undefined): Promise<DeepCoderProblem[]> {
  const problems = parseDeepCoderProblems(await readInputFile(file), file);
  return limit === undefined ? problems : problems.slice(0, limit);
}

async function solveCommand(args: readonly string[], io: CliIo): Promise<number> {
  const settings = parseDeepCoderSolveArgs(args);
  if (settings === "help") {
    io.stdout.write(DEEPCODER_SOLVE_USAGE);
    return 0;
  }
  const problems = await problemsOf(settings.file, settings.limit);
  const bar = new ProgressBar({ label: "deepcoder solve", stream: io.stderr, enabled: !settings.quiet });
  let summary: SolveSummary;
  try {
    summary = await solveProblems(problems, settings, async (done, total, solved) => {
      bar.update(done, total, `solved ${solved}`);
      // Let the event loop run between problems (progress, signals).
      await new Promise<void>((resolve) => setImmediate(resolve));
    });
  } finally {
    bar.finish();
  }
  if (settings.json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    const verdict = (g: boolean | null | undefined): string => (g === undefined ? "" : g === null ? ", no gold program to compare" : g ? ", generalizes" : ", does not generalize");
    const lines = summary.problems.map((r) => (r.program === null ? `${r.index}: unsolved` : `${r.index}: ${r.program} (${r.seconds.toFixed(2)} s${verdict(r.generalizes)})`));
    const counts = [`solved ${summary.solved}/${summary.total}`, ...(summary.generalizing === undefined ? [] : [`generalizing ${summary.generalizing}/${summary.total} (on ${settings.generalization} fresh inputs)`])];
    io.stdout.write(`${[...lines, ...counts].join("\n")}\n`);
  }
  return 0;
}

async function checkCommand(args: readonly string[], io: CliIo): Promise<number> {
  const settings = parseDeepCoderCheckArgs(args);
  if (settings === "help") {
    io.stdout.write(DEEPCODER_CHECK_USAGE);
    return 0;
  }
  const problems = await problemsOf(settings.file, settings.limit);
  const withGold = problems.filter((p) => p.program !== null);
  const failing = withGold.filter((p) => !solvesProblem(p.program as NonNullable<DeepCoderProblem["program"]>, p)).map((p) => p.index);
  const report = { problems: problems.length, withProgram: withGold.length, reproduced: withGold.length - failing.length, failing };
  io.stdout.write(
    settings.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : `${report.reproduced}/${report.withProgram} gold programs reproduce their examples' outputs (${report.problems} problems)${failing.length > 0 ? `; not: ${failing.join(", ")}` : ""}\n`,
  );
  return 0;
}
