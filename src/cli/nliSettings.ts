import { parseArgs } from "node:util";
import { BOUNDS } from "../bounds.js";
import { UsageError } from "../errors.js";
import { SPLITS, type SplitName } from "../data/nli/splits.js";
import { PARAMS_CHOICES, type ParamsChoice } from "../systems/nli/checkpoint.js";
import { defaultConfig } from "../systems/nli/config.js";
import { DECODINGS, SEARCH_DEFAULTS, SEARCH_METHODS, type Decoding, type SearchMethod } from "../systems/nli/searchOptions.js";
import { CLI_BACKENDS, backendFrom, oneOf, optionalInteger, optionalNumber, withUsageErrors } from "./args.js";
import type { BackendName } from "../engine/backend.js";

/**
 * The settings of `gradsynth nli train` and `gradsynth nli eval` (one settings object per
 * command), parsed and validated without loading the tensor engine. Training defaults are those
 * of `defaultConfig` (the CPU scale, docs/nli.md).
 */
const CONFIG = defaultConfig("shift-l");
export const NLI_TRAIN_DEFAULTS = {
  steps: CONFIG.steps,
  seed: CONFIG.seed,
  out: "runs/nli",
  batch: CONFIG.batchTasks,
  programLength: CONFIG.programLength,
  regularizer: CONFIG.regularizer,
  learningRate: CONFIG.learningRate,
} as const;
export const NLI_EVAL_DEFAULTS = { tasks: 50, chunk: 16, seed: 1 } as const;

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

export const NLI_TRAIN_USAGE = `Usage: gradsynth nli train --split SPLIT [options]

Trains on fresh tasks of the split's training functions (leave-one-out reconstruction
plus the encoder regularizer, temperatures annealed) and writes DIR/checkpoint.json
every 100 steps and at the end (atomically).

Options:
  --split SPLIT          ${SPLITS.join(" | ")}
  --steps N              total training steps (default ${NLI_TRAIN_DEFAULTS.steps})
  --seed S               random seed, a non-negative integer (default ${NLI_TRAIN_DEFAULTS.seed})
  --out DIR              output directory (default ${NLI_TRAIN_DEFAULTS.out})
  --resume               continue the run in DIR/checkpoint.json up to --steps steps
                         (its split, sizes, seed and model options are kept)
  --batch B              tasks per batch (default ${NLI_TRAIN_DEFAULTS.batch})
  --program-length T     token positions per program (default ${NLI_TRAIN_DEFAULTS.programLength})
  --regularizer L        weight of the encoder regularizer (default ${NLI_TRAIN_DEFAULTS.regularizer})
  --learning-rate R      Adam learning rate (default ${NLI_TRAIN_DEFAULTS.learningRate})
  --adam-epsilon E       Adam's ε (default 1e-7, tfjs's); measured at 1e-4 in
                         docs/results/nli.md, "Adam's ε"
  --no-source-offsets    the inductor embeds each position's symbol pair only, not where
                         the output symbol occurs in the input (the model before that
                         feature; docs/nli.md)
  --no-relabel           tokens move symbols but carry them unchanged: no per-token
                         relabelling of the alphabet (the interpreter before it; docs/nli.md)
  --backend B            tensor backend: ${CLI_BACKENDS.join(" or ")} (default wasm, or $GRADSYNTH_BACKEND)
  --json                 print one JSON summary on stdout instead of text
  --quiet                no progress bar on stderr
  -h, --help             show this help
`;

export const NLI_EVAL_USAGE = `Usage: gradsynth nli eval CHECKPOINT [options]

Evaluates CHECKPOINT (a checkpoint.json written by 'nli train') on fresh tasks of its
split: ID (training functions) and OOD (held-out functions). A task is solved when the
program found from its specification gets every query output exactly right.

Options:
  --search M             gradient (default): s Gaussian starts around the inductor's
                         guess, L steps of gradient ascent on the specification
                         likelihood, temperatures annealed, best start kept
                         prior: the inductor's argmax plus s - 1 programs sampled from it
                         none: the inductor's guess only
  --weights W            best (default): the parameters training's model selection kept
                         (the 100-step window with the best held-out exact rate on
                         fresh training tasks; docs/nli.md); last: the final ones
  --decode D             soft (default, as the seed): run the relaxed programs the search
                         ends with; hard: run their argmax tokens (gradient and none)
  --starts S             starts (prior: programs) per task (default ${SEARCH_DEFAULTS.starts})
  --steps L              gradient steps (default ${SEARCH_DEFAULTS.steps})
  --sigma X              standard deviation of the starts, in logits (default ${SEARCH_DEFAULTS.sigma})
  --learning-rate R      Adam learning rate of the search (default ${SEARCH_DEFAULTS.learningRate})
  --tasks N              tasks per part, ID and OOD (default ${NLI_EVAL_DEFAULTS.tasks})
  --chunk C              tasks searched together in one batch (default ${NLI_EVAL_DEFAULTS.chunk})
  --seed S               seed of the evaluation tasks and the search (default ${NLI_EVAL_DEFAULTS.seed})
  --backend B            tensor backend: ${CLI_BACKENDS.join(" or ")} (default wasm, or $GRADSYNTH_BACKEND)
  --json                 print one JSON object on stdout instead of text
  --quiet                no progress bar on stderr
  -h, --help             show this help
`;

interface Common {
  readonly seed: number;
  readonly backend: BackendName | undefined;
  readonly json: boolean;
  readonly quiet: boolean;
}

export interface NliTrainSettings extends Common {
  readonly split: SplitName;
  readonly steps: number;
  readonly out: string;
  readonly resume: boolean;
  readonly batch: number;
  readonly programLength: number;
  readonly regularizer: number;
  readonly learningRate: number;
  /** undefined: tfjs's default. */
  readonly adamEpsilon: number | undefined;
  readonly sourceOffsets: boolean;
  readonly relabel: boolean;
}

export interface NliEvalSettings extends Common {
  readonly checkpoint: string;
  readonly weights: ParamsChoice;
  readonly search: SearchMethod;
  readonly decode: Decoding;
  readonly starts: number;
  readonly steps: number;
  readonly sigma: number;
  readonly learningRate: number;
  readonly tasks: number;
  readonly chunk: number;
}

const COMMON = {
  seed: { type: "string" },
  backend: { type: "string" },
  json: { type: "boolean" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const TRAIN_OPTIONS = {
  ...COMMON,
  split: { type: "string" },
  steps: { type: "string" },
  out: { type: "string" },
  resume: { type: "boolean" },
  batch: { type: "string" },
  "program-length": { type: "string" },
  regularizer: { type: "string" },
  "learning-rate": { type: "string" },
  "adam-epsilon": { type: "string" },
  "no-source-offsets": { type: "boolean" },
  "no-relabel": { type: "boolean" },
} as const;

const EVAL_OPTIONS = {
  ...COMMON,
  weights: { type: "string" },
  search: { type: "string" },
  decode: { type: "string" },
  starts: { type: "string" },
  steps: { type: "string" },
  sigma: { type: "string" },
  "learning-rate": { type: "string" },
  tasks: { type: "string" },
  chunk: { type: "string" },
} as const;

const seedOf = (text: string | undefined, fallback: number): number => optionalInteger("--seed", text, 0, 2 ** 32 - 1) ?? fallback;

export function parseNliTrainArgs(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): NliTrainSettings | "help" {
  const hint = "(see 'gradsynth nli train --help')";
  const { values, positionals } = withUsageErrors(() => parseArgs({ args: [...args], options: TRAIN_OPTIONS, allowPositionals: true, strict: true }), hint);
  if (values.help === true) return "help";
  if (positionals.length > 0) throw new UsageError(`nli train: unexpected argument '${positionals[0]}' ${hint}`);
  if (values.split === undefined) throw new UsageError(`nli train: missing --split (one of ${SPLITS.join(", ")})`);
  const out = values.out ?? NLI_TRAIN_DEFAULTS.out;
  if (out.trim() === "") throw new UsageError("--out must be a directory name, got ''");
  return {
    split: oneOf("--split", values.split, SPLITS),
    steps: optionalInteger("--steps", values.steps, 1, BOUNDS.steps) ?? NLI_TRAIN_DEFAULTS.steps,
    seed: seedOf(values.seed, NLI_TRAIN_DEFAULTS.seed),
    out,
    resume: values.resume === true,
    batch: optionalInteger("--batch", values.batch, 2, 4096) ?? NLI_TRAIN_DEFAULTS.batch,
    programLength: optionalInteger("--program-length", values["program-length"], 1, 256) ?? NLI_TRAIN_DEFAULTS.programLength,
    regularizer: optionalNumber("--regularizer", values.regularizer, false) ?? NLI_TRAIN_DEFAULTS.regularizer,
    learningRate: optionalNumber("--learning-rate", values["learning-rate"], true) ?? NLI_TRAIN_DEFAULTS.learningRate,
    adamEpsilon: optionalNumber("--adam-epsilon", values["adam-epsilon"], true),
    sourceOffsets: values["no-source-offsets"] !== true,
    relabel: values["no-relabel"] !== true,
    backend: backendFrom(values.backend, env),
    json: values.json === true,
    quiet: values.quiet === true,
  };
}

export function parseNliEvalArgs(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): NliEvalSettings | "help" {
  const hint = "(see 'gradsynth nli eval --help')";
  const { values, positionals } = withUsageErrors(() => parseArgs({ args: [...args], options: EVAL_OPTIONS, allowPositionals: true, strict: true }), hint);
  if (values.help === true) return "help";
  const [checkpoint, ...extra] = positionals;
  if (checkpoint === undefined) throw new UsageError(`nli eval: missing CHECKPOINT ${hint}`);
  if (extra.length > 0) throw new UsageError(`nli eval: unexpected argument '${extra[0]}' (one CHECKPOINT per run)`);
  const search = oneOf("--search", values.search ?? SEARCH_DEFAULTS.method, SEARCH_METHODS);
  for (const flag of ["steps", "sigma", "learning-rate"] as const) {
    if (values[flag] !== undefined && search !== "gradient") throw new UsageError(`--${flag} applies only to --search gradient`);
  }
  if (values.starts !== undefined && search === "none") throw new UsageError("--starts applies only to --search gradient or prior");
  if (values.decode !== undefined && search === "prior") throw new UsageError("--decode applies only to --search gradient or none (prior programs are one-hot)");
  return {
    checkpoint,
    weights: oneOf("--weights", values.weights ?? "best", PARAMS_CHOICES),
    search,
    decode: oneOf("--decode", values.decode ?? SEARCH_DEFAULTS.decode, DECODINGS),
    starts: search === "none" ? 1 : (optionalInteger("--starts", values.starts, 1, 65536) ?? SEARCH_DEFAULTS.starts),
    steps: search === "gradient" ? (optionalInteger("--steps", values.steps, 1, BOUNDS.steps) ?? SEARCH_DEFAULTS.steps) : 0,
    sigma: optionalNumber("--sigma", values.sigma, false) ?? SEARCH_DEFAULTS.sigma,
    learningRate: optionalNumber("--learning-rate", values["learning-rate"], true) ?? SEARCH_DEFAULTS.learningRate,
    tasks: optionalInteger("--tasks", values.tasks, 1, BOUNDS.nliTasks) ?? NLI_EVAL_DEFAULTS.tasks,
    chunk: optionalInteger("--chunk", values.chunk, 1, BOUNDS.nliTasks) ?? NLI_EVAL_DEFAULTS.chunk,
    seed: seedOf(values.seed, NLI_EVAL_DEFAULTS.seed),
    backend: backendFrom(values.backend, env),
    json: values.json === true,
    quiet: values.quiet === true,
  };
}
