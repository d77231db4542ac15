import { DEFAULT_ENUMERATE_TIMEOUT } from "../search/deepcoderEnumerate.js";
import { DEEPCODER_METHODS, type DeepCoderMethod } from "../systems/deepcoder/solve.js";
import { MAX_VARIABLES } from "../lang/deepcoder/parse.js";
import { SHARED, choiceFlag, integerFlag, numberFlag, onePositional, optionLines, parseFlags, withDefault } from "./flags.js";

/**
 * The settings of `gradsynth deepcoder solve` and `gradsynth deepcoder check` (DeepCoder problems in
 * ExeDec's JSON Lines, docs/formats.md), parsed and validated without loading anything else.
 */


export const DEEPCODER_USAGE = `Usage: gradsynth deepcoder <subcommand> FILE [options]

DeepCoder's list DSL (Balog et al. 2017) as ExeDec (Shi et al. 2024) writes it. FILE holds one
problem per line in ExeDec's JSON Lines: {"inputs": ["x0 = 1 | x1 = [ 0 2 4 ]", ...],
"outputs": ["[ 0 ]", ...], "program": "x0 = INPUT | x1 = INPUT | x2 = Take x0 x1"}
(docs/formats.md, "DeepCoder problems").

Subcommands:
  solve FILE   find a program consistent with each problem's examples
  check FILE   run each problem's gold program on its examples and count those it reproduces

Run 'gradsynth deepcoder <subcommand> --help' for its options.
`;

const SOLVE_FLAGS = {
  method: withDefault(choiceFlag("M", DEEPCODER_METHODS, "enumerate: typed bottom-up enumeration with observational equivalence, a smallest consistent program first"), "enumerate"),
  timeout: withDefault(numberFlag("S", { positive: true }, "seconds of search per problem"), DEFAULT_ENUMERATE_TIMEOUT),
  "max-size": integerFlag("N", 1, MAX_VARIABLES, `largest program, in statements (default: as many as ExeDec's ${MAX_VARIABLES} variables allow)`),
  limit: integerFlag("N", 1, Number.MAX_SAFE_INTEGER, "solve only the first N problems of FILE"),
  generalization: integerFlag("K", 1, 100_000, "also check each found program against the gold one on K fresh inputs drawn as ExeDec draws them (docs/formats.md)"),
  seed: SHARED.seed(1, "seed of the fresh inputs of --generalization"),
  json: SHARED.json(),
  quiet: SHARED.quiet(),
  help: SHARED.help(),
};

export const DEEPCODER_SOLVE_USAGE = `Usage: gradsynth deepcoder solve FILE [options]

Searches, for each problem of FILE, a program consistent with all its examples, and prints it in
ExeDec's text form; "consistent" is judged on the examples alone, not against the gold program.

${optionLines(SOLVE_FLAGS)}

Output: one line per problem, "<index>: <program> (<seconds> s)" or "<index>: unsolved", then
"solved k/n". With --generalization K, a solved problem's line ends with "generalizes" or "does
not generalize", and a last line counts them. With --json: {"problems": [{"index", "program",
"solved", "seconds"[, "generalizes"]}], "solved", "total"[, "generalizing"]}.

Exit status: 0 when the run completed, solved or not; 2 for bad arguments or a bad FILE; 1 for
internal errors.
`;

const CHECK_FLAGS = { limit: SOLVE_FLAGS.limit, json: SHARED.json(), help: SHARED.help() };

export const DEEPCODER_CHECK_USAGE = `Usage: gradsynth deepcoder check FILE [options]

Runs each problem's gold program ("program") on its examples and counts the problems whose outputs
it reproduces; lists those it does not.

${optionLines(CHECK_FLAGS)}
`;

export interface DeepCoderSolveSettings {
  readonly file: string;
  readonly method: DeepCoderMethod;
  readonly timeout: number;
  readonly maxSize: number | undefined;
  readonly limit: number | undefined;
  /** Fresh inputs on which a found program is compared with the gold one (undefined: not checked). */
  readonly generalization: number | undefined;
  readonly seed: number;
  readonly json: boolean;
  readonly quiet: boolean;
}

export interface DeepCoderCheckSettings {
  readonly file: string;
  readonly limit: number | undefined;
  readonly json: boolean;
}

export function parseDeepCoderSolveArgs(args: readonly string[]): DeepCoderSolveSettings | "help" {
  const hint = "(see 'gradsynth deepcoder solve --help')";
  const parsed = parseFlags(SOLVE_FLAGS, args, hint);
  const v = parsed.values;
  if (v.help) return "help";
  const file = onePositional("deepcoder solve", "FILE", parsed.positionals, hint);
  return { file, method: v.method, timeout: v.timeout, maxSize: v["max-size"], limit: v.limit, generalization: v.generalization, seed: v.seed, json: v.json, quiet: v.quiet };
}

export function parseDeepCoderCheckArgs(args: readonly string[]): DeepCoderCheckSettings | "help" {
  const hint = "(see 'gradsynth deepcoder check --help')";
  const parsed = parseFlags(CHECK_FLAGS, args, hint);
  const v = parsed.values;
  if (v.help) return "help";
  return { file: onePositional("deepcoder check", "FILE", parsed.positionals, hint), limit: v.limit, json: v.json };
}
