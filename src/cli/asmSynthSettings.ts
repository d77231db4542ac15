import { parseArgs } from "node:util";
import { BOUNDS } from "../bounds.js";
import { UsageError } from "../errors.js";
import { TASK_NAMES } from "../lang/asm/tasks.js";
import { COMBINED_METHODS, type CombinedMethod } from "../systems/compile/both.js";
import { backendFrom, oneOf, optionalInteger, optionalNumber, withUsageErrors } from "./args.js";
import type { TuneSource } from "./asmSettings.js";

/**
 * The settings of `gradsynth asm synth` (seed 002's combined algorithm, docs/asm.md), parsed and
 * validated without loading the tensor engine. Defaults of the search and tuning options live in
 * systems/compile; an unset flag stays undefined here.
 */

export const ASM_SYNTH_USAGE = `Usage: gradsynth asm synth (--task NAME | --examples FILE) [options]

Seed 002's combined algorithm: enumerate skeletons of a small template language (apply,
map, reduce, loop with no-op padding, the conditional ifz; docs/asm.md) by size, lower
each to the seed's assembly and run it exactly on the task's examples. A skeleton that
solves them (and the held-out examples recovery is judged on) is the answer. Otherwise
(--method both) the best failing skeletons that compile are compiled into ANC's machine
and tuned by gradient descent, run k tuning near miss k mod (their number); a run is
recovered when its decompiled program solves the held-out examples exactly.

Task:
  --task NAME          one of ${TASK_NAMES.join(", ")}
  --examples FILE      your own I/O memory states instead (docs/formats.md)

Search:
  --method M           both (default) or synthesis (enumeration alone)
  --max-size N         largest skeleton, in nodes (default 8, at most 9)
  --near-misses C      failing skeletons kept for tuning (default 4)

Tuning (--method both):
  --runs K             tuning runs when synthesis fails (default 1; the seed uses 100)
  --steps N            Adam steps per run, at most (default 300)
  --learning-rate R    Adam learning rate (default 0.1)
  --efficiency L       weight of the halting penalty sum(1 - h_t), eq. 12 (default 0.01)
  --gamma G            noise magnitude of the compiler, eq. 3 (default 0.3)
  --batch B            examples per step for --task (default 8)
  --validation N       fresh examples recovery is judged on for --task (default 100)
  --seed S             random seed, a non-negative integer (default 0)
  --backend B          tensor backend: wasm or cpu (default wasm, or $GRADSYNTH_BACKEND)

Output:
  --json               print one JSON object instead of text
  --quiet              no progress bar on stderr
  -h, --help           show this help

Exit status: 0 when the search completed (recovered or not); 2 for bad arguments or
files; 1 for internal errors.
`;

export interface AsmSynthSettings {
  readonly source: TuneSource;
  readonly method: CombinedMethod;
  readonly maxSize: number | undefined;
  readonly nearMisses: number | undefined;
  readonly runs: number;
  readonly steps: number | undefined;
  readonly learningRate: number | undefined;
  readonly efficiency: number | undefined;
  readonly gamma: number | undefined;
  readonly batch: number | undefined;
  readonly validation: number | undefined;
  readonly seed: number;
  readonly backend: "wasm" | "cpu" | undefined;
  readonly json: boolean;
  readonly quiet: boolean;
}

const HINT = "(see 'gradsynth asm synth --help')";

export function parseAsmSynthArgs(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): AsmSynthSettings | "help" {
  const options = {
    task: { type: "string" },
    examples: { type: "string" },
    method: { type: "string" },
    "max-size": { type: "string" },
    "near-misses": { type: "string" },
    runs: { type: "string" },
    steps: { type: "string" },
    "learning-rate": { type: "string" },
    efficiency: { type: "string" },
    gamma: { type: "string" },
    batch: { type: "string" },
    validation: { type: "string" },
    seed: { type: "string" },
    backend: { type: "string" },
    json: { type: "boolean" },
    quiet: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  } as const;
  const { values, positionals } = withUsageErrors(() => parseArgs({ args: [...args], options, allowPositionals: true, strict: true }), HINT);
  if (values.help === true) return "help";
  if (positionals.length > 0) throw new UsageError(`asm synth: unexpected argument '${positionals[0]}' (it takes no FILE) ${HINT}`);
  if ((values.task === undefined) === (values.examples === undefined)) throw new UsageError(`asm synth: give exactly one of --task NAME and --examples FILE ${HINT}`);
  const source: TuneSource = values.task !== undefined ? { kind: "task", task: oneOf("--task", values.task, TASK_NAMES) } : { kind: "examples", file: values.examples as string };
  if (source.kind === "examples") {
    for (const flag of ["batch", "validation"] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} applies only to --task (--examples searches, trains and judges on the file's examples)`);
    }
  }
  const method = oneOf("--method", values.method ?? "both", COMBINED_METHODS);
  if (method === "synthesis") {
    for (const flag of ["runs", "steps", "learning-rate", "efficiency", "gamma", "batch"] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} applies only to --method both (synthesis alone does not tune)`);
    }
  }
  return {
    source,
    method,
    maxSize: optionalInteger("--max-size", values["max-size"], 1, 9),
    nearMisses: optionalInteger("--near-misses", values["near-misses"], 1, BOUNDS.runs),
    runs: optionalInteger("--runs", values.runs, 1, BOUNDS.runs) ?? 1,
    steps: optionalInteger("--steps", values.steps, 0, BOUNDS.steps),
    learningRate: optionalNumber("--learning-rate", values["learning-rate"], true),
    efficiency: optionalNumber("--efficiency", values.efficiency, false),
    gamma: optionalNumber("--gamma", values.gamma, false),
    batch: optionalInteger("--batch", values.batch, 1, BOUNDS.examples),
    validation: optionalInteger("--validation", values.validation, 1, BOUNDS.examples),
    seed: optionalInteger("--seed", values.seed, 0, 2 ** 32 - 1) ?? 0,
    backend: backendFrom(values.backend, env),
    json: values.json === true,
    quiet: values.quiet === true,
  };
}
