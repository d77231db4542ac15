import { parseArgs } from "node:util";
import type { BackendName } from "../engine/backend.js";
import { DEFAULT_MAX_OPERATORS, type EnumerateOptions } from "../search/enumerate.js";
import { RELAXATIONS, type RelaxationKind } from "../relax/kinds.js";
import { GRADIENT_DEFAULTS, type GradientOptions } from "../search/gradientOptions.js";
import { CLI_BACKENDS, oneOf, optionalInteger, optionalNumber, withUsageErrors } from "./args.js";
import { BOUNDS } from "../bounds.js";
import { UsageError } from "../errors.js";

/**
 * The one settings object of `gradsynth solve` (DESIGN.md: thin commands over one settings object
 * per command): parsed and validated from the command line here, then mapped onto the options of
 * the chosen solver. Nothing in this file loads the tensor engine, so `enumerate` and `--help`
 * start fast; the gradient solver and tfjs are imported only when `--method gradient` runs.
 */

export const SOLVE_METHODS = ["enumerate", "gradient"] as const;
export type SolveMethod = (typeof SOLVE_METHODS)[number];

export { CLI_BACKENDS } from "./args.js";

const G = GRADIENT_DEFAULTS;

export interface SolveSettings {
  /** The task file, as given on the command line. */
  readonly file: string;
  readonly method: SolveMethod;
  /** gradient: sketch length L. */
  readonly lines: number | undefined;
  /** gradient: Adam steps per restart. */
  readonly steps: number | undefined;
  /** gradient: number of restarts. */
  readonly restarts: number | undefined;
  /** gradient: independent sketches per task searched in parallel. */
  readonly particles: number | undefined;
  /** gradient: programs sampled from q and checked at every check, besides the argmax. */
  readonly samples: number | undefined;
  /** gradient: bound on the logits (0 = unbounded, as in ROAP). */
  readonly logitBound: number | undefined;
  /** gradient: Adam learning rate. */
  readonly learningRate: number | undefined;
  /** gradient: relaxation of the categorical choices. */
  readonly relaxation: RelaxationKind | undefined;
  /** gradient: λ of the length prior. */
  readonly lengthPrior: number | undefined;
  /** gradient: tensor backend (from --backend, else $GRADSYNTH_BACKEND, else the engine's default). */
  readonly backend: BackendName | undefined;
  /** enumerate: largest program size in operators. */
  readonly maxOperators: number | undefined;
  readonly seed: number;
  readonly json: boolean;
  readonly quiet: boolean;
}

export const SOLVE_USAGE = `Usage: gradsynth solve FILE [options]

Finds, for every task in FILE, a formula over the inputs s1, s2, ... using + - * and
parentheses that reproduces the task's input/output examples.

FILE is JSON (see docs/formats.md):
  {"tasks": [{"name": "sum", "examples": [{"input": [1, 2], "output": 3}, ...]}, ...]}
or a single task {"examples": [...]}.

Options:
  --method M           enumerate (default): bottom-up enumerative search, smallest
                       formula first; fast and exhaustive up to --max-operators
                       gradient: ROAP-style gradient search over relaxed straight-line
                       sketches (Gumbel-softmax, length prior, Adam, restarts)
  --seed S             random seed, a non-negative integer (default ${G.seed}); the same
                       seed gives the same result (enumerate is deterministic anyway)
  --json               print one JSON object on stdout instead of text
  --quiet              no progress bar on stderr
  -h, --help           show this help

Options of --method enumerate:
  --max-operators M    largest formula size, in operators (default ${DEFAULT_MAX_OPERATORS})

Options of --method gradient:
  --lines L            sketch length L, lines per program (default ${G.lines}, as ROAP)
  --steps N            Adam steps per restart (default ${G.stepsPerRestart})
  --restarts R         runs; unsolved tasks are re-initialised between runs (default ${G.restarts})
  --particles P        sketches per task searched side by side (default ${G.particles})
  --samples K          programs sampled from each sketch and checked at every check,
                       besides the argmax program (default ${G.samples}; 0 = argmax only, as ROAP)
  --logit-bound B      keep logits in [-B, B] (default ${G.logitBound}; 0 = unbounded, as ROAP)
  --learning-rate R    Adam learning rate on the logits (default ${G.learningRate})
  --relaxation K       ${RELAXATIONS.join(" | ")} (default ${G.relaxation}, as ROAP)
  --length-prior λ     weight of the length prior from epoch 10 of 20 (default ${G.lengthPrior}, as ROAP)
  --backend B          tensor backend: ${CLI_BACKENDS.join(" or ")} (default wasm, or $GRADSYNTH_BACKEND)

Output: one line "<name>: <formula>" per task, "  (unsolved)" appended when the
formula (the best one found) does not reproduce every example, then "solved k/n".

Exit status: 0 when the run completed, even if some tasks stay unsolved;
2 for bad arguments or a bad FILE; 1 for internal errors.
`;

const OPTIONS = {
  method: { type: "string" },
  lines: { type: "string" },
  steps: { type: "string" },
  restarts: { type: "string" },
  particles: { type: "string" },
  samples: { type: "string" },
  "logit-bound": { type: "string" },
  "learning-rate": { type: "string" },
  relaxation: { type: "string" },
  "length-prior": { type: "string" },
  "max-operators": { type: "string" },
  seed: { type: "string" },
  backend: { type: "string" },
  json: { type: "boolean" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const HINT = "(see 'gradsynth solve --help')";

/** Flags that only one method uses; giving them to the other method is a usage error. */
const METHOD_ONLY: Readonly<Record<string, SolveMethod>> = {
  lines: "gradient",
  steps: "gradient",
  restarts: "gradient",
  particles: "gradient",
  samples: "gradient",
  "logit-bound": "gradient",
  "learning-rate": "gradient",
  relaxation: "gradient",
  "length-prior": "gradient",
  backend: "gradient",
  "max-operators": "enumerate",
};

/**
 * Parses the arguments after `solve`. Returns "help" for -h/--help; throws `UsageError` for
 * anything malformed. `env` supplies $GRADSYNTH_BACKEND.
 */
export function parseSolveArgs(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): SolveSettings | "help" {
  const { values, positionals } = withUsageErrors(() => parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true }), HINT);
  if (values.help === true) return "help";
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError(`solve: missing FILE ${HINT}`);
  if (extra.length > 0) throw new UsageError(`solve: unexpected argument '${extra[0]}' (one FILE per run)`);

  const method = oneOf("--method", values.method ?? "enumerate", SOLVE_METHODS);
  for (const [flag, only] of Object.entries(METHOD_ONLY)) {
    if (values[flag as keyof typeof values] !== undefined && only !== method) {
      throw new UsageError(`--${flag} applies only to --method ${only}`);
    }
  }
  const envBackend = env["GRADSYNTH_BACKEND"];
  const backend =
    values.backend !== undefined
      ? oneOf("--backend", values.backend, CLI_BACKENDS)
      : method === "gradient" && envBackend !== undefined && envBackend !== ""
        ? oneOf("GRADSYNTH_BACKEND", envBackend, CLI_BACKENDS)
        : undefined;
  return {
    file,
    method,
    lines: optionalInteger("--lines", values.lines, 1, BOUNDS.sketchLines),
    steps: optionalInteger("--steps", values.steps, 1, BOUNDS.steps),
    restarts: optionalInteger("--restarts", values.restarts, 1, BOUNDS.restarts),
    particles: optionalInteger("--particles", values.particles, 1, BOUNDS.particles),
    samples: optionalInteger("--samples", values.samples, 0, BOUNDS.samples),
    logitBound: optionalNumber("--logit-bound", values["logit-bound"], false),
    learningRate: optionalNumber("--learning-rate", values["learning-rate"], true),
    relaxation: values.relaxation === undefined ? undefined : oneOf("--relaxation", values.relaxation, RELAXATIONS),
    lengthPrior: optionalNumber("--length-prior", values["length-prior"], false),
    maxOperators: optionalInteger("--max-operators", values["max-operators"], 0),
    backend,
    seed: optionalInteger("--seed", values.seed, 0, 2 ** 32 - 1) ?? G.seed,
    json: values.json === true,
    quiet: values.quiet === true,
  };
}

/** Options for `gradientSolve`; unset flags fall back to GRADIENT_DEFAULTS there. */
export function gradientOptionsOf(settings: SolveSettings): GradientOptions {
  return {
    lines: settings.lines,
    stepsPerRestart: settings.steps,
    restarts: settings.restarts,
    particles: settings.particles,
    samples: settings.samples,
    logitBound: settings.logitBound,
    learningRate: settings.learningRate,
    relaxation: settings.relaxation,
    lengthPrior: settings.lengthPrior,
    seed: settings.seed,
  };
}

/** Options for `enumerateSolve`. */
export function enumerateOptionsOf(settings: SolveSettings): EnumerateOptions {
  return { maxOperators: settings.maxOperators };
}
