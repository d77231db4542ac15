import { join } from "node:path";
import { IMAGE_DATASETS } from "../data/images.js";
import { BOUNDS } from "../bounds.js";
import { UsageError } from "../errors.js";
import { SCALES, type Experiment } from "../experiments/experiment.js";
import { backendFrom } from "./args.js";
import { SHARED, choiceFlag, integerFlag, optionLines, parseFlags, switchFlag, textFlag, withDefault } from "./flags.js";
import type { CliIo } from "./io.js";
import { prepareOutputDir } from "./outputDir.js";
import { ProgressBar } from "./progress.js";

const HINT = "(see 'gradsynth experiment --help')";

/** The flags of `gradsynth experiment`; their help names the experiments each applies to. */
function experimentFlags(experiments: readonly Experiment[]) {
  const training = experiments.filter((e) => e.restarts === true).map((e) => e.name);
  return {
    scale: withDefault(choiceFlag("S", SCALES, `${SCALES.join(" | ")}: ci takes minutes, full is the paper's setting`), "ci"),
    images: withDefault(choiceFlag("NAME", IMAGE_DATASETS, `${IMAGE_DATASETS.join(" | ")} for experiments on images`), "mnist"),
    "data-dir": textFlag("DIR", "where the image files are (required for cifar10)"),
    out: textFlag("DIR", "output directory (default out/experiments/NAME-SCALE)"),
    seed: SHARED.seed(1, "random seed"),
    runs: integerFlag("K", 1, BOUNDS.runs, [
      "independent runs per setting, for the experiments that repeat runs:",
      ...experiments.filter((e) => e.runs !== undefined).map((e) => `${e.name}: ${e.runs ?? ""}`),
    ]),
    workers: integerFlag("W", 1, 64, `restarts (of every row) trained at the same time, each in a worker thread (same results), for the experiments that train ROAP restarts: ${training.join(", ")}`),
    restarts: integerFlag("K", 1, 100, "restarts per model (best by training loss) for the same experiments (default: 1 at ci scale, 3 at full, the paper's)"),
    models: textFlag("LIST", [
      "comma-separated models to run instead of all, for the experiments that compare models:",
      ...experiments.filter((e) => e.models !== undefined).map((e) => `${e.name}: ${(e.models ?? []).join(", ")}`),
    ]),
    resume: switchFlag("continue an interrupted run from the checkpoints in --out DIR/checkpoints (every restart of the experiments that train ROAP restarts is saved there once per epoch; the results equal an uninterrupted run's)"),
    backend: SHARED.backend(),
    list: switchFlag("list the experiments"),
    quiet: SHARED.quiet(),
    help: SHARED.help(),
  };
}

function usage(experiments: readonly Experiment[]): string {
  const width = Math.max(...experiments.map((e) => e.name.length)) + 2;
  return `Usage: gradsynth experiment NAME [options]
       gradsynth experiment --list

Runs one table or figure of a paper and writes results.json, results.md (our numbers
beside the paper's) and SVG plots into --out DIR.

Experiments:
${experiments.map((e) => `  ${e.name.padEnd(width)}${e.summary}`).join("\n")}

${optionLines(experimentFlags(experiments))}
`;
}

/** `--models a,b`: each name checked against the experiment's models, in the experiment's order regardless of the list's. */
function modelList(name: string, text: string, known: readonly string[] | undefined): string[] {
  if (known === undefined) throw new UsageError(`experiment: ${name} compares no models, so it takes no --models ${HINT}`);
  const names = text.split(",").map((m) => m.trim());
  const unknown = names.find((m) => !known.includes(m));
  if (unknown !== undefined) throw new UsageError(`--models: unknown model '${unknown}' for ${name}; one of ${known.join(", ")}`);
  return known.filter((m) => names.includes(m));
}

export async function experimentCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { EXPERIMENTS, findExperiment } = await import("../experiments/registry.js");
  const parsed = parseFlags(experimentFlags(EXPERIMENTS), args, HINT);
  const values = parsed.values;
  if (values.help) {
    io.stdout.write(usage(EXPERIMENTS));
    return 0;
  }
  if (values.list) {
    io.stdout.write(`${EXPERIMENTS.map((e) => `${e.name}  ${e.summary}`).join("\n")}\n`);
    return 0;
  }
  const [name, ...extra] = parsed.positionals;
  if (name === undefined) throw new UsageError(`experiment: missing NAME ${HINT}`);
  if (extra.length > 0) throw new UsageError(`experiment: unexpected argument '${extra[0]}' (one experiment per run)`);
  const experiment = findExperiment(name);
  if (experiment === undefined) throw new UsageError(`experiment: unknown experiment '${name}'; one of ${EXPERIMENTS.map((e) => e.name).join(", ")}`);
  const { scale, images } = values;
  if (images === "cifar10" && values["data-dir"] === undefined) throw new UsageError("--images cifar10 needs --data-dir DIR (no copy of CIFAR-10 ships with gradsynth)");
  const { seed, runs, workers, restarts } = values;
  if (runs !== undefined && experiment.runs === undefined) throw new UsageError(`experiment: ${name} does not repeat runs, so it takes no --runs ${HINT}`);
  if (workers !== undefined && experiment.restarts !== true) throw new UsageError(`experiment: ${name} trains no ROAP restarts, so it takes no --workers ${HINT}`);
  if (restarts !== undefined && experiment.restarts !== true) throw new UsageError(`experiment: ${name} trains no ROAP restarts, so it takes no --restarts ${HINT}`);
  const models = values.models === undefined ? undefined : modelList(name, values.models, experiment.models);
  if (values.resume && experiment.restarts !== true) throw new UsageError(`experiment: ${name} keeps no checkpoints, so it takes no --resume ${HINT}`);
  const backendName = backendFrom(values.backend, io.env);
  const out = values.out ?? join("out", "experiments", `${name}-${scale}`);
  prepareOutputDir("--out", out);
  const checkpointDir = experiment.restarts === true ? join(out, "checkpoints") : undefined;

  const { initEngine } = await import("../engine/backend.js");
  await initEngine(backendName);
  const bar = new ProgressBar({ label: name, stream: io.stderr, enabled: !values.quiet });
  const started = performance.now();
  let output;
  try {
    output = await experiment.run({ scale, images, dataDir: values["data-dir"], seed, runs, workers, restarts, models, checkpointDir, resume: values.resume, progress: bar.callback });
  } finally {
    bar.finish();
  }
  const { writeExperiment } = await import("../experiments/write.js");
  const files = await writeExperiment(out, output);
  io.stdout.write(`${output.markdown.trimEnd()}\n\n${name} (${scale}) took ${((performance.now() - started) / 1000).toFixed(0)} s; wrote ${files.join(", ")}\n`);
  return 0;
}
