import { parseArgs } from "node:util";
import { IMAGE_DATASETS, type ImageDatasetName } from "../data/images.js";
import { BOUNDS } from "../bounds.js";
import { UsageError } from "../errors.js";
import { RELAXATIONS } from "../relax/kinds.js";
import type { Schedule } from "../relax/schedules.js";
import { ABDUCTIONS, CONSTANT_RATE, GROUNDERS, PROGRAM_MODELS, ROAP_CPU, ROAP_PAPER, ROAP_PLUS, SYNTHESIZERS, validateRoapConfig, type RoapConfig, type RoapPlusConfig } from "../systems/roap/config.js";
import { CLI_BACKENDS, backendFrom, oneOf, optionalInteger, optionalNumber, withUsageErrors } from "./args.js";
import type { BackendName } from "../engine/backend.js";

/**
 * The settings of `gradsynth roap train` and `gradsynth roap eval`, parsed and validated from the
 * command line without loading the tensor engine (so --help and bad flags answer at once).
 */
export const ROAP_PRESETS = { cpu: ROAP_CPU, paper: ROAP_PAPER } as const;
export type RoapPreset = keyof typeof ROAP_PRESETS;
const PRESET_NAMES = Object.keys(ROAP_PRESETS) as RoapPreset[];

export interface RoapTrainSettings {
  readonly config: RoapConfig;
  readonly images: ImageDatasetName;
  readonly dataDir: string | undefined;
  readonly restarts: number;
  /** Restarts trained at the same time, each in a worker thread. */
  readonly workers: number;
  readonly out: string | undefined;
  readonly resume: boolean;
  /** Learned programs printed (all with --json). */
  readonly show: number;
  /** Sample-and-verify decoding in the final report: programs drawn per task besides the argmax (0: argmax only). */
  readonly samples: number;
  /** With --plus: also train the paper's ROAP on the same tasks and report it beside. */
  readonly comparePaper: boolean;
  readonly backend: BackendName | undefined;
  readonly json: boolean;
  readonly quiet: boolean;
}

export interface RoapEvalSettings {
  readonly checkpoint: string;
  readonly show: number;
  /** Also count the tasks bottom-up enumeration solves from the learned symbols (a diagnostic). */
  readonly enumerate: boolean;
  /** Sample-and-verify decoding: programs drawn per task besides the argmax (0: argmax only). */
  readonly samples: number;
  readonly seed: number;
  readonly backend: BackendName | undefined;
  readonly json: boolean;
}

const C = ROAP_CPU;
const P = ROAP_PAPER;
const DEFAULT_SHOW = 20;
const MAX_SAMPLES = 100_000;

export const ROAP_USAGE = `Usage: gradsynth roap train [options]
       gradsynth roap eval CHECKPOINT [--samples K] [--show K] [--enumerate] [--json]

ROAP (Tang & Ellis 2023): learns, from images and output numbers alone, a symbol grounder
(a CNN: image -> number) and one straight-line program per task, end to end. Each task is a
random formula over 3 digit images, e.g. s1 * s2 + s3; the digits' values are never shown.

roap train options:
  --preset P             cpu (default): CPU-sized model and schedule; paper: the
                         paper's sizes (ResNet-18 grounder, ${P.hidden.join("x")} MLPs,
                         ${P.stepsPerEpoch} steps per epoch)
  --tasks T              tasks trained together (default ${C.tasks}; paper ${P.tasks})
  --images NAME          ${IMAGE_DATASETS.join(" | ")} (default mnist, embedded)
  --data-dir DIR         where the image files are (required for cifar10)
  --grounder G           cnn (default: a small CNN sized for CPU) | resnet18 (the
                         paper's ResNet-18, GroupNorm instead of BatchNorm; slow on CPU)
  --resnet-width W       channels of the ResNet-18's first stage (default ${P.resnetWidth}, the
                         standard ResNet-18; e.g. 16 for a 16x cheaper net)
  --epochs E             epochs (default ${C.epochs}); the prior and temperature follow them
  --steps-per-epoch S    optimizer steps per epoch (default ${C.stepsPerEpoch})
  --batch N              symbol tuples (I/O pairs per task) per step (default ${C.batch})
  --lines L              lines of the program sketch (default ${C.lines})
  --model M              straight-line (default, ROAP) | syntax-tree | mlp-disjoint |
                         mlp-onehot (the CNN+MLP baselines, no programs)
  --depth D              depth of the syntax tree (default ${C.depth})
  --synthesizer K        amortized (default, ROAP's PointNet) | free (per-task logits,
                         "w/o amortized inference")
  --relaxation K         ${RELAXATIONS.join(" | ")} (default ${C.relaxation})
  --length-prior λ       weight of the length prior from epoch ${C.priorFromEpoch} (default ${C.lengthPrior})
  --learning-rate R      Adam learning rate (default ${C.learningRate})
  --learning-rate-decay F
                         ours: the learning rate falls geometrically to F times its
                         value over the --epochs (default 1: constant, as the paper)
  --learning-rate-decay-from E
                         ours: keep the full rate for the first E epochs and decay over
                         the rest (default 0)
  --hidden H             hidden layer sizes of the synthesizer MLPs, e.g. 64,64 (default ${C.hidden.join(",")})
  --test-samples N       I/O pairs per task in the test split (default ${C.testSamples})
  --plus                 ROAP+ (ours, not the paper's method): bottom-up search in the
                         training loop; each epoch from --plus-from-epoch, every task's
                         best program (<= ${ROAP_PLUS.maxOperators} operators) on the grounded training pairs
                         is looked up, and where it explains the task it is taught to
                         the synthesizer and the grounder learns through it
  --plus-from-epoch E    first epoch whose end runs the search (default ${ROAP_PLUS.fromEpoch})
  --plus-threshold F     a found program explains a task when its MSE is below F times
                         the variance of the task's outputs (default ${ROAP_PLUS.threshold})
  --teach-weight W       weight of the cross-entropy that teaches found programs (default ${ROAP_PLUS.teachWeight})
  --abduction-weight W   weight of the abduction term (default ${ROAP_PLUS.abductionWeight})
  --abduction K          symbols (default): the grounder regresses towards the symbols
                         the found programs imply for each tuple | gradient: the
                         likelihood with the found programs executed exactly
  --no-calibrate         ROAP+ searches under the global affine map of the learned
                         symbols (scale, offset, sign) that lets the tasks' programs
                         fit best, for a grounder still off in scale; this turns it off
  --compare-paper        with --plus: also train the paper's ROAP (the same settings
                         without --plus) on the same tasks and print both side by side
                         (its checkpoints go to --out DIR/paper-roap; with --workers 2
                         both train at the same time)
  --samples K            also report sample-and-verify decoding (ours): K programs drawn
                         per task plus the argmax, the one that best fits the task's
                         training pairs kept (default 0: the paper's argmax only)
  --restarts R           independent runs; the best by training MSE is reported (default 1)
  --workers W            train up to W restarts at the same time, each in a worker thread
                         (default 1); same results; the cores are shared among them. With
                         --compare-paper the two methods' restarts share the W workers
  --seed S               random seed (default ${C.seed}); the same seed gives the same result
  --out DIR              write checkpoints (restart-K.json) and results.json there
  --resume               continue the runs saved in --out DIR; with a larger --epochs,
                         train finished runs further (same result as the longer run)
  --show K               learned programs to print (default ${DEFAULT_SHOW}; all with --json)
  --backend B            tensor backend: ${CLI_BACKENDS.join(" or ")} (default wasm, or $GRADSYNTH_BACKEND)
  --json                 print one JSON object on stdout instead of text
  --quiet                no progress bar on stderr
  -h, --help             show this help

roap eval prints the metrics of a checkpoint (program success, symbolic loss, test
loss, generalization loss), the value learned for each image class and the programs.
With --samples K it also reports sample-and-verify decoding (K draws per task plus the
argmax, the best on the training pairs kept; --seed S seeds the draws, default ${C.seed}).
With --enumerate it also counts the tasks that bottom-up enumeration (up to 3 operators)
solves from the learned symbols of the pairs the synthesizer reads: what the synthesizer
could reach with this grounder, to tell which of the two limits program success.

Exit status: 0 on success; 2 for bad arguments or files; 1 for internal errors.
`;

const HINT = "(see 'gradsynth roap --help')";

const TRAIN_OPTIONS = {
  preset: { type: "string" },
  tasks: { type: "string" },
  images: { type: "string" },
  "data-dir": { type: "string" },
  grounder: { type: "string" },
  "resnet-width": { type: "string" },
  epochs: { type: "string" },
  "steps-per-epoch": { type: "string" },
  batch: { type: "string" },
  lines: { type: "string" },
  model: { type: "string" },
  depth: { type: "string" },
  synthesizer: { type: "string" },
  relaxation: { type: "string" },
  "length-prior": { type: "string" },
  "learning-rate": { type: "string" },
  "learning-rate-decay": { type: "string" },
  "learning-rate-decay-from": { type: "string" },
  hidden: { type: "string" },
  "test-samples": { type: "string" },
  plus: { type: "boolean" },
  "plus-from-epoch": { type: "string" },
  "plus-threshold": { type: "string" },
  "teach-weight": { type: "string" },
  "abduction-weight": { type: "string" },
  abduction: { type: "string" },
  "no-calibrate": { type: "boolean" },
  samples: { type: "string" },
  "compare-paper": { type: "boolean" },
  restarts: { type: "string" },
  workers: { type: "string" },
  seed: { type: "string" },
  out: { type: "string" },
  resume: { type: "boolean" },
  show: { type: "string" },
  backend: { type: "string" },
  json: { type: "boolean" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const EVAL_OPTIONS = {
  show: { type: "string" },
  samples: { type: "string" },
  seed: { type: "string" },
  enumerate: { type: "boolean" },
  backend: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type Env = Readonly<Record<string, string | undefined>>;

export function parseRoapTrainArgs(args: readonly string[], env: Env = {}): RoapTrainSettings | "help" {
  const { values, positionals } = withUsageErrors(() => parseArgs({ args: [...args], options: TRAIN_OPTIONS, allowPositionals: true, strict: true }), HINT);
  if (values.help === true) return "help";
  if (positionals.length > 0) throw new UsageError(`roap train: unexpected argument '${positionals[0]}' ${HINT}`);
  const base = ROAP_PRESETS[oneOf("--preset", values.preset ?? "cpu", PRESET_NAMES)];
  const images = oneOf("--images", values.images ?? "mnist", IMAGE_DATASETS);
  if (images === "cifar10" && values["data-dir"] === undefined) throw new UsageError("--images cifar10 needs --data-dir DIR (no copy of CIFAR-10 ships with gradsynth)");
  if (values.resume === true && values.out === undefined) throw new UsageError("--resume needs --out DIR (the directory holding the checkpoints)");
  const config: RoapConfig = {
    ...base,
    tasks: optionalInteger("--tasks", values.tasks, 1, BOUNDS.roapTasks) ?? base.tasks,
    grounder: values.grounder === undefined ? base.grounder : oneOf("--grounder", values.grounder, GROUNDERS),
    resnetWidth: optionalInteger("--resnet-width", values["resnet-width"], 1, BOUNDS.width) ?? base.resnetWidth,
    epochs: optionalInteger("--epochs", values.epochs, 1, BOUNDS.epochs) ?? base.epochs,
    stepsPerEpoch: optionalInteger("--steps-per-epoch", values["steps-per-epoch"], 1, BOUNDS.steps) ?? base.stepsPerEpoch,
    batch: optionalInteger("--batch", values.batch, 1, BOUNDS.roapPairs) ?? base.batch,
    lines: optionalInteger("--lines", values.lines, 1, BOUNDS.sketchLines) ?? base.lines,
    model: values.model === undefined ? base.model : oneOf("--model", values.model, PROGRAM_MODELS),
    depth: optionalInteger("--depth", values.depth, 1, 8) ?? base.depth,
    synthesizer: values.synthesizer === undefined ? base.synthesizer : oneOf("--synthesizer", values.synthesizer, SYNTHESIZERS),
    relaxation: values.relaxation === undefined ? base.relaxation : oneOf("--relaxation", values.relaxation, RELAXATIONS),
    lengthPrior: optionalNumber("--length-prior", values["length-prior"], false) ?? base.lengthPrior,
    learningRate: optionalNumber("--learning-rate", values["learning-rate"], true) ?? base.learningRate,
    learningRateFactor: decayFrom(values["learning-rate-decay"], values["learning-rate-decay-from"], optionalInteger("--epochs", values.epochs, 1, BOUNDS.epochs) ?? base.epochs) ?? base.learningRateFactor,
    hidden: values.hidden === undefined ? base.hidden : parseSizes("--hidden", values.hidden),
    testSamples: optionalInteger("--test-samples", values["test-samples"], 1, BOUNDS.roapTestPairs) ?? base.testSamples,
    seed: optionalInteger("--seed", values.seed, 0, 2 ** 31 - 1) ?? base.seed,
    plus: plusFrom(values, base),
  };
  if (config.plus !== null && config.model !== "straight-line") throw new UsageError(`--plus teaches straight-line sketches; it cannot be combined with --model ${config.model}`);
  if (values["compare-paper"] === true && config.plus === null) throw new UsageError("--compare-paper compares ROAP+ with the paper's ROAP: add --plus");
  if (values["resnet-width"] !== undefined && config.grounder !== "resnet18") throw new UsageError("--resnet-width applies to the ResNet-18 grounder only (add --grounder resnet18)");
  try {
    validateRoapConfig(config);
  } catch (error) {
    throw new UsageError(`invalid settings: ${(error as Error).message}`);
  }
  return {
    config,
    images,
    dataDir: values["data-dir"],
    restarts: optionalInteger("--restarts", values.restarts, 1, BOUNDS.restarts) ?? 1,
    workers: optionalInteger("--workers", values.workers, 1, 64) ?? 1,
    out: values.out,
    resume: values.resume === true,
    show: optionalInteger("--show", values.show, 0) ?? DEFAULT_SHOW,
    samples: optionalInteger("--samples", values.samples, 0, MAX_SAMPLES) ?? 0,
    comparePaper: values["compare-paper"] === true,
    backend: backendFrom(values.backend, env),
    json: values.json === true,
    quiet: values.quiet === true,
  };
}

/**
 * --learning-rate-decay F [--learning-rate-decay-from E]: the factor stays 1 for the first E epochs
 * (default 0), then falls geometrically to F over the remaining epochs (F = 1: constant).
 */
function decayFrom(text: string | undefined, fromText: string | undefined, epochs: number): Schedule | undefined {
  const to = optionalNumber("--learning-rate-decay", text, true);
  if (to === undefined) {
    if (fromText !== undefined) throw new UsageError("--learning-rate-decay-from needs --learning-rate-decay F");
    return undefined;
  }
  const start = optionalInteger("--learning-rate-decay-from", fromText, 0, epochs - 1);
  if (to > 1) throw new UsageError(`--learning-rate-decay must be in (0, 1], got ${text}`);
  if (to === 1) return CONSTANT_RATE;
  return start === undefined || start === 0 ? { kind: "exponential", from: 1, to, over: epochs } : { kind: "exponential", from: 1, to, over: epochs - start, start };
}

const PLUS_FLAGS = ["plus-from-epoch", "plus-threshold", "teach-weight", "abduction-weight", "abduction", "no-calibrate"] as const;

/** ROAP+'s settings: null (the paper's ROAP) unless --plus is given; its tuning flags need --plus. */
function plusFrom(values: Partial<Record<(typeof PLUS_FLAGS)[number], string | boolean>> & { plus?: boolean }, base: RoapConfig): RoapPlusConfig | null {
  if (values.plus !== true) {
    const stray = PLUS_FLAGS.find((flag) => values[flag] !== undefined);
    if (stray !== undefined) throw new UsageError(`--${stray} applies to ROAP+ only (add --plus)`);
    return null;
  }
  const plus = base.plus ?? ROAP_PLUS;
  const text = (flag: (typeof PLUS_FLAGS)[number]): string | undefined => (typeof values[flag] === "string" ? values[flag] : undefined);
  return {
    ...plus,
    fromEpoch: optionalInteger("--plus-from-epoch", text("plus-from-epoch"), 0) ?? plus.fromEpoch,
    threshold: optionalNumber("--plus-threshold", text("plus-threshold"), true) ?? plus.threshold,
    teachWeight: optionalNumber("--teach-weight", text("teach-weight"), false) ?? plus.teachWeight,
    abductionWeight: optionalNumber("--abduction-weight", text("abduction-weight"), false) ?? plus.abductionWeight,
    abduction: values.abduction === undefined ? plus.abduction : oneOf("--abduction", text("abduction") ?? "", ABDUCTIONS),
    calibrate: values["no-calibrate"] === true ? false : plus.calibrate,
  };
}

export function parseRoapEvalArgs(args: readonly string[], env: Env = {}): RoapEvalSettings | "help" {
  const { values, positionals } = withUsageErrors(() => parseArgs({ args: [...args], options: EVAL_OPTIONS, allowPositionals: true, strict: true }), HINT);
  if (values.help === true) return "help";
  const [checkpoint, ...extra] = positionals;
  if (checkpoint === undefined) throw new UsageError(`roap eval: missing CHECKPOINT ${HINT}`);
  if (extra.length > 0) throw new UsageError(`roap eval: unexpected argument '${extra[0]}' (one CHECKPOINT per run)`);
  return {
    checkpoint,
    show: optionalInteger("--show", values.show, 0) ?? DEFAULT_SHOW,
    enumerate: values.enumerate === true,
    samples: optionalInteger("--samples", values.samples, 0, MAX_SAMPLES) ?? 0,
    seed: optionalInteger("--seed", values.seed, 0, 2 ** 31 - 1) ?? ROAP_CPU.seed,
    backend: backendFrom(values.backend, env),
    json: values.json === true,
  };
}

/** "64,64" → [64, 64]: a comma-separated list of positive integers. */
function parseSizes(flag: string, text: string): number[] {
  const sizes = text.split(",").map((part) => optionalInteger(flag, part, 1, BOUNDS.width) as number);
  if (sizes.length === 0) throw new UsageError(`${flag} must list positive integers, e.g. 64,64`);
  return sizes;
}
