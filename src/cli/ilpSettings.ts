import { BOUNDS } from "../bounds.js";
import { DEFAULT_MAX_MEMORY } from "../lang/datalog/space/programSpace.js";
import { DILP_OPTIMIZERS } from "../systems/dilp/optimizer.js";
import { DILP_DEFAULTS } from "../systems/dilp/options.js";
import { ILP_METHODS, type IlpTaskOptions } from "../systems/dilp/runTask.js";
import { SHARED, choiceFlag, integerFlag, numberFlag, onePositional, onlyWhen, optionLines, parseFlags, withDefault } from "./flags.js";

/**
 * The one settings object of `gradsynth ilp`: the task file and `runIlpTask`'s own options, parsed
 * and validated from the command line. Nothing here loads the tensor engine: `--method sat` and
 * `--help` start fast.
 */
export interface IlpSettings {
  readonly file: string;
  readonly options: IlpTaskOptions & { readonly noise: number; readonly seed: number };
  readonly json: boolean;
  readonly quiet: boolean;
}

const D = DILP_DEFAULTS;
const DILP = "Options of --method dilp:";

const FLAGS = {
  method: withDefault(choiceFlag("M", ILP_METHODS, [
    "dilp: differentiable ILP (Evans & Grefenstette 2018): softmaxed clause weights, T steps of differentiable forward chaining, gradient descent on the cross-entropy, restarts",
    "sat: ILP as satisfiability, one flag per generated clause, solved by MiniSat (logic-solver); reports when no program exists",
  ]), "dilp"),
  noise: withDefault(numberFlag("ρ", { positive: false, max: 1 }, "flip the labels of a fraction ρ in [0, 1] of the training examples (seeded) before learning"), 0),
  seed: SHARED.seed(D.seed),
  "max-memory": withDefault(numberFlag("GB", { positive: true, max: 1024 }, "memory the program space's gather tensors may take, checked before they are built; they grow as n^(arity + existential variables) for n constants"), DEFAULT_MAX_MEMORY / 2 ** 30),
  json: SHARED.json(),
  quiet: SHARED.quiet(),
  help: SHARED.help(),
  runs: withDefault(integerFlag("K", 1, BOUNDS.runs, "restarts from fresh random weights; stops at the first run whose program fits the training examples", DILP), D.runs),
  steps: withDefault(integerFlag("N", 1, BOUNDS.steps, "optimiser steps per run", DILP), D.steps),
  optimizer: withDefault(choiceFlag("O", DILP_OPTIMIZERS, "rmsprop: the paper's (TensorFlow 1 RMSProp); adam", DILP), D.optimizer),
  "learning-rate": withDefault(numberFlag("R", { positive: true }, "the optimiser's learning rate", DILP), D.learningRate),
  "batch-fraction": withDefault(numberFlag("F", { positive: true, max: 1 }, "each step's loss over a random fraction F in (0, 1] of the training examples (the paper's mini-batches); 1 is the full batch", DILP), D.batchFraction),
  "plateau-steps": withDefault(integerFlag("P", 0, BOUNDS.steps, "end a run early once it has taken 2P steps and its loss fell by less than 1% over the last P steps; 0 never ends a run early, as in the paper", DILP), D.plateauSteps),
  threshold: withDefault(numberFlag("W", { positive: true, max: 1 }, "keep clauses whose weight is at least W, in (0, 1]", DILP), D.threshold),
};

export const ILP_USAGE = `Usage: gradsynth ilp FILE [options]

Learns a Datalog definition of the target predicate of the ILP task in FILE (format:
docs/formats.md, "ILP task files"; the paper's 20 tasks are in examples/ilp/), prints it
and its accuracy on the training and held-out test examples.

${optionLines(FLAGS)}

Output: the program as Datalog clauses (comments start with %), then its accuracy.
A task is solved when the program classifies every training example (with its
original label) and every held-out test example correctly.

Exit status: 0 when the run completed, solved or not; 2 for bad arguments or a
bad FILE; 1 for internal errors.
`;

const HINT = "(see 'gradsynth ilp --help')";

/** Parses the arguments after `ilp`. Returns "help" for -h/--help; throws `UsageError` for anything malformed. */
export function parseIlpArgs(args: readonly string[]): IlpSettings | "help" {
  const parsed = parseFlags(FLAGS, args, HINT);
  const v = parsed.values;
  if (v.help) return "help";
  const file = onePositional("ilp", "FILE", parsed.positionals, HINT);
  const method = v.method;
  onlyWhen(parsed, ["runs", "steps", "optimizer", "learning-rate", "batch-fraction", "plateau-steps", "threshold"], method === "dilp", "applies only to --method dilp");
  return {
    file,
    options: {
      method,
      runs: v.runs,
      steps: v.steps,
      optimizer: v.optimizer,
      learningRate: v["learning-rate"],
      batchFraction: v["batch-fraction"],
      plateauSteps: v["plateau-steps"],
      threshold: v.threshold,
      noise: v.noise,
      seed: v.seed,
      maxMemory: v["max-memory"] * 2 ** 30,
    },
    json: v.json,
    quiet: v.quiet,
  };
}
