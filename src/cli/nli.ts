import { join } from "node:path";
import { UsageError } from "../errors.js";
import { CHECKPOINT_FILE, readCheckpoint } from "../systems/nli/checkpoint.js";
import type { CliIo } from "./io.js";
import { runSubcommand } from "./subcommands.js";
import { prepareOutputDir } from "./outputDir.js";
import {
  NLI_EVAL_USAGE,
  NLI_TRAIN_USAGE,
  NLI_USAGE,
  parseNliEvalArgs,
  parseNliTrainArgs,
} from "./nliSettings.js";
import { ProgressBar } from "./progress.js";

/** `gradsynth nli train|eval …` (docs/nli.md). The engine and the NLI system load on demand. */
export async function nliCommand(args: readonly string[], io: CliIo): Promise<number> {
  return runSubcommand("nli", NLI_USAGE, { train: trainCommand, eval: evalCommand }, args, io);
}

const bar = (label: string, settings: { quiet: boolean }, io: CliIo) =>
  new ProgressBar({ label, stream: io.stderr, enabled: !settings.quiet });

async function trainCommand(args: readonly string[], io: CliIo): Promise<number> {
  const settings = parseNliTrainArgs(args, io.env);
  if (settings === "help") {
    io.stdout.write(NLI_TRAIN_USAGE);
    return 0;
  }
  prepareOutputDir("--out", settings.out);
  const path = join(settings.out, CHECKPOINT_FILE);
  const resume = settings.resume ? readCheckpoint(path) : undefined;
  const { training } = settings;
  if (resume !== undefined && !training.relabel && resume.config.interpreter.kind !== "generic" && (resume.config.interpreter.relabelHidden ?? 0) > 0) {
    throw new UsageError(`--no-relabel: the run in ${path} was trained with relabelling, and --resume keeps its model`);
  }
  if (resume !== undefined && training.interpreter !== undefined && (resume.config.interpreter.kind ?? "structured") !== training.interpreter) {
    throw new UsageError(`--interpreter ${training.interpreter}: the run in ${path} was trained with the ${resume.config.interpreter.kind ?? "structured"} interpreter, and --resume keeps its model`);
  }
  if (resume !== undefined && !training.sourceOffsets && resume.config.inductor.sourceOffsets === true) {
    throw new UsageError(`--no-source-offsets: the run in ${path} was trained with source offsets, and --resume keeps its model`);
  }
  if (resume !== undefined && resume.step >= training.steps) {
    throw new UsageError(`--steps ${training.steps} is not beyond the ${resume.step} steps already in ${path}`);
  }
  const { initEngine } = await import("../engine/backend.js");
  const backend = await initEngine(settings.backend);
  const { trainingConfig } = await import("../systems/nli/config.js");
  const { trainNli } = await import("../systems/nli/train.js");
  const { disposeNets, countParams } = await import("../nets/net.js");
  const config = trainingConfig(training);
  const progress = bar(`nli train ${resume?.config.split ?? training.split}`, settings, io);
  let result;
  try {
    result = await trainNli(config, {
      checkpointPath: path,
      resume,
      onStep: (r, total) => progress.update(r.step, total, `loss ${r.loss.toFixed(3)}  exact ${r.exact.toFixed(2)}`),
    });
  } finally {
    progress.finish();
  }
  const { checkpoint, msPerStep, model } = result;
  const last = checkpoint.history.at(-1);
  const summary = {
    checkpoint: path,
    split: checkpoint.config.split,
    steps: checkpoint.step,
    resumedFrom: resume?.step ?? null,
    seed: checkpoint.config.seed,
    parameters: countParams(model),
    msPerStep: Math.round(msPerStep * 10) / 10,
    seconds: Math.round(checkpoint.seconds * 10) / 10,
    final: last ?? null,
    best: checkpoint.best === undefined ? null : { step: checkpoint.best.step, exact: checkpoint.best.exact },
    backend,
  };
  disposeNets(model);
  io.stdout.write(settings.json ? `${JSON.stringify(summary, null, 2)}\n` : trainReport(summary));
  return 0;
}

function trainReport(s: {
  checkpoint: string;
  split: string;
  steps: number;
  parameters: number;
  msPerStep: number;
  final: { loss: number; exact: number } | null;
  best: { step: number; exact: number } | null;
}): string {
  const final = s.final ? `  loss ${s.final.loss.toFixed(4)}, held-out pairs exact ${(100 * s.final.exact).toFixed(1)}% (last batch)` : "";
  const best = s.best ? `kept for evaluation: step ${s.best.step}, held-out pairs exact ${(100 * s.best.exact).toFixed(1)}% over its window\n` : "";
  return `trained ${s.split} for ${s.steps} steps (${s.parameters} parameters, ${s.msPerStep} ms/step)${final}\n${best}checkpoint: ${s.checkpoint}\n`;
}

async function evalCommand(args: readonly string[], io: CliIo): Promise<number> {
  const settings = parseNliEvalArgs(args, io.env);
  if (settings === "help") {
    io.stdout.write(NLI_EVAL_USAGE);
    return 0;
  }
  const checkpoint = readCheckpoint(settings.checkpoint);
  const { initEngine } = await import("../engine/backend.js");
  const backend = await initEngine(settings.backend);
  const { modelFromCheckpoint } = await import("../systems/nli/train.js");
  const { evaluateNli } = await import("../systems/nli/evaluate.js");
  const { disposeNets } = await import("../nets/net.js");
  const model = modelFromCheckpoint(checkpoint, settings.weights, settings.checkpoint);
  const { search, tasks, seed } = settings.evaluation;
  const progress = bar(`nli eval ${search.method}`, settings, io);
  try {
    const evaluation = evaluateNli(model, settings.evaluation, (done, total, part) => progress.update(done, total, part.toUpperCase()));
    progress.finish();
    const report = {
      checkpoint: settings.checkpoint,
      split: checkpoint.config.split,
      trainingSteps: checkpoint.step,
      // The parameters actually used: a checkpoint without a full selection window has only the last ones.
      weights: settings.weights === "best" && checkpoint.best !== undefined ? { choice: "best", step: checkpoint.best.step } : { choice: "last", step: checkpoint.step },
      search,
      tasks,
      seed,
      id: { accuracy: evaluation.id.accuracy, solved: evaluation.id.solved, tasks: evaluation.id.tasks },
      ood: { accuracy: evaluation.ood.accuracy, solved: evaluation.ood.solved, tasks: evaluation.ood.tasks },
      seconds: Math.round(evaluation.seconds * 100) / 100,
      startStepsPerSecond: Math.round(evaluation.startStepsPerSecond),
      backend,
    };
    io.stdout.write(settings.json ? `${JSON.stringify(report, null, 2)}\n` : evalReport(report));
    return 0;
  } finally {
    progress.finish();
    disposeNets(model);
  }
}

function evalReport(r: {
  split: string;
  weights: { choice: string; step: number };
  search: { method: string; starts: number; steps: number };
  id: { accuracy: number; solved: number; tasks: readonly { program: string; tokens: string; solved: boolean }[] };
  ood: { accuracy: number; solved: number; tasks: readonly { program: string; tokens: string; solved: boolean }[] };
  seconds: number;
  startStepsPerSecond: number;
}): string {
  const line = (name: string, p: typeof r.id) => `${name}  ${p.accuracy.toFixed(2)}  (${p.solved}/${p.tasks.length})`;
  const examples = (p: typeof r.id) => p.tasks.slice(0, 5).map((t) => `  ${t.program.padEnd(18)} → ${t.tokens}${t.solved ? "" : "  (wrong)"}`);
  const search = r.search.method === "gradient" ? `gradient search, ${r.search.starts} starts × ${r.search.steps} steps` : r.search.method === "prior" ? `prior search, ${r.search.starts} programs` : "no search";
  return [
    `${r.split}, ${search}, parameters of training step ${r.weights.step} (${r.weights.choice})`,
    line("ID ", r.id),
    line("OOD", r.ood),
    "OOD examples (task → token program):",
    ...examples(r.ood),
    `${r.seconds} s${r.search.method === "gradient" ? `, ${r.startStepsPerSecond} start-steps/s` : ""}`,
    "",
  ].join("\n");
}
