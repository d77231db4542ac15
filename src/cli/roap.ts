import { mkdirSync } from "node:fs";
import { writeFileAtomic } from "../engine/atomicWrite.js";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import type { BackendName } from "../engine/backend.js";
import type { CliIo } from "./io.js";
import { ProgressBar } from "./progress.js";
import type { ImageDataset } from "../data/images.js";
import type { RoapConfig } from "../systems/roap/config.js";
import { comparisonText, metricsJson, metricsText } from "./roapReport.js";
import { ROAP_USAGE, parseRoapEvalArgs, parseRoapTrainArgs, type RoapEvalSettings, type RoapTrainSettings } from "./roapSettings.js";
import { plural } from "../text.js";

/** `gradsynth roap train|eval ...`. The engine and the ROAP modules load only when a run starts. */
export async function roapCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "-h" || sub === "--help") {
    if (sub === undefined) throw new UsageError("roap: missing subcommand, train or eval (see 'gradsynth roap --help')");
    io.stdout.write(ROAP_USAGE);
    return 0;
  }
  if (sub === "train") {
    const settings = parseRoapTrainArgs(rest, io.env);
    if (settings === "help") return help(io);
    return train(settings, io);
  }
  if (sub === "eval") {
    const settings = parseRoapEvalArgs(rest, io.env);
    if (settings === "help") return help(io);
    return evaluate(settings, io);
  }
  throw new UsageError(`roap: unknown subcommand '${sub}', expected train or eval (see 'gradsynth roap --help')`);
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
  const { loadImages } = await import("../data/images.js");
  const dataset = loadImages(settings.images, { dataDir: settings.dataDir });
  const backend = await startEngine(settings.backend);
  const { config } = settings;
  const main = await trainConfig(config, dataset, settings, settings.out, config.plus === null ? "roap" : "roap+", io);
  // --compare-paper: the paper's ROAP, same settings without ROAP+, on the same tasks (same seed).
  const paper = settings.comparePaper ? await trainConfig({ ...config, plus: null }, dataset, settings, settings.out && join(settings.out, PAPER_DIR), "roap (paper)", io) : undefined;
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
  const compared = paper === undefined ? "" : `\n${paper.header}\n\n${comparisonText(best.metrics, paper.best.metrics)}`;
  const saved = settings.out !== undefined ? `\ncheckpoints and results.json in ${settings.out}` : "";
  io.stdout.write(`${main.header}${search}${skipped}${compared}\n\n${metricsText(best.metrics, main.gold, settings.show)}${saved}\n`);
  return 0;
}

/** Where --compare-paper keeps the paper's ROAP run inside --out. */
const PAPER_DIR = "paper-roap";

/** Trains `config` as the settings say (restarts, workers, checkpoints), with its own progress bar. */
async function trainConfig(config: RoapConfig, dataset: ImageDataset, settings: RoapTrainSettings, out: string | undefined, label: string, io: CliIo) {
  const { runRoap } = await import("../systems/roap/run.js");
  const bar = new ProgressBar({ label, stream: io.stderr, enabled: !settings.quiet });
  const started = performance.now();
  let result: Awaited<ReturnType<typeof runRoap>>;
  try {
    result = await runRoap(config, dataset, {
      restarts: settings.restarts,
      images: { name: settings.images, dataDir: settings.dataDir },
      checkpointDir: out,
      resume: settings.resume,
      samples: settings.samples,
      workers: settings.workers,
      onStep: (report, progress) => {
        const last = progress.lastEpoch;
        const found = last?.found === undefined ? "" : `  found ${last.found}`;
        const solved = last === undefined ? "" : `  success ${last.programSuccess}/${config.tasks}${found}`;
        const run = settings.restarts > 1 ? `run ${progress.restart + 1}/${settings.restarts}  ` : "";
        bar.update(progress.completedSteps, progress.totalSteps, `${run}epoch ${report.epoch + 1}  loss ${report.loss.toFixed(3)}${solved}`);
      },
    });
  } finally {
    bar.finish();
  }
  const seconds = (performance.now() - started) / 1000;
  const best = result.runs[result.best];
  if (best === undefined) throw new Error("no restart finished");
  const method = config.plus === null ? "ROAP (the paper's method)" : "ROAP+ (ours: ROAP with search in the training loop)";
  const header =
    `${method} on ${settings.images}: ${config.tasks} ${plural(config.tasks, "task")}, ${config.epochs} ${plural(config.epochs, "epoch")} × ` +
    `${config.stepsPerEpoch} ${plural(config.stepsPerEpoch, "step")}, ${settings.restarts} ${plural(settings.restarts, "run")} in ${seconds.toFixed(0)} s` +
    (settings.restarts > 1 ? ` (best: run ${result.best + 1}, by training loss)` : "");
  const json = {
    seconds,
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
}

async function evaluate(settings: RoapEvalSettings, io: CliIo): Promise<number> {
  const { readCheckpoint } = await import("../systems/roap/checkpoint.js");
  const saved = readCheckpoint(settings.checkpoint);
  const { loadImages } = await import("../data/images.js");
  const dataset = loadImages(saved.images.name, { dataDir: saved.images.dataDir });
  await startEngine(settings.backend);
  const { RoapTrainer } = await import("../systems/roap/trainer.js");
  const { Rng } = await import("../engine/rng.js");
  const trainer = new RoapTrainer(saved.config, dataset, saved.restart);
  try {
    trainer.restoreState(saved.state);
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
