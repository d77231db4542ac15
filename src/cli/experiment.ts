import { join } from "node:path";
import { parseArgs } from "node:util";
import { IMAGE_DATASETS } from "../data/images.js";
import { BOUNDS } from "../bounds.js";
import { UsageError } from "../errors.js";
import { SCALES } from "../experiments/experiment.js";
import { CLI_BACKENDS, backendFrom, oneOf, optionalInteger, withUsageErrors } from "./args.js";
import type { CliIo } from "./io.js";
import { prepareOutputDir } from "./outputDir.js";
import { ProgressBar } from "./progress.js";

/** `gradsynth experiment NAME --scale ci|full [...]`: runs one reproduced table or figure. */
const OPTIONS = {
  scale: { type: "string" },
  images: { type: "string" },
  "data-dir": { type: "string" },
  out: { type: "string" },
  seed: { type: "string" },
  runs: { type: "string" },
  workers: { type: "string" },
  restarts: { type: "string" },
  models: { type: "string" },
  resume: { type: "boolean" },
  backend: { type: "string" },
  list: { type: "boolean" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const HINT = "(see 'gradsynth experiment --help')";

async function usage(): Promise<string> {
  const { EXPERIMENTS } = await import("../experiments/registry.js");
  const width = Math.max(...EXPERIMENTS.map((e) => e.name.length)) + 2;
  return `Usage: gradsynth experiment NAME [options]
       gradsynth experiment --list

Runs one table or figure of a paper and writes results.json, results.md (our numbers
beside the paper's) and SVG plots into --out DIR.

Experiments:
${EXPERIMENTS.map((e) => `  ${e.name.padEnd(width)}${e.summary}`).join("\n")}

Options:
  --scale S         ${SCALES.join(" | ")} (default ci): ci takes minutes, full is the paper's setting
  --images NAME     ${IMAGE_DATASETS.join(" | ")} (default mnist) for experiments on images
  --data-dir DIR    where the image files are (required for cifar10)
  --out DIR         output directory (default out/experiments/NAME-SCALE)
  --seed S          random seed (default 1)
  --runs K          independent runs per setting, for the experiments that repeat runs:
${EXPERIMENTS.filter((e) => e.runs !== undefined).map((e) => `                    ${e.name}: ${e.runs ?? ""}`).join("\n")}
  --workers W       restarts (of every row) trained at the same time, each in a worker thread
                    (same results), for the experiments that train ROAP restarts: ${EXPERIMENTS.filter((e) => e.restarts === true).map((e) => e.name).join(", ")}
  --restarts K      restarts per model (best by training loss) for the same experiments
                    (default: 1 at ci scale, 3 at full, the paper's)
  --models LIST     comma-separated models to run instead of all, for the experiments that
                    compare models:
${EXPERIMENTS.filter((e) => e.models !== undefined).map((e) => `                    ${e.name}: ${(e.models ?? []).join(", ")}`).join("\n")}
  --resume          continue an interrupted run from the checkpoints in --out DIR/checkpoints
                    (every restart of the experiments that train ROAP restarts is saved there
                    once per epoch; the results equal an uninterrupted run's)
  --backend B       tensor backend: ${CLI_BACKENDS.join(" or ")} (default wasm, or $GRADSYNTH_BACKEND)
  --list            list the experiments
  --quiet           no progress bar on stderr
  -h, --help        show this help
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
  const { values, positionals } = withUsageErrors(() => parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true }), HINT);
  if (values.help === true) {
    io.stdout.write(await usage());
    return 0;
  }
  const { EXPERIMENTS, findExperiment } = await import("../experiments/registry.js");
  if (values.list === true) {
    io.stdout.write(`${EXPERIMENTS.map((e) => `${e.name}  ${e.summary}`).join("\n")}\n`);
    return 0;
  }
  const [name, ...extra] = positionals;
  if (name === undefined) throw new UsageError(`experiment: missing NAME ${HINT}`);
  if (extra.length > 0) throw new UsageError(`experiment: unexpected argument '${extra[0]}' (one experiment per run)`);
  const experiment = findExperiment(name);
  if (experiment === undefined) throw new UsageError(`experiment: unknown experiment '${name}'; one of ${EXPERIMENTS.map((e) => e.name).join(", ")}`);
  const scale = oneOf("--scale", values.scale ?? "ci", SCALES);
  const images = oneOf("--images", values.images ?? "mnist", IMAGE_DATASETS);
  if (images === "cifar10" && values["data-dir"] === undefined) throw new UsageError("--images cifar10 needs --data-dir DIR (no copy of CIFAR-10 ships with gradsynth)");
  const seed = optionalInteger("--seed", values.seed, 0, 2 ** 31 - 1) ?? 1;
  const runs = optionalInteger("--runs", values.runs, 1, BOUNDS.runs);
  if (runs !== undefined && experiment.runs === undefined) throw new UsageError(`experiment: ${name} does not repeat runs, so it takes no --runs ${HINT}`);
  const workers = optionalInteger("--workers", values.workers, 1, 64);
  if (workers !== undefined && experiment.restarts !== true) throw new UsageError(`experiment: ${name} trains no ROAP restarts, so it takes no --workers ${HINT}`);
  const restarts = optionalInteger("--restarts", values.restarts, 1, 100);
  if (restarts !== undefined && experiment.restarts !== true) throw new UsageError(`experiment: ${name} trains no ROAP restarts, so it takes no --restarts ${HINT}`);
  const models = values.models === undefined ? undefined : modelList(name, values.models, experiment.models);
  if (values.resume === true && experiment.restarts !== true) throw new UsageError(`experiment: ${name} keeps no checkpoints, so it takes no --resume ${HINT}`);
  const backendName = backendFrom(values.backend, io.env);
  const out = values.out ?? join("out", "experiments", `${name}-${scale}`);
  prepareOutputDir("--out", out);
  const checkpointDir = experiment.restarts === true ? join(out, "checkpoints") : undefined;

  const { initEngine } = await import("../engine/backend.js");
  await initEngine(backendName);
  const bar = new ProgressBar({ label: name, stream: io.stderr, enabled: values.quiet !== true });
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
