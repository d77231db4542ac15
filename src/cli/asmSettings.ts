import { parseArgs } from "node:util";
import { BOUNDS } from "../bounds.js";
import { UsageError } from "../errors.js";
import { ANC_HALTINGS, type AncHalting } from "../lang/asm/anc/relaxed/machineKernel.js";
import { TASK_NAMES, type TaskName } from "../lang/asm/tasks.js";
import { backendFrom, oneOf, optionalInteger, optionalNumber, withUsageErrors } from "./args.js";

/**
 * The settings of `gradsynth asm run` and `gradsynth asm tune` (DESIGN.md: thin commands over one
 * settings object per command), parsed and validated here without loading the tensor engine.
 * Defaults of the tuning options live in systems/compile (TUNE_DEFAULTS, DEFAULT_GAMMA, …); an
 * unset flag stays undefined here.
 */

export const ASM_USAGE = `Usage: gradsynth asm <subcommand> [options]

Register-machine programs of seed 002 ("Synthesize, compile, tune") and Adaptive Neural
Compilation: FILE is the seed's assembly (.asm, e.g. examples/asm/seed/map-inc.asm) or ANC's
encoding (.anc, e.g. examples/asm/anc/access.anc); see docs/asm.md.

Subcommands:
  run FILE    run a program exactly on one memory tape
  tune FILE   compile a program into the differentiable machine, tune it by gradient
              descent on a task's I/O examples, and print the decompiled program
  synth       enumerate program skeletons for a task; compile and tune the near
              misses when none solves it (the seed's combined algorithm)

Run 'gradsynth asm <subcommand> --help' for its options.
`;

export const ASM_RUN_USAGE = `Usage: gradsynth asm run FILE --memory V,V,... [options]

Runs FILE with the exact interpreter from the given tape (registers start at 0, or as
an .anc file's "registers" line says) and prints the final tape and registers.

Options:
  --memory V,...    the initial tape, comma-separated values in 0..B-1 (padded with 0s)
  --base B          the machine's base: values 0..B-1 and B tape cells (default 10)
  --max-steps N     step limit (default 1000)
  --json            print one JSON object instead of text
  -h, --help        show this help
`;

export const ASM_TUNE_USAGE = `Usage: gradsynth asm tune FILE (--task NAME | --examples FILE) [options]
       gradsynth asm tune --random (--task NAME | --examples FILE) [options]

Compiles FILE into the weights of ANC's differentiable machine (seed 002 eq. 3, with
noise gamma), tunes it with Adam on the task (seed eqs. 10-12), decompiles it, and
checks the decompiled program with the exact interpreter: it is "recovered" when it
solves freshly sampled inputs of the task (or every example of --examples). This
repeats for --runs independent runs (fresh noise each); it stops early when recovered.
A .asm file is lowered to ANC's instructions first (docs/asm.md); it may not use mod.

Task:
  --task NAME          one of ${TASK_NAMES.join(", ")}
  --examples FILE      your own I/O memory states instead (docs/formats.md):
                       {"base": 10, "examples": [{"memory": [...], "output": [...]}]}

Initialisation:
  --random             random weights instead of FILE (seed Table 1's "Optimization")
  --lines L            lines of the random machine (default: the base)
  --registers R        registers of the random machine (default 8)
  --gamma G            noise magnitude of the compiler, eq. 3 (default 0.3)
  --padding P          append P trainable no-op lines to FILE before compiling
                       (default 0; lines + P at most base - 1; docs/asm.md)

Tuning:
  --runs K             independent runs (default 1; the seed uses 100)
  --steps N            Adam steps per run, at most (default 300)
  --learning-rate R    Adam learning rate (default 0.1)
  --efficiency L       weight of the halting penalty sum(1 - h_t), eq. 12 (default 0.01)
  --halting H          max: h_t = running max of the STOP probability, seed eq. 11
                       (default); cumulative: ANC's h_t+1 = h_t + (1 - h_t) stop_t
  --batch B            examples per step for --task (default 8)
  --validation N       fresh examples recovery is judged on for --task (default 100)
  --seed S             random seed, a non-negative integer (default 0)
  --backend B          tensor backend: wasm or cpu (default wasm, or $GRADSYNTH_BACKEND)

Output:
  --json               print one JSON object instead of text
  --quiet              no progress bar on stderr
  -h, --help           show this help

Exit status: 0 when the runs completed (recovered or not); 2 for bad arguments or
files; 1 for internal errors.
`;

export interface AsmRunSettings {
  readonly file: string;
  readonly memory: readonly number[];
  readonly base: number;
  readonly maxSteps: number;
  readonly json: boolean;
}

export type TuneSource = { readonly kind: "task"; readonly task: TaskName } | { readonly kind: "examples"; readonly file: string };

export interface AsmTuneSettings {
  /** The program to compile, or null for --random. */
  readonly file: string | null;
  readonly source: TuneSource;
  readonly lines: number | undefined;
  readonly registers: number;
  readonly gamma: number | undefined;
  readonly padding: number;
  readonly halting: AncHalting | undefined;
  readonly runs: number;
  readonly steps: number | undefined;
  readonly learningRate: number | undefined;
  readonly efficiency: number | undefined;
  readonly batch: number | undefined;
  readonly validation: number | undefined;
  readonly seed: number;
  readonly backend: "wasm" | "cpu" | undefined;
  readonly json: boolean;
  readonly quiet: boolean;
}

const RUN_HINT = "(see 'gradsynth asm run --help')";
const TUNE_HINT = "(see 'gradsynth asm tune --help')";

export function parseAsmRunArgs(args: readonly string[]): AsmRunSettings | "help" {
  const options = {
    memory: { type: "string" },
    base: { type: "string" },
    "max-steps": { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  } as const;
  const { values, positionals } = withUsageErrors(() => parseArgs({ args: [...args], options, allowPositionals: true, strict: true }), RUN_HINT);
  if (values.help === true) return "help";
  const file = onePositional("asm run", positionals, RUN_HINT);
  if (values.memory === undefined) throw new UsageError(`asm run: missing --memory ${RUN_HINT}`);
  const base = optionalInteger("--base", values.base, 2, BOUNDS.exactMachineBase) ?? 10;
  const memory = values.memory.trim() === "" ? [] : values.memory.split(",").map((text) => optionalInteger("--memory", text, 0) as number);
  const bad = memory.find((v) => v >= base);
  if (bad !== undefined) throw new UsageError(`--memory values must be below the base ${base}, got ${bad}`);
  if (memory.length > base) throw new UsageError(`--memory has ${memory.length} values, but the base-${base} machine has ${base} cells`);
  return { file, memory, base, maxSteps: optionalInteger("--max-steps", values["max-steps"], 0, BOUNDS.machineSteps) ?? 1000, json: values.json === true };
}

export function parseAsmTuneArgs(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): AsmTuneSettings | "help" {
  const options = {
    task: { type: "string" },
    examples: { type: "string" },
    random: { type: "boolean" },
    lines: { type: "string" },
    registers: { type: "string" },
    gamma: { type: "string" },
    padding: { type: "string" },
    halting: { type: "string" },
    runs: { type: "string" },
    steps: { type: "string" },
    "learning-rate": { type: "string" },
    efficiency: { type: "string" },
    batch: { type: "string" },
    validation: { type: "string" },
    seed: { type: "string" },
    backend: { type: "string" },
    json: { type: "boolean" },
    quiet: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  } as const;
  const { values, positionals } = withUsageErrors(() => parseArgs({ args: [...args], options, allowPositionals: true, strict: true }), TUNE_HINT);
  if (values.help === true) return "help";
  const random = values.random === true;
  let file: string | null = null;
  if (random) {
    if (positionals.length > 0) throw new UsageError(`asm tune: --random takes no FILE, got '${positionals[0]}'`);
    for (const flag of ["gamma", "padding"] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} applies to a compiled FILE, not to --random`);
    }
  } else {
    file = onePositional("asm tune", positionals, TUNE_HINT);
    for (const flag of ["lines", "registers"] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} applies only to --random`);
    }
  }
  if ((values.task === undefined) === (values.examples === undefined)) throw new UsageError(`asm tune: give exactly one of --task NAME and --examples FILE ${TUNE_HINT}`);
  const source: TuneSource = values.task !== undefined ? { kind: "task", task: oneOf("--task", values.task, TASK_NAMES) } : { kind: "examples", file: values.examples as string };
  if (source.kind === "examples") {
    for (const flag of ["batch", "validation"] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} applies only to --task (--examples trains and judges on the file's examples)`);
    }
  }
  return {
    file,
    source,
    lines: optionalInteger("--lines", values.lines, 1, BOUNDS.sketchLines),
    registers: optionalInteger("--registers", values.registers, 1, BOUNDS.registers) ?? 8,
    gamma: optionalNumber("--gamma", values.gamma, false),
    padding: optionalInteger("--padding", values.padding, 0, BOUNDS.sketchLines) ?? 0,
    halting: values.halting === undefined ? undefined : oneOf("--halting", values.halting, ANC_HALTINGS),
    runs: optionalInteger("--runs", values.runs, 1, BOUNDS.runs) ?? 1,
    steps: optionalInteger("--steps", values.steps, 0, BOUNDS.steps),
    learningRate: optionalNumber("--learning-rate", values["learning-rate"], true),
    efficiency: optionalNumber("--efficiency", values.efficiency, false),
    batch: optionalInteger("--batch", values.batch, 1, BOUNDS.examples),
    validation: optionalInteger("--validation", values.validation, 1, BOUNDS.examples),
    seed: optionalInteger("--seed", values.seed, 0, 2 ** 32 - 1) ?? 0,
    backend: backendFrom(values.backend, env),
    json: values.json === true,
    quiet: values.quiet === true,
  };
}

function onePositional(command: string, positionals: readonly string[], hint: string): string {
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError(`${command}: missing FILE ${hint}`);
  if (extra.length > 0) throw new UsageError(`${command}: unexpected argument '${extra[0]}' (one FILE per run)`);
  return file;
}
