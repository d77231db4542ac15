import { IMAGE_DATASETS, type ImageDatasetName } from "../data/images.js";
import { BOUNDS } from "../bounds.js";
import { UsageError } from "../errors.js";
import { RELAXATIONS } from "../relax/kinds.js";
import type { Schedule } from "../relax/schedules.js";
import { ABDUCTIONS, CONSTANT_RATE, GROUNDERS, PROGRAM_MODELS, ROAP_CPU, ROAP_PAPER, ROAP_PLUS, SYNTHESIZERS, validateRoapConfig, type RoapConfig, type RoapPlusConfig } from "../systems/roap/config.js";
import { backendFrom } from "./args.js";
import { SHARED, choiceFlag, integerFlag, integerListFlag, noPositionals, numberFlag, onePositional, onlyWhen, optionLines, parseFlags, switchFlag, textFlag, defaultNote, withDefault, type ParsedFlags } from "./flags.js";
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

const T = "roap train options:";

const TRAIN_FLAGS = {
  preset: withDefault(choiceFlag("P", PRESET_NAMES, `cpu: CPU-sized model and schedule; paper: the paper's sizes (ResNet-18 grounder, ${P.hidden.join("x")} MLPs, ${P.stepsPerEpoch} steps per epoch)`, T), "cpu"),
  tasks: integerFlag("T", 1, BOUNDS.roapTasks, `tasks trained together ${defaultNote(C.tasks, `; paper ${P.tasks}`)}`, T),
  images: withDefault(choiceFlag("NAME", IMAGE_DATASETS, `${IMAGE_DATASETS.join(" | ")}; mnist is embedded`, T), "mnist"),
  "data-dir": textFlag("DIR", "where the image files are (required for cifar10)", T),
  grounder: choiceFlag("G", GROUNDERS, "cnn (default: a small CNN sized for CPU) | resnet18 (the paper's ResNet-18, GroupNorm instead of BatchNorm; slow on CPU)", T),
  "resnet-width": integerFlag("W", 1, BOUNDS.width, `channels of the ResNet-18's first stage ${defaultNote(P.resnetWidth, ", the standard ResNet-18; e.g. 16 for a 16x cheaper net")}`, T),
  epochs: integerFlag("E", 1, BOUNDS.epochs, `epochs ${defaultNote(C.epochs)}; the prior and temperature follow them`, T),
  "steps-per-epoch": integerFlag("S", 1, BOUNDS.steps, `optimizer steps per epoch ${defaultNote(C.stepsPerEpoch)}`, T),
  batch: integerFlag("N", 1, BOUNDS.roapPairs, `symbol tuples (I/O pairs per task) per step ${defaultNote(C.batch)}`, T),
  lines: integerFlag("L", 1, BOUNDS.sketchLines, `lines of the program sketch ${defaultNote(C.lines)}`, T),
  model: choiceFlag("M", PROGRAM_MODELS, "straight-line (default, ROAP) | syntax-tree | mlp-disjoint | mlp-onehot (the CNN+MLP baselines, no programs)", T),
  depth: integerFlag("D", 1, 8, `depth of the syntax tree ${defaultNote(C.depth)}`, T),
  synthesizer: choiceFlag("K", SYNTHESIZERS, 'amortized (default, ROAP\'s PointNet) | free (per-task logits, "w/o amortized inference")', T),
  relaxation: choiceFlag("K", RELAXATIONS, `${RELAXATIONS.join(" | ")} ${defaultNote(C.relaxation)}`, T),
  "length-prior": numberFlag("λ", { positive: false }, `weight of the length prior from epoch ${C.priorFromEpoch} ${defaultNote(C.lengthPrior)}`, T),
  "learning-rate": numberFlag("R", { positive: true }, `Adam learning rate ${defaultNote(C.learningRate)}`, T),
  "learning-rate-decay": numberFlag("F", { positive: true, max: 1 }, "ours: the learning rate falls geometrically to F times its value over the --epochs (default 1: constant, as the paper)", T),
  "learning-rate-decay-from": integerFlag("E", 0, BOUNDS.epochs, "ours: keep the full rate for the first E epochs and decay over the rest (default 0)", T),
  hidden: integerListFlag("H", 1, BOUNDS.width, `hidden layer sizes of the synthesizer MLPs, e.g. 64,64 ${defaultNote(C.hidden.join(","))}`, T),
  "test-samples": integerFlag("N", 1, BOUNDS.roapTestPairs, `I/O pairs per task in the test split ${defaultNote(C.testSamples)}`, T),
  plus: switchFlag(`ROAP+ (ours, not the paper's method): bottom-up search in the training loop; each epoch from --plus-from-epoch, every task's best program (<= ${ROAP_PLUS.maxOperators} operators) on the grounded training pairs is looked up, and where it explains the task it is taught to the synthesizer and the grounder learns through it`, T),
  "plus-from-epoch": withDefault(integerFlag("E", 0, Number.MAX_SAFE_INTEGER, "first epoch whose end runs the search", T), ROAP_PLUS.fromEpoch),
  "plus-threshold": withDefault(numberFlag("F", { positive: true }, "a found program explains a task when its MSE is below F times the variance of the task's outputs", T), ROAP_PLUS.threshold),
  "teach-weight": withDefault(numberFlag("W", { positive: false }, "weight of the cross-entropy that teaches found programs", T), ROAP_PLUS.teachWeight),
  "abduction-weight": withDefault(numberFlag("W", { positive: false }, "weight of the abduction term", T), ROAP_PLUS.abductionWeight),
  abduction: withDefault(choiceFlag("K", ABDUCTIONS, "symbols: the grounder regresses towards the symbols the found programs imply for each tuple | gradient: the likelihood with the found programs executed exactly", T), ROAP_PLUS.abduction),
  "no-calibrate": switchFlag("ROAP+ searches under the global affine map of the learned symbols (scale, offset, sign) that lets the tasks' programs fit best, for a grounder still off in scale; this turns it off", T),
  "compare-paper": switchFlag("with --plus: also train the paper's ROAP (the same settings without --plus) on the same tasks and print both side by side (its checkpoints go to --out DIR/paper-roap; with --workers 2 both train at the same time)", T),
  samples: withDefault(integerFlag("K", 0, MAX_SAMPLES, "also report sample-and-verify decoding (ours): K programs drawn per task plus the argmax, the one that best fits the task's training pairs kept; 0: the paper's argmax only", T), 0),
  restarts: withDefault(integerFlag("R", 1, BOUNDS.restarts, "independent runs; the best by training MSE is reported", T), 1),
  workers: withDefault(integerFlag("W", 1, 64, "train up to W restarts at the same time, each in a worker thread; same results; the cores are shared among them. With --compare-paper the two methods' restarts share the W workers", T), 1),
  seed: SHARED.seed(C.seed, "random seed; the same seed gives the same result", T),
  out: textFlag("DIR", "write checkpoints (restart-K.json) and results.json there", T),
  resume: switchFlag("continue the runs saved in --out DIR; with a larger --epochs, train finished runs further (same result as the longer run)", T),
  show: withDefault(integerFlag("K", 0, Number.MAX_SAFE_INTEGER, "learned programs to print; all with --json", T), DEFAULT_SHOW),
  backend: SHARED.backend(T),
  json: SHARED.json(T),
  quiet: SHARED.quiet(T),
  help: SHARED.help(T),
};

const EVAL_FLAGS = {
  show: TRAIN_FLAGS.show,
  samples: TRAIN_FLAGS.samples,
  seed: SHARED.seed(C.seed),
  enumerate: switchFlag("count the tasks bottom-up enumeration solves from the learned symbols"),
  backend: SHARED.backend(),
  json: SHARED.json(),
  help: SHARED.help(),
};

export const ROAP_USAGE = `Usage: gradsynth roap train [options]
       gradsynth roap eval CHECKPOINT [--samples K] [--show K] [--enumerate] [--json]

ROAP (Tang & Ellis 2023): learns, from images and output numbers alone, a symbol grounder
(a CNN: image -> number) and one straight-line program per task, end to end. Each task is a
random formula over 3 digit images, e.g. s1 * s2 + s3; the digits' values are never shown.

${optionLines(TRAIN_FLAGS)}

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

type Env = Readonly<Record<string, string | undefined>>;

export function parseRoapTrainArgs(args: readonly string[], env: Env = {}): RoapTrainSettings | "help" {
  const parsed = parseFlags(TRAIN_FLAGS, args, HINT);
  const v = parsed.values;
  if (v.help) return "help";
  noPositionals("roap train", parsed.positionals, HINT);
  const base = ROAP_PRESETS[v.preset];
  const images = v.images;
  if (images === "cifar10" && v["data-dir"] === undefined) throw new UsageError("--images cifar10 needs --data-dir DIR (no copy of CIFAR-10 ships with gradsynth)");
  if (v.resume && v.out === undefined) throw new UsageError("--resume needs --out DIR (the directory holding the checkpoints)");
  const epochs = v.epochs ?? base.epochs;
  const config: RoapConfig = {
    ...base,
    tasks: v.tasks ?? base.tasks,
    grounder: v.grounder ?? base.grounder,
    resnetWidth: v["resnet-width"] ?? base.resnetWidth,
    epochs,
    stepsPerEpoch: v["steps-per-epoch"] ?? base.stepsPerEpoch,
    batch: v.batch ?? base.batch,
    lines: v.lines ?? base.lines,
    model: v.model ?? base.model,
    depth: v.depth ?? base.depth,
    synthesizer: v.synthesizer ?? base.synthesizer,
    relaxation: v.relaxation ?? base.relaxation,
    lengthPrior: v["length-prior"] ?? base.lengthPrior,
    learningRate: v["learning-rate"] ?? base.learningRate,
    learningRateFactor: decayFrom(parsed, epochs) ?? base.learningRateFactor,
    hidden: nonEmpty("--hidden", v.hidden) ?? base.hidden,
    testSamples: v["test-samples"] ?? base.testSamples,
    seed: v.seed,
    plus: plusFrom(parsed, base),
  };
  if (config.plus !== null && config.model !== "straight-line") throw new UsageError(`--plus teaches straight-line sketches; it cannot be combined with --model ${config.model}`);
  if (v["compare-paper"] && config.plus === null) throw new UsageError("--compare-paper compares ROAP+ with the paper's ROAP: add --plus");
  onlyWhen(parsed, ["resnet-width"], config.grounder === "resnet18", "applies to the ResNet-18 grounder only (add --grounder resnet18)");
  try {
    validateRoapConfig(config);
  } catch (error) {
    throw new UsageError(`invalid settings: ${(error as Error).message}`);
  }
  return {
    config,
    images,
    dataDir: v["data-dir"],
    restarts: v.restarts,
    workers: v.workers,
    out: v.out,
    resume: v.resume,
    show: v.show,
    samples: v.samples,
    comparePaper: v["compare-paper"],
    backend: backendFrom(v.backend, env),
    json: v.json,
    quiet: v.quiet,
  };
}

/**
 * --learning-rate-decay F [--learning-rate-decay-from E]: the factor stays 1 for the first E epochs
 * (default 0), then falls geometrically to F over the remaining epochs (F = 1: constant).
 */
function decayFrom(parsed: ParsedFlags<typeof TRAIN_FLAGS>, epochs: number): Schedule | undefined {
  const to = parsed.values["learning-rate-decay"];
  if (to === undefined) {
    if (parsed.given.has("learning-rate-decay-from")) throw new UsageError("--learning-rate-decay-from needs --learning-rate-decay F");
    return undefined;
  }
  const start = parsed.values["learning-rate-decay-from"];
  if (start !== undefined && start > epochs - 1) throw new UsageError(`--learning-rate-decay-from must be at most ${epochs - 1}, got '${start}'`);
  if (to === 1) return CONSTANT_RATE;
  return start === undefined || start === 0 ? { kind: "exponential", from: 1, to, over: epochs } : { kind: "exponential", from: 1, to, over: epochs - start, start };
}

/** ROAP+'s settings: null (the paper's ROAP) unless --plus is given; its tuning flags need --plus. */
function plusFrom(parsed: ParsedFlags<typeof TRAIN_FLAGS>, base: RoapConfig): RoapPlusConfig | null {
  const v = parsed.values;
  onlyWhen(parsed, ["plus-from-epoch", "plus-threshold", "teach-weight", "abduction-weight", "abduction", "no-calibrate"], v.plus, "applies to ROAP+ only (add --plus)");
  if (!v.plus) return null;
  const plus = base.plus ?? ROAP_PLUS;
  return {
    ...plus,
    fromEpoch: v["plus-from-epoch"],
    threshold: v["plus-threshold"],
    teachWeight: v["teach-weight"],
    abductionWeight: v["abduction-weight"],
    abduction: v.abduction,
    calibrate: v["no-calibrate"] ? false : plus.calibrate,
  };
}

export function parseRoapEvalArgs(args: readonly string[], env: Env = {}): RoapEvalSettings | "help" {
  const parsed = parseFlags(EVAL_FLAGS, args, HINT);
  const v = parsed.values;
  if (v.help) return "help";
  return {
    checkpoint: onePositional("roap eval", "CHECKPOINT", parsed.positionals, HINT),
    show: v.show,
    enumerate: v.enumerate,
    samples: v.samples,
    seed: v.seed,
    backend: backendFrom(v.backend, env),
    json: v.json,
  };
}

/** A list flag that, when given, must name at least one size. */
function nonEmpty(flag: string, sizes: number[] | undefined): number[] | undefined {
  if (sizes !== undefined && sizes.length === 0) throw new UsageError(`${flag} must list positive integers, e.g. 64,64`);
  return sizes;
}
