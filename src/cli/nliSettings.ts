import { BOUNDS } from "../bounds.js";
import { UsageError } from "../errors.js";
import { SPLITS } from "../data/nli/splits.js";
import { PARAMS_CHOICES, type ParamsChoice } from "../systems/nli/checkpoint.js";
import { defaultConfig, type NliTrainingOptions } from "../systems/nli/config.js";
import { INTERPRETER_KINDS } from "../systems/nli/interpreter.js";
import type { EvaluateOptions } from "../systems/nli/evaluate.js";
import { DECODINGS, SEARCH_DEFAULTS, SEARCH_METHODS } from "../systems/nli/searchOptions.js";
import { backendFrom } from "./args.js";
import { SHARED, choiceFlag, integerFlag, noPositionals, numberFlag, onePositional, onlyWhen, optionLines, parseFlags, switchFlag, textFlag, withDefault } from "./flags.js";
import type { BackendName } from "../engine/backend.js";

/**
 * The settings of `gradsynth nli train` and `gradsynth nli eval` (one settings object per
 * command), parsed and validated without loading the tensor engine: the library's own training
 * and evaluation options, plus what only the command line decides. Training defaults are those of
 * `defaultConfig` (the CPU scale, docs/nli.md).
 */
const CONFIG = defaultConfig("shift-l");
export const NLI_TRAIN_DEFAULTS = { out: "runs/nli" } as const;
export const NLI_EVAL_DEFAULTS = { tasks: 50, chunk: 16, seed: 1 } as const;

interface Common {
  readonly backend: BackendName | undefined;
  readonly json: boolean;
  readonly quiet: boolean;
}

export interface NliTrainSettings extends Common {
  readonly training: NliTrainingOptions;
  readonly out: string;
  readonly resume: boolean;
}

export interface NliEvalSettings extends Common {
  readonly checkpoint: string;
  readonly weights: ParamsChoice;
  readonly evaluation: EvaluateOptions;
}

export const NLI_USAGE = `Usage: gradsynth nli <subcommand> [options]

NLI (seed 001, Neural Language Interpreter): a Transformer inductor invents a discrete
token language, a recurrent neural interpreter executes it, and programs are refined
at test time by gradient search. Tasks are sequence transformations (docs/formats.md,
"NLI sequence tasks"); see docs/nli.md.

Subcommands:
  train    train an inductor and interpreter on a split; writes DIR/checkpoint.json
  eval     ID and OOD accuracy of a checkpoint, with or without test-time search

Run 'gradsynth nli <subcommand> --help' for its options.
`;

const TRAIN_FLAGS = {
  split: choiceFlag("SPLIT", SPLITS, SPLITS.join(" | ")),
  steps: withDefault(integerFlag("N", 1, BOUNDS.steps, "total training steps"), CONFIG.steps),
  seed: SHARED.seed(CONFIG.seed),
  out: withDefault(textFlag("DIR", "output directory"), NLI_TRAIN_DEFAULTS.out),
  resume: switchFlag("continue the run in DIR/checkpoint.json up to --steps steps (its split, sizes, seed and model options are kept)"),
  batch: withDefault(integerFlag("B", 2, 4096, "tasks per batch"), CONFIG.batchTasks),
  "program-length": withDefault(integerFlag("T", 1, 256, "token positions per program"), CONFIG.programLength),
  regularizer: withDefault(numberFlag("L", { positive: false }, "weight of the encoder regularizer"), CONFIG.regularizer),
  "learning-rate": withDefault(numberFlag("R", { positive: true }, "Adam learning rate"), CONFIG.learningRate),
  "adam-epsilon": numberFlag("E", { positive: true }, `Adam's ε (default 1e-7, tfjs's); measured at 1e-4 in docs/results/nli.md, "Adam's ε"`),
  "no-source-offsets": switchFlag("the inductor embeds each position's symbol pair only, not where the output symbol occurs in the input (the model before that feature; docs/nli.md)"),
  interpreter: choiceFlag("D", INTERPRETER_KINDS, "the execution network d: structured (default, or the resumed run's; ours, a per-token routing of positions and relabelling of symbols) | generic (a Transformer block modulated by the token, no structure chosen for the tasks; docs/nli.md)"),
  "no-relabel": switchFlag("structured: tokens move symbols but carry them unchanged, no per-token relabelling of the alphabet (the interpreter before it; docs/nli.md)"),
  backend: SHARED.backend(),
  json: switchFlag("print one JSON summary on stdout instead of text"),
  quiet: SHARED.quiet(),
  help: SHARED.help(),
};

export const NLI_TRAIN_USAGE = `Usage: gradsynth nli train --split SPLIT [options]

Trains on fresh tasks of the split's training functions (leave-one-out reconstruction
plus the encoder regularizer, temperatures annealed) and writes DIR/checkpoint.json
every 100 steps and at the end (atomically).

${optionLines(TRAIN_FLAGS)}
`;

const EVAL_FLAGS = {
  search: withDefault(choiceFlag("M", SEARCH_METHODS, [
    "gradient: s Gaussian starts around the inductor's guess, L steps of gradient ascent on the specification likelihood, temperatures annealed, best start kept",
    "prior: the inductor's argmax plus s - 1 programs sampled from it",
    "none: the inductor's guess only",
  ]), SEARCH_DEFAULTS.method),
  weights: withDefault(choiceFlag("W", PARAMS_CHOICES, "best: the parameters training's model selection kept (the 100-step window with the best held-out exact rate on fresh training tasks; docs/nli.md); last: the final ones"), "best"),
  decode: withDefault(choiceFlag("D", DECODINGS, "soft (as the seed): run the relaxed programs the search ends with; hard: run their argmax tokens (gradient and none)"), SEARCH_DEFAULTS.decode),
  starts: withDefault(integerFlag("S", 1, 65536, "starts (prior: programs) per task"), SEARCH_DEFAULTS.starts),
  steps: withDefault(integerFlag("L", 1, BOUNDS.steps, "gradient steps"), SEARCH_DEFAULTS.steps),
  sigma: withDefault(numberFlag("X", { positive: false }, "standard deviation of the starts, in logits"), SEARCH_DEFAULTS.sigma),
  "learning-rate": withDefault(numberFlag("R", { positive: true }, "Adam learning rate of the search"), SEARCH_DEFAULTS.learningRate),
  tasks: withDefault(integerFlag("N", 1, BOUNDS.nliTasks, "tasks per part, ID and OOD"), NLI_EVAL_DEFAULTS.tasks),
  chunk: withDefault(integerFlag("C", 1, BOUNDS.nliTasks, "tasks searched together in one batch"), NLI_EVAL_DEFAULTS.chunk),
  seed: SHARED.seed(NLI_EVAL_DEFAULTS.seed, "seed of the evaluation tasks and the search"),
  backend: SHARED.backend(),
  json: SHARED.json(),
  quiet: SHARED.quiet(),
  help: SHARED.help(),
};

export const NLI_EVAL_USAGE = `Usage: gradsynth nli eval CHECKPOINT [options]

Evaluates CHECKPOINT (a checkpoint.json written by 'nli train') on fresh tasks of its
split: ID (training functions) and OOD (held-out functions). A task is solved when the
program found from its specification gets every query output exactly right.

${optionLines(EVAL_FLAGS)}
`;

type Env = Readonly<Record<string, string | undefined>>;

export function parseNliTrainArgs(args: readonly string[], env: Env = {}): NliTrainSettings | "help" {
  const hint = "(see 'gradsynth nli train --help')";
  const parsed = parseFlags(TRAIN_FLAGS, args, hint);
  const v = parsed.values;
  if (v.help) return "help";
  noPositionals("nli train", parsed.positionals, hint);
  if (!parsed.given.has("split")) throw new UsageError(`nli train: missing --split (one of ${SPLITS.join(", ")})`);
  const out = v.out;
  if (out.trim() === "") throw new UsageError("--out must be a directory name, got ''");
  const interpreter = v.interpreter;
  onlyWhen(parsed, ["no-relabel"], interpreter !== "generic", "applies only to --interpreter structured");
  return {
    training: {
      split: v.split ?? CONFIG.split,
      steps: v.steps,
      seed: v.seed,
      batchTasks: v.batch,
      programLength: v["program-length"],
      regularizer: v.regularizer,
      learningRate: v["learning-rate"],
      adamEpsilon: v["adam-epsilon"],
      sourceOffsets: !v["no-source-offsets"],
      relabel: !v["no-relabel"],
      interpreter,
    },
    out,
    resume: v.resume,
    backend: backendFrom(v.backend, env),
    json: v.json,
    quiet: v.quiet,
  };
}

export function parseNliEvalArgs(args: readonly string[], env: Env = {}): NliEvalSettings | "help" {
  const hint = "(see 'gradsynth nli eval --help')";
  const parsed = parseFlags(EVAL_FLAGS, args, hint);
  const v = parsed.values;
  if (v.help) return "help";
  const checkpoint = onePositional("nli eval", "CHECKPOINT", parsed.positionals, hint);
  const method = v.search;
  onlyWhen(parsed, ["steps", "sigma", "learning-rate"], method === "gradient", "applies only to --search gradient");
  onlyWhen(parsed, ["starts"], method !== "none", "applies only to --search gradient or prior");
  onlyWhen(parsed, ["decode"], method !== "prior", "applies only to --search gradient or none (prior programs are one-hot)");
  return {
    checkpoint,
    weights: v.weights,
    evaluation: {
      search: {
        ...SEARCH_DEFAULTS,
        method,
        decode: v.decode,
        starts: method === "none" ? 1 : v.starts,
        steps: method === "gradient" ? v.steps : 0,
        sigma: v.sigma,
        learningRate: v["learning-rate"],
      },
      tasks: v.tasks,
      chunk: v.chunk,
      seed: v.seed,
    },
    backend: backendFrom(v.backend, env),
    json: v.json,
    quiet: v.quiet,
  };
}
