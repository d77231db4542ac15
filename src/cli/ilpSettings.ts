import { parseArgs } from "node:util";
import { BOUNDS } from "../bounds.js";
import { DEFAULT_MAX_MEMORY } from "../lang/datalog/space/programSpace.js";
import { UsageError } from "../errors.js";
import { DILP_OPTIMIZERS, type DilpOptimizer } from "../systems/dilp/optimizer.js";
import { DILP_DEFAULTS } from "../systems/dilp/options.js";
import { ILP_METHODS, type IlpMethod, type IlpTaskOptions } from "../systems/dilp/runTask.js";
import { oneOf, optionalInteger, optionalNumber, withUsageErrors } from "./args.js";

/**
 * The one settings object of `gradsynth ilp`, parsed and validated from the command line. Nothing
 * here loads the tensor engine: `--method sat` and `--help` start fast.
 */
export interface IlpSettings {
  readonly file: string;
  readonly method: IlpMethod;
  readonly runs: number | undefined;
  readonly steps: number | undefined;
  readonly optimizer: DilpOptimizer | undefined;
  readonly learningRate: number | undefined;
  readonly batchFraction: number | undefined;
  readonly plateauSteps: number | undefined;
  readonly threshold: number | undefined;
  readonly noise: number;
  readonly seed: number;
  /** --max-memory, in bytes (undefined: the default). */
  readonly maxMemory: number | undefined;
  readonly json: boolean;
  readonly quiet: boolean;
}

const D = DILP_DEFAULTS;

export const ILP_USAGE = `Usage: gradsynth ilp FILE [options]

Learns a Datalog definition of the target predicate of the ILP task in FILE (format:
docs/formats.md, "ILP task files"; the paper's 20 tasks are in examples/ilp/), prints it
and its accuracy on the training and held-out test examples.

Options:
  --method M           dilp (default): differentiable ILP (Evans & Grefenstette 2018):
                       softmaxed clause weights, T steps of differentiable forward
                       chaining, gradient descent on the cross-entropy, restarts
                       sat: ILP as satisfiability, one flag per generated clause,
                       solved by MiniSat (logic-solver); reports when no program exists
  --noise ρ            flip the labels of a fraction ρ in [0, 1] of the training
                       examples (seeded) before learning (default 0)
  --seed S             random seed, a non-negative integer (default ${D.seed})
  --max-memory GB      memory the program space's gather tensors may take, checked
                       before they are built (default ${DEFAULT_MAX_MEMORY / 2 ** 30}; they grow as
                       n^(arity + existential variables) for n constants)
  --json               print one JSON object on stdout instead of text
  --quiet              no progress bar on stderr
  -h, --help           show this help

Options of --method dilp:
  --runs K             restarts from fresh random weights; stops at the first run whose
                       program fits the training examples (default ${D.runs})
  --steps N            optimiser steps per run (default ${D.steps})
  --optimizer O        rmsprop: the paper's (TensorFlow 1 RMSProp); adam (default ${D.optimizer})
  --learning-rate R    the optimiser's learning rate (default ${D.learningRate})
  --batch-fraction F   each step's loss over a random fraction F in (0, 1] of the
                       training examples (the paper's mini-batches); 1 is the full
                       batch (default ${D.batchFraction})
  --plateau-steps P    end a run early once it has taken 2P steps and its loss fell by
                       less than 1% over the last P steps; 0 never ends a run early, as
                       in the paper (default ${D.plateauSteps})
  --threshold W        keep clauses whose weight is at least W, in (0, 1] (default ${D.threshold})

Output: the program as Datalog clauses (comments start with %), then its accuracy.
A task is solved when the program classifies every training example (with its
original label) and every held-out test example correctly.

Exit status: 0 when the run completed, solved or not; 2 for bad arguments or a
bad FILE; 1 for internal errors.
`;

const OPTIONS = {
  method: { type: "string" },
  runs: { type: "string" },
  steps: { type: "string" },
  optimizer: { type: "string" },
  "learning-rate": { type: "string" },
  "batch-fraction": { type: "string" },
  "plateau-steps": { type: "string" },
  threshold: { type: "string" },
  noise: { type: "string" },
  seed: { type: "string" },
  "max-memory": { type: "string" },
  json: { type: "boolean" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const HINT = "(see 'gradsynth ilp --help')";

const DILP_ONLY = ["runs", "steps", "optimizer", "learning-rate", "batch-fraction", "plateau-steps", "threshold"] as const;

/** Parses the arguments after `ilp`. Returns "help" for -h/--help; throws `UsageError` for anything malformed. */
export function parseIlpArgs(args: readonly string[]): IlpSettings | "help" {
  const { values, positionals } = withUsageErrors(() => parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true }), HINT);
  if (values.help === true) return "help";
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError(`ilp: missing FILE ${HINT}`);
  if (extra.length > 0) throw new UsageError(`ilp: unexpected argument '${extra[0]}' (one FILE per run)`);
  const method = oneOf("--method", values.method ?? "dilp", ILP_METHODS);
  for (const flag of DILP_ONLY) {
    if (values[flag] !== undefined && method !== "dilp") throw new UsageError(`--${flag} applies only to --method dilp`);
  }
  const noise = optionalNumber("--noise", values.noise, false) ?? 0;
  if (noise > 1) throw new UsageError(`--noise must be a fraction in [0, 1], got '${values.noise}'`);
  const batchFraction = optionalNumber("--batch-fraction", values["batch-fraction"], true);
  if (batchFraction !== undefined && batchFraction > 1) throw new UsageError(`--batch-fraction must be in (0, 1], got '${values["batch-fraction"]}'`);
  const threshold = optionalNumber("--threshold", values.threshold, true);
  if (threshold !== undefined && threshold > 1) throw new UsageError(`--threshold must be in (0, 1], got '${values.threshold}'`);
  return {
    file,
    method,
    runs: optionalInteger("--runs", values.runs, 1, BOUNDS.runs),
    steps: optionalInteger("--steps", values.steps, 1, BOUNDS.steps),
    optimizer: values.optimizer === undefined ? undefined : oneOf("--optimizer", values.optimizer, DILP_OPTIMIZERS),
    learningRate: optionalNumber("--learning-rate", values["learning-rate"], true),
    batchFraction,
    plateauSteps: optionalInteger("--plateau-steps", values["plateau-steps"], 0, BOUNDS.steps),
    threshold,
    noise,
    seed: optionalInteger("--seed", values.seed, 0, 2 ** 32 - 1) ?? D.seed,
    maxMemory: gigabytes(values["max-memory"]),
    json: values.json === true,
    quiet: values.quiet === true,
  };
}

/** Options for `runIlpTask`; unset flags fall back to the defaults there. */
export function ilpOptionsOf(settings: IlpSettings): IlpTaskOptions {
  return {
    method: settings.method,
    runs: settings.runs,
    steps: settings.steps,
    optimizer: settings.optimizer,
    learningRate: settings.learningRate,
    batchFraction: settings.batchFraction,
    plateauSteps: settings.plateauSteps,
    threshold: settings.threshold,
    noise: settings.noise,
    seed: settings.seed,
    maxMemory: settings.maxMemory,
  };
}

/** --max-memory GB as bytes. */
function gigabytes(text: string | undefined): number | undefined {
  const gb = optionalNumber("--max-memory", text, true);
  if (gb !== undefined && gb > 1024) throw new UsageError(`--max-memory must be at most 1024 (GB), got '${text}'`);
  return gb === undefined ? undefined : gb * 2 ** 30;
}
