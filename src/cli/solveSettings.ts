import type { BackendName } from "../engine/backend.js";
import { DEFAULT_MAX_OPERATORS, type EnumerateOptions } from "../search/enumerate.js";
import { RELAXATIONS } from "../relax/kinds.js";
import { GRADIENT_DEFAULTS, type GradientOptions } from "../search/gradientOptions.js";
import { backendFrom } from "./args.js";
import { BOUNDS } from "../bounds.js";
import { SHARED, choiceFlag, integerFlag, numberFlag, onePositional, onlyWhen, optionLines, parseFlags, withDefault } from "./flags.js";

/**
 * The one settings object of `gradsynth solve` (DESIGN.md: thin commands over one settings object
 * per command): the task file and the chosen solver's own options, parsed and validated from the
 * command line. Nothing in this file loads the tensor engine, so `enumerate` and `--help` start
 * fast; the gradient solver and tfjs are imported only when `--method gradient` runs.
 */

export const SOLVE_METHODS = ["enumerate", "gradient"] as const;
export type SolveMethod = (typeof SOLVE_METHODS)[number];

export { CLI_BACKENDS } from "./args.js";

const G = GRADIENT_DEFAULTS;

export interface SolveSettings {
  /** The task file, as given on the command line. */
  readonly file: string;
  readonly method: SolveMethod;
  /** `enumerateSolve`'s options (--method enumerate). */
  readonly enumerate: EnumerateOptions;
  /** `gradientSolve`'s options (--method gradient); unset flags fall back to GRADIENT_DEFAULTS there. */
  readonly gradient: GradientOptions;
  /** gradient: tensor backend (from --backend, else $GRADSYNTH_BACKEND, else the engine's default). */
  readonly backend: BackendName | undefined;
  readonly seed: number;
  readonly json: boolean;
  readonly quiet: boolean;
}

const ENUMERATE = "Options of --method enumerate:";
const GRADIENT = "Options of --method gradient:";

const FLAGS = {
  method: withDefault(choiceFlag("M", SOLVE_METHODS, [
    "enumerate: bottom-up enumerative search, smallest formula first; fast and exhaustive up to --max-operators",
    "gradient: ROAP-style gradient search over relaxed straight-line sketches (Gumbel-softmax, length prior, Adam, restarts)",
  ]), "enumerate"),
  seed: SHARED.seed(G.seed, "random seed, a non-negative integer; the same seed gives the same result (enumerate is deterministic anyway)"),
  json: SHARED.json(),
  quiet: SHARED.quiet(),
  help: SHARED.help(),
  "max-operators": withDefault(integerFlag("M", 0, Number.MAX_SAFE_INTEGER, "largest formula size, in operators", ENUMERATE), DEFAULT_MAX_OPERATORS),
  lines: withDefault(integerFlag("L", 1, BOUNDS.sketchLines, "sketch length L, lines per program, as ROAP", GRADIENT), G.lines),
  steps: withDefault(integerFlag("N", 1, BOUNDS.steps, "Adam steps per restart", GRADIENT), G.stepsPerRestart),
  restarts: withDefault(integerFlag("R", 1, BOUNDS.restarts, "runs; unsolved tasks are re-initialised between runs", GRADIENT), G.restarts),
  particles: withDefault(integerFlag("P", 1, BOUNDS.particles, "sketches per task searched side by side", GRADIENT), G.particles),
  samples: withDefault(integerFlag("K", 0, BOUNDS.samples, "programs sampled from each sketch and checked at every check, besides the argmax program; 0 = argmax only, as ROAP", GRADIENT), G.samples),
  "logit-bound": withDefault(numberFlag("B", { positive: false }, "keep logits in [-B, B]; 0 = unbounded, as ROAP", GRADIENT), G.logitBound),
  "learning-rate": withDefault(numberFlag("R", { positive: true }, "Adam learning rate on the logits", GRADIENT), G.learningRate),
  relaxation: withDefault(choiceFlag("K", RELAXATIONS, `${RELAXATIONS.join(" | ")}; ROAP's is gumbel`, GRADIENT), G.relaxation),
  "length-prior": withDefault(numberFlag("λ", { positive: false }, "weight of the length prior from epoch 10 of 20, as ROAP", GRADIENT), G.lengthPrior),
  backend: SHARED.backend(GRADIENT),
};

export const SOLVE_USAGE = `Usage: gradsynth solve FILE [options]

Finds, for every task in FILE, a formula over the inputs s1, s2, ... using + - * and
parentheses that reproduces the task's input/output examples.

FILE is JSON (see docs/formats.md):
  {"tasks": [{"name": "sum", "examples": [{"input": [1, 2], "output": 3}, ...]}, ...]}
or a single task {"examples": [...]}.

${optionLines(FLAGS)}

Output: one line "<name>: <formula>" per task, "  (unsolved)" appended when the
formula (the best one found) does not reproduce every example, then "solved k/n".

Exit status: 0 when the run completed, even if some tasks stay unsolved;
2 for bad arguments or a bad FILE; 1 for internal errors.
`;

const HINT = "(see 'gradsynth solve --help')";

/**
 * Parses the arguments after `solve`. Returns "help" for -h/--help; throws `UsageError` for
 * anything malformed. `env` supplies $GRADSYNTH_BACKEND.
 */
export function parseSolveArgs(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): SolveSettings | "help" {
  const parsed = parseFlags(FLAGS, args, HINT);
  const v = parsed.values;
  if (v.help) return "help";
  const file = onePositional("solve", "FILE", parsed.positionals, HINT);
  const method = v.method;
  onlyWhen(parsed, ["lines", "steps", "restarts", "particles", "samples", "logit-bound", "learning-rate", "relaxation", "length-prior", "backend"], method === "gradient", "applies only to --method gradient");
  onlyWhen(parsed, ["max-operators"], method === "enumerate", "applies only to --method enumerate");
  const seed = v.seed;
  return {
    file,
    method,
    enumerate: { maxOperators: v["max-operators"] },
    gradient: {
      lines: v.lines,
      stepsPerRestart: v.steps,
      restarts: v.restarts,
      particles: v.particles,
      samples: v.samples,
      logitBound: v["logit-bound"],
      learningRate: v["learning-rate"],
      relaxation: v.relaxation,
      lengthPrior: v["length-prior"],
      seed,
    },
    backend: method === "gradient" ? backendFrom(v.backend, env) : undefined,
    seed,
    json: v.json,
    quiet: v.quiet,
  };
}
