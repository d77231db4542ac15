import { mkdirSync } from "node:fs";
import { writeFileAtomic } from "../engine/atomicWrite.js";
import { join, resolve } from "node:path";
import { InputError } from "../errors.js";
import type { BackendName } from "../engine/backend.js";
import type { CliIo } from "./io.js";
import { runSubcommand } from "./subcommands.js";
import { prepareOutputDir } from "./outputDir.js";
import { ProgressBar } from "./progress.js";
import type { ImageDataset } from "../data/images.js";
import type { RoapArm } from "../systems/roap/run.js";
import { comparisonText, metricsJson, metricsText } from "./roapReport.js";
import { ROAP_USAGE, parseRoapEvalArgs, parseRoapTrainArgs, type RoapEvalSettings, type RoapTrainSettings } from "./roapSettings.js";
import { plural } from "../text.js";

/** `gradsynth roap train|eval ...`. The engine and the ROAP modules load only when a run starts. */
export async function roapCommand(args: readonly string[], io: CliIo): Promise<number> {
  return runSubcommand(
    "roap",
    ROAP_USAGE,
    {
      train: async (rest, io) => {
        const settings = parseRoapTrainArgs(rest, io.env);
        return settings === "help" ? help(io) : train(settings, io);
      },
      eval: async (rest, io) => {
        const settings = parseRoapEvalArgs(rest, io.env);
        return settings === "help" ? help(io) : evaluate(settings, io);
      },
    },
    args,
    io,
  );
}

function help(io: CliIo): number {
  io.stdout.write(ROAP_USAGE);
  return 0;
}

async function startEngine(backend: BackendName | undefined): Promise<string> {
  const { initEngine } = await import("../engine/backend.js");
  return initEngine(backend);
}

async function train(settings: RoapTrainSettings, io: CliIo): Promise<number> {
  if (settings.out !== undefined) prepareOutputDir("--out", settings.out);
  const { loadImages } = await import("../data/images.js");
  const dataset = loadImages(settings.images, { dataDir: settings.dataDir });
  const backend = await startEngine(settings.backend);
  const { config } = settings;
  // --compare-paper: the paper's ROAP, same settings without ROAP+, on the same tasks (same seed),
  // trained beside ROAP+ (at the same time when --workers allows).
  const arms = [{ config, checkpointDir: settings.out }];
  if (settings.comparePaper) arms.push({ config: { ...config, plus: null }, checkpointDir: settings.out && join(settings.out, PAPER_DIR) });
  const started = performance.now();
  const [main, paper] = await trainArms(arms, dataset, settings, io);
  if (main === undefined) throw new Error("no run finished");
  const together = settings.workers > 1 ? "side by side" : "one after the other";
  const wall = paper === undefined ? "" : `\n(both trained ${together} in ${((performance.now() - started) / 1000).toFixed(0)} s)`;
  const json = { images: settings.images, backend, config, ...main.json, ...(paper === undefined ? {} : { paper: paper.json }) };
  if (settings.out !== undefined) {
    mkdirSync(settings.out, { recursive: true });
    writeFileAtomic(join(settings.out, "results.json"), JSON.stringify(json, null, 2));
  }
  if (settings.json) {
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return 0;
  }
  const best = main.best;
  const search = best.found === undefined ? "" : `\nROAP+ search: a program explains ${best.found} of ${config.tasks} ${plural(config.tasks, "task")} on the grounded training pairs`;
  const skipped = best.skippedSteps > 0 ? `\n(${best.skippedSteps} steps skipped for non-finite loss or gradients)` : "";
  const compared = paper === undefined ? "" : `\n${paper.header}${wall}\n\n${comparisonText(best.metrics, paper.best.metrics)}`;
  const saved = settings.out !== undefined ? `\ncheckpoints and results.json in ${settings.out}` : "";
  io.stdout.write(`${main.header}${search}${skipped}${compared}\n\n${metricsText(best.metrics, main.gold, settings.show)}${saved}\n`);
  return 0;
}

/** Where --compare-paper keeps the paper's ROAP run inside --out. */
const PAPER_DIR = "paper-roap";

/** Trains each arm's configuration as the settings say (restarts, workers, checkpoints), under one progress bar. */
async function trainArms(arms: readonly RoapArm[], dataset: ImageDataset, settings: RoapTrainSettings, io: CliIo) {
  const { runRoapSideBySide } = await import("../systems/roap/run.js");
  const labels = arms.map(({ config }) => (config.plus === null ? (arms.length > 1 ? "roap (paper)" : "roap") : "roap+"));
  const bar = new ProgressBar({ label: labels.join(" & "), stream: io.stderr, enabled: !settings.quiet });
  const started = performance.now();
  let results: Awaited<ReturnType<typeof runRoapSideBySide>>;
  try {
    results = await runRoapSideBySide(arms, dataset, {
      restarts: settings.restarts,
      // Stored in the checkpoints: absolute, so that `roap eval` finds the images from any directory.
      images: { name: settings.images, dataDir: settings.dataDir && resolve(settings.dataDir) },
      resume: settings.resume,
      samples: settings.samples,
      workers: settings.workers,
      onStep: (report, progress) => {
        const last = progress.lastEpoch;
        const tasks = (arms[progress.arm] as RoapArm).config.tasks;
        const found = last?.found === undefined ? "" : `  found ${last.found}`;
        const solved = last === undefined ? "" : `  success ${last.programSuccess}/${tasks}${found}`;
        const arm = arms.length > 1 ? `${labels[progress.arm]}  ` : "";
        const run = settings.restarts > 1 ? `run ${progress.restart + 1}/${settings.restarts}  ` : "";
        bar.update(progress.completedSteps, progress.totalSteps, `${arm}${run}epoch ${report.epoch + 1}  loss ${report.loss.toFixed(3)}${solved}`);
      },
    });
  } finally {
    bar.finish();
  }
  const seconds = (performance.now() - started) / 1000;
  return results.map((result, index) => {
    const { config } = arms[index] as RoapArm;
    const best = result.runs[result.best];
    if (best === undefined) throw new Error("no restart finished");
    const method = config.plus === null ? "ROAP (the paper's method)" : "ROAP+ (ours: ROAP with search in the training loop)";
    const runSeconds = result.runs.reduce((sum, run) => sum + run.seconds, 0);
    const header =
      `${method} on ${settings.images}: ${config.tasks} ${plural(config.tasks, "task")}, ${config.epochs} ${plural(config.epochs, "epoch")} × ` +
      `${config.stepsPerEpoch} ${plural(config.stepsPerEpoch, "step")}, ${settings.restarts} ${plural(settings.restarts, "run")} ` +
      (arms.length > 1 ? `of ${runSeconds.toFixed(0)} s` : `in ${seconds.toFixed(0)} s`) +
      (settings.restarts > 1 ? ` (best: run ${result.best + 1}, by training loss)` : "");
    const json = {
      seconds: arms.length > 1 ? runSeconds : seconds,
      best: result.best,
      runs: result.runs.map((run) => ({
        restart: run.restart,
        seconds: run.seconds,
        timing: run.timing,
        skippedSteps: run.skippedSteps,
        found: run.found ?? null,
        history: run.history,
        metrics: metricsJson(run.metrics, result.gold),
      })),
    };
    return { best, gold: result.gold, header, json };
  });
}

async function evaluate(settings: RoapEvalSettings, io: CliIo): Promise<number> {
  const { readCheckpoint } = await import("../systems/roap/checkpoint.js");
  const saved = readCheckpoint(settings.checkpoint);
  const { loadImages } = await import("../data/images.js");
  let dataset: ImageDataset;
  try {
    dataset = loadImages(saved.images.name, { dataDir: saved.images.dataDir });
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${settings.checkpoint}: its images (${saved.images.name}${saved.images.dataDir === undefined ? "" : ` in ${saved.images.dataDir}`}) cannot be loaded: ${error.message}`);
    throw error;
  }
  await startEngine(settings.backend);
  const { RoapTrainer } = await import("../systems/roap/trainer.js");
  const { Rng } = await import("../engine/rng.js");
  const trainer = new RoapTrainer(saved.config, dataset, saved.restart);
  try {
    trainer.restoreState(saved.state, settings.checkpoint);
    const metrics = trainer.evaluate(true, settings.samples > 0 ? { samples: settings.samples, rng: new Rng(settings.seed) } : undefined);
    const gold = trainer.tasks.programs;
    const enumeration = settings.enumerate ? trainer.enumerationSuccess() : undefined;
    if (settings.json) {
      const report = { checkpoint: settings.checkpoint, step: trainer.step, totalSteps: trainer.totalSteps, history: trainer.history, metrics: metricsJson(metrics, gold), enumerationSuccess: enumeration };
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      const ceiling = enumeration === undefined ? "" : `\nbottom-up enumeration from the learned symbols: ${enumeration} / ${saved.config.tasks} tasks (what the synthesizer could reach with this grounder)\n`;
      io.stdout.write(`${settings.checkpoint}: step ${trainer.step} of ${trainer.totalSteps}, ${saved.config.tasks} tasks on ${saved.images.name}\n\n${metricsText(metrics, gold, settings.show)}${ceiling}`);
    }
  } finally {
    trainer.dispose();
  }
  return 0;
}
