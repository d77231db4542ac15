import { BOUNDS } from "../bounds.js";
import { UsageError } from "../errors.js";
import { COMBINED_METHODS, type CombinedMethod } from "../systems/compile/both.js";
import { OUTPUT_FLAGS, TASK_FLAGS, gammaFlag, tuningFlags, tuningSettings, type TuningSettings } from "./asmSettings.js";
import { choiceFlag, integerFlag, onlyWhen, optionLines, parseFlags, textFlag, withDefault } from "./flags.js";
import { DEFAULT_MAX_SKELETON_SIZE, DEFAULT_NEAR_MISSES } from "../systems/compile/synthesize.js";

/**
 * The settings of `gradsynth asm synth` (seed 002's combined algorithm, docs/asm.md), parsed and
 * validated without loading the tensor engine. The defaults of the search and tuning options are
 * systems/compile's.
 */

const TUNING = "Tuning (--method both):";

const FLAGS = {
  task: TASK_FLAGS.task,
  examples: textFlag("FILE", "your own I/O memory states instead (docs/formats.md)", "Task:"),
  method: withDefault(choiceFlag("M", COMBINED_METHODS, "both or synthesis (enumeration alone)", "Search:"), "both"),
  "max-size": withDefault(integerFlag("N", 1, 9, "largest skeleton, in nodes, at most 9", "Search:"), DEFAULT_MAX_SKELETON_SIZE),
  "near-misses": withDefault(integerFlag("C", 1, BOUNDS.runs, "failing skeletons kept for tuning", "Search:"), DEFAULT_NEAR_MISSES),
  runs: withDefault(integerFlag("K", 1, BOUNDS.runs, "tuning runs when synthesis fails; the seed uses 100", TUNING), 1),
  gamma: gammaFlag(TUNING),
  ...tuningFlags(TUNING),
  ...OUTPUT_FLAGS,
};

export const ASM_SYNTH_USAGE = `Usage: gradsynth asm synth (--task NAME | --examples FILE) [options]

Seed 002's combined algorithm: enumerate skeletons of a small template language (apply,
map, reduce, loop with no-op padding, the conditional ifz; docs/asm.md) by size, lower
each to the seed's assembly and run it exactly on the task's examples. A skeleton that
solves them (and the held-out examples recovery is judged on) is the answer. Otherwise
(--method both) the best failing skeletons that compile are compiled into ANC's machine
and tuned by gradient descent, run k tuning near miss k mod (their number); a run is
recovered when its decompiled program solves the held-out examples exactly.

${optionLines(FLAGS)}

Exit status: 0 when the search completed (recovered or not); 2 for bad arguments or
files; 1 for internal errors.
`;

export interface AsmSynthSettings extends TuningSettings {
  readonly method: CombinedMethod;
  readonly maxSize: number;
  readonly nearMisses: number;
}

const HINT = "(see 'gradsynth asm synth --help')";

export function parseAsmSynthArgs(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): AsmSynthSettings | "help" {
  const parsed = parseFlags(FLAGS, args, HINT);
  const v = parsed.values;
  if (v.help) return "help";
  if (parsed.positionals.length > 0) throw new UsageError(`asm synth: unexpected argument '${parsed.positionals[0]}' (it takes no FILE) ${HINT}`);
  const shared = tuningSettings(parsed, "asm synth", HINT, "searches, trains and judges", env);
  const method = v.method;
  onlyWhen(parsed, ["runs", "steps", "learning-rate", "efficiency", "gamma", "batch"], method === "both", "applies only to --method both (synthesis alone does not tune)");
  return {
    ...shared,
    method,
    maxSize: v["max-size"],
    nearMisses: v["near-misses"],
  };
}
