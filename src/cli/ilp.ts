import { parseIlpTask } from "../lang/datalog/taskFile.js";
import { printClause } from "../lang/datalog/print.js";
import { accuracy, type ExampleScore } from "../lang/datalog/score.js";
import { InputError } from "../errors.js";
import { DilpLanguageError } from "../lang/datalog/space/language.js";
import { runIlpTask, type IlpTaskResult } from "../systems/dilp/runTask.js";
import { readInputFile } from "./files.js";
import { ILP_USAGE, parseIlpArgs, type IlpSettings } from "./ilpSettings.js";
import type { CliIo } from "./io.js";
import { ProgressBar } from "./progress.js";

/** `gradsynth ilp FILE [options]`: parse the settings, load the task, learn or search, print. */
export async function ilpCommand(args: readonly string[], io: CliIo): Promise<number> {
  const settings = parseIlpArgs(args);
  if (settings === "help") {
    io.stdout.write(ILP_USAGE);
    return 0;
  }
  const task = parseIlpTask(await readInputFile(settings.file), { file: settings.file });
  const bar = new ProgressBar({ label: settings.options.method ?? "dilp", stream: io.stderr, enabled: !settings.quiet });
  let result: IlpTaskResult;
  try {
    result = await runIlpTask(task, { ...settings.options, onProgress: bar.callback });
  } catch (error) {
    // What the task's language cannot express (a template that generates no clause, a program
    // space too large for --max-memory): one line naming the file.
    if (error instanceof DilpLanguageError) throw new InputError(`${settings.file}: ${error.message}`);
    throw error;
  } finally {
    bar.finish();
  }
  io.stdout.write(settings.json ? `${JSON.stringify(ilpJsonReport(result, settings), null, 2)}\n` : ilpHumanReport(result));
  return 0;
}

const STATUS_TEXT: Record<IlpTaskResult["status"], string> = {
  learned: "learned",
  found: "found",
  unsat: "UNSAT: no program of the template entails every positive and no negative example",
  "gave-up": "gave up: every candidate program derived a negative example",
  "too-large": "too large: the SAT encoding does not fit the solver",
};

function scoreText(label: string, s: ExampleScore): string {
  return `${label} ${s.correct}/${s.total} (${accuracy(s).toFixed(3)})`;
}

/** The program as Datalog, with comment lines (%) for the method, status and accuracies. */
export function ilpHumanReport(r: IlpTaskResult): string {
  const lines = [`% ${r.task}: ${r.method === "dilp" ? "∂ILP" : "SAT"}, ${STATUS_TEXT[r.status]}`];
  if (r.dilp !== undefined) lines.push(`% ${r.dilp.fitting} of ${r.dilp.runs} runs fit the training examples; best loss ${r.dilp.loss.toFixed(4)}`);
  if (r.program !== undefined) lines.push(...(r.program.clauses.length > 0 ? r.program.clauses.map(printClause) : ["% (empty program)"]));
  const scores = [scoreText("train", r.train)];
  if (r.flipped > 0) scores.push(scoreText("noisy labels", r.seen));
  if (r.test.total > 0) scores.push(scoreText("test", r.test));
  lines.push(`% accuracy: ${scores.join(", ")}${r.flipped > 0 ? `; ${r.flipped} labels flipped` : ""}`);
  lines.push(`% ${r.solved ? "solved" : "not solved"} in ${r.seconds.toFixed(1)} s`);
  return `${lines.join("\n")}\n`;
}

/** The `--json` report (docs/dilp.md). */
export function ilpJsonReport(r: IlpTaskResult, settings: IlpSettings): object {
  return {
    task: r.task,
    method: r.method,
    status: r.status,
    program: r.program?.clauses.map(printClause) ?? null,
    solved: r.solved,
    accuracy: {
      train: accuracy(r.train),
      test: r.test.total > 0 ? accuracy(r.test) : null,
      noisyTrain: r.flipped > 0 ? accuracy(r.seen) : null,
    },
    examples: { train: r.train, test: r.test },
    flipped: r.flipped,
    noise: settings.options.noise,
    seed: settings.options.seed,
    seconds: Math.round(r.seconds * 1000) / 1000,
    ...(r.dilp !== undefined ? { dilp: r.dilp } : {}),
    ...(r.sat !== undefined ? { sat: r.sat } : {}),
  };
}
