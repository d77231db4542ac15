import { BOUNDS } from "../bounds.js";
import { UsageError } from "../errors.js";
import { ANC_HALTINGS, type AncHalting } from "../lang/asm/anc/relaxed/machineKernel.js";
import { TASK_NAMES, type TaskName } from "../lang/asm/tasks.js";
import { backendFrom } from "./args.js";
import { SHARED, choiceFlag, integerFlag, integerListFlag, numberFlag, onePositional, onlyWhen, optionLines, parseFlags, switchFlag, textFlag, withDefault, type DefaultedFlag, type IntegerFlag, type NumberFlag, type ParsedFlags } from "./flags.js";
import { DEFAULT_GAMMA } from "../systems/compile/compiler.js";
import { DEFAULT_BATCH_SIZE, DEFAULT_VALIDATION_SIZE } from "../systems/compile/data.js";
import { TUNE_DEFAULTS } from "../systems/compile/tune.js";
import { DEFAULT_MAX_STEPS } from "../lang/asm/evaluate.js";

/**
 * The settings of `gradsynth asm run` and `gradsynth asm tune` (DESIGN.md: thin commands over one
 * settings object per command), parsed and validated here without loading the tensor engine.
 * The defaults of the tuning options are systems/compile's (TUNE_DEFAULTS, DEFAULT_GAMMA, …).
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

const RUN_FLAGS = {
  memory: integerListFlag("V,...", 0, Number.MAX_SAFE_INTEGER, "the initial tape, comma-separated values in 0..B-1 (padded with 0s)"),
  base: withDefault(integerFlag("B", 2, BOUNDS.exactMachineBase, "the machine's base: values 0..B-1 and B tape cells"), 10),
  "max-steps": withDefault(integerFlag("N", 0, BOUNDS.machineSteps, "step limit"), DEFAULT_MAX_STEPS),
  json: switchFlag("print one JSON object instead of text"),
  help: SHARED.help(),
};

export const ASM_RUN_USAGE = `Usage: gradsynth asm run FILE --memory V,V,... [options]

Runs FILE with the exact interpreter from the given tape (registers start at 0, or as
an .anc file's "registers" line says) and prints the final tape and registers.

${optionLines(RUN_FLAGS)}
`;

const TASK = "Task:";
const TUNING = "Tuning:";
const OUTPUT = "Output:";

/** --task / --examples: where the I/O examples come from (asm tune and asm synth). */
export const TASK_FLAGS = {
  task: choiceFlag("NAME", TASK_NAMES, `one of ${TASK_NAMES.join(", ")}`, TASK),
  examples: textFlag("FILE", ["your own I/O memory states instead (docs/formats.md):", '{"base": 10, "examples": [{"memory": [...], "output": [...]}]}'], TASK),
};

/** The tuning flags asm tune and asm synth share, listed under `section`. */
export const tuningFlags = (section: string) => ({
  steps: withDefault(integerFlag("N", 0, BOUNDS.steps, "Adam steps per run, at most", section), TUNE_DEFAULTS.steps),
  "learning-rate": withDefault(numberFlag("R", { positive: true }, "Adam learning rate", section), TUNE_DEFAULTS.learningRate),
  efficiency: withDefault(numberFlag("L", { positive: false }, "weight of the halting penalty sum(1 - h_t), eq. 12", section), TUNE_DEFAULTS.loss.efficiency),
  batch: withDefault(integerFlag("B", 1, BOUNDS.examples, "examples per step for --task", section), DEFAULT_BATCH_SIZE),
  validation: withDefault(integerFlag("N", 1, BOUNDS.examples, "fresh examples recovery is judged on for --task", section), DEFAULT_VALIDATION_SIZE),
  seed: SHARED.seed(0, undefined, section),
  backend: SHARED.backend(section),
});

/** --json, --quiet, -h. */
export const OUTPUT_FLAGS = { json: switchFlag("print one JSON object instead of text", OUTPUT), quiet: SHARED.quiet(OUTPUT), help: SHARED.help(OUTPUT) };

/** --gamma, the compiler's noise (asm tune and asm synth). */
export const gammaFlag = (section: string) => withDefault(numberFlag("G", { positive: false }, "noise magnitude of the compiler, eq. 3", section), DEFAULT_GAMMA);

const TUNE_FLAGS = {
  ...TASK_FLAGS,
  random: switchFlag('random weights instead of FILE (seed Table 1\'s "Optimization")', "Initialisation:"),
  lines: integerFlag("L", 1, BOUNDS.sketchLines, "lines of the random machine (default: the base)", "Initialisation:"),
  registers: withDefault(integerFlag("R", 1, BOUNDS.registers, "registers of the random machine", "Initialisation:"), 8),
  gamma: gammaFlag("Initialisation:"),
  padding: withDefault(integerFlag("P", 0, BOUNDS.sketchLines, "append P trainable no-op lines to FILE before compiling; its lines plus P stay below the base (docs/asm.md)", "Initialisation:"), 0),
  runs: withDefault(integerFlag("K", 1, BOUNDS.runs, "independent runs; the seed uses 100", TUNING), 1),
  halting: withDefault(choiceFlag("H", ANC_HALTINGS, "max: h_t = running max of the STOP probability, seed eq. 11; cumulative: ANC's h_t+1 = h_t + (1 - h_t) stop_t", TUNING), TUNE_DEFAULTS.halting),
  ...tuningFlags(TUNING),
  ...OUTPUT_FLAGS,
};

export const ASM_TUNE_USAGE = `Usage: gradsynth asm tune FILE (--task NAME | --examples FILE) [options]
       gradsynth asm tune --random (--task NAME | --examples FILE) [options]

Compiles FILE into the weights of ANC's differentiable machine (seed 002 eq. 3, with
noise gamma), tunes it with Adam on the task (seed eqs. 10-12), decompiles it, and
checks the decompiled program with the exact interpreter: it is "recovered" when it
solves freshly sampled inputs of the task (or every example of --examples). This
repeats for --runs independent runs (fresh noise each); it stops early when recovered.
A .asm file is lowered to ANC's instructions first (docs/asm.md); it may not use mod.

${optionLines(TUNE_FLAGS)}

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

/** What asm tune and asm synth share: where the examples come from, the tuning flags, the output. */
export interface TuningSettings {
  readonly source: TuneSource;
  readonly runs: number;
  readonly gamma: number;
  readonly steps: number;
  readonly learningRate: number;
  readonly efficiency: number;
  readonly batch: number;
  readonly validation: number;
  readonly seed: number;
  readonly backend: "wasm" | "cpu" | undefined;
  readonly json: boolean;
  readonly quiet: boolean;
}

export interface AsmTuneSettings extends TuningSettings {
  /** The program to compile, or null for --random. */
  readonly file: string | null;
  readonly lines: number | undefined;
  readonly registers: number;
  readonly padding: number;
  readonly halting: AncHalting;
}

const RUN_HINT = "(see 'gradsynth asm run --help')";
const TUNE_HINT = "(see 'gradsynth asm tune --help')";

export function parseAsmRunArgs(args: readonly string[]): AsmRunSettings | "help" {
  const parsed = parseFlags(RUN_FLAGS, args, RUN_HINT);
  const v = parsed.values;
  if (v.help) return "help";
  const file = onePositional("asm run", "FILE", parsed.positionals, RUN_HINT);
  if (v.memory === undefined) throw new UsageError(`asm run: missing --memory ${RUN_HINT}`);
  const base = v.base;
  const memory = v.memory;
  const bad = memory.find((value) => value >= base);
  if (bad !== undefined) throw new UsageError(`--memory values must be below the base ${base}, got ${bad}`);
  if (memory.length > base) throw new UsageError(`--memory has ${memory.length} values, but the base-${base} machine has ${base} cells`);
  return { file, memory, base, maxSteps: v["max-steps"], json: v.json };
}

type TuningFlags = typeof TASK_FLAGS & ReturnType<typeof tuningFlags> & typeof OUTPUT_FLAGS & { readonly runs: DefaultedFlag<IntegerFlag>; readonly gamma: DefaultedFlag<NumberFlag> };

/** The shared settings of asm tune / asm synth, with exactly one of --task and --examples. */
export function tuningSettings(parsed: ParsedFlags<TuningFlags>, command: string, hint: string, examplesUse: string, env: Env): TuningSettings {
  if (parsed.given.has("task") === parsed.given.has("examples")) throw new UsageError(`${command}: give exactly one of --task NAME and --examples FILE ${hint}`);
  const v = parsed.values;
  const source: TuneSource = v.task !== undefined ? { kind: "task", task: v.task } : { kind: "examples", file: v.examples as string };
  onlyWhen(parsed, ["batch", "validation"], source.kind === "task", `applies only to --task (--examples ${examplesUse} on the file's examples)`);
  return {
    source,
    runs: v.runs,
    gamma: v.gamma,
    steps: v.steps,
    learningRate: v["learning-rate"],
    efficiency: v.efficiency,
    batch: v.batch,
    validation: v.validation,
    seed: v.seed,
    backend: backendFrom(v.backend, env),
    json: v.json,
    quiet: v.quiet,
  };
}

type Env = Readonly<Record<string, string | undefined>>;

export function parseAsmTuneArgs(args: readonly string[], env: Env = {}): AsmTuneSettings | "help" {
  const parsed = parseFlags(TUNE_FLAGS, args, TUNE_HINT);
  const v = parsed.values;
  if (v.help) return "help";
  let file: string | null = null;
  if (v.random) {
    if (parsed.positionals.length > 0) throw new UsageError(`asm tune: --random takes no FILE, got '${parsed.positionals[0]}'`);
    onlyWhen(parsed, ["gamma", "padding"], false, "applies to a compiled FILE, not to --random");
  } else {
    file = onePositional("asm tune", "FILE", parsed.positionals, TUNE_HINT);
    onlyWhen(parsed, ["lines", "registers"], false, "applies only to --random");
  }
  return {
    ...tuningSettings(parsed, "asm tune", TUNE_HINT, "trains and judges", env),
    file,
    lines: v.lines,
    registers: v.registers,
    padding: v.padding,
    halting: v.halting,
  };
}
