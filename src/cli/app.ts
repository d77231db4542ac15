import { readFileSync } from "node:fs";
import { THREADS_ENV, threadCount } from "../engine/workers.js";
import { CliError, UsageError } from "../errors.js";
import { asmCommand } from "./asm.js";
import { deepcoderCommand } from "./deepcoder.js";
import { ilpCommand } from "./ilp.js";
import { experimentCommand } from "./experiment.js";
import type { CliIo } from "./io.js";
import { nliCommand } from "./nli.js";
import { roapCommand } from "./roap.js";
import { solveCommand } from "./solve.js";

/** The commands of `gradsynth`; each parses its own arguments (after the command name). */
const COMMANDS: Readonly<Record<string, { readonly summary: string; readonly run: (args: readonly string[], io: CliIo) => Promise<number> }>> = {
  solve: { summary: "find arithmetic formulas that reproduce the input/output examples in FILE", run: solveCommand },
  roap: { summary: "learn symbols from images and the programs over them (ROAP): train, eval", run: roapCommand },
  experiment: { summary: "reproduce a paper's table or figure (--list shows them)", run: experimentCommand },
  asm: { summary: "run register-machine programs; compile them into a differentiable machine and tune them", run: asmCommand },
  ilp: { summary: "learn Datalog rules from examples (∂ILP) or find them by SAT", run: ilpCommand },
  nli: { summary: "invent a token language and its neural interpreter (NLI): train, eval with gradient search", run: nliCommand },
  deepcoder: { summary: "DeepCoder list programs in ExeDec's problem files: solve by enumeration, check gold programs", run: deepcoderCommand },
};

export function usage(): string {
  // Descriptions line up with those of the options below.
  const width = Math.max(14, ...Object.keys(COMMANDS).map((name) => name.length + 2));
  const commands = Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}${summary}`);
  return `gradsynth ${version()}: gradient-based and neurosymbolic program synthesis

Usage: gradsynth <command> [options]

Commands:
${commands.join("\n")}

Options:
  -h, --help    show this help
  --version     print the version

Run 'gradsynth <command> --help' for the options of a command.
`;
}

/** The package version, read from package.json (two levels up from both src/cli and dist/cli). */
export function version(): string {
  const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}

/**
 * Runs the CLI on `argv` (without node and the script) and returns the exit code. Never throws:
 * usage and input errors print one line and give 2; anything else is an internal error, printed as
 * one line (with the stack only when GRADSYNTH_DEBUG=1) and giving 1.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`gradsynth: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`gradsynth: internal error: ${message.split("\n")[0] ?? message}\n`);
    if (io.env["GRADSYNTH_DEBUG"] === "1" && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  checkEnvironment(io.env);
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError("missing command (see 'gradsynth --help')");
  if (first === "-h" || first === "--help") {
    io.stdout.write(usage());
    return 0;
  }
  if (first === "--version") {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  if (first.startsWith("-")) throw new UsageError(`unknown option '${first}' (see 'gradsynth --help')`);
  const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (command === undefined) throw new UsageError(`unknown command '${first}' (see 'gradsynth --help')`);
  return command.run(rest, io);
}

/** The environment variables gradsynth reads, checked before any command runs (a bad value is a usage error). */
function checkEnvironment(env: CliIo["env"]): void {
  const threads = env[THREADS_ENV];
  if (threads === undefined || threads === "") return;
  try {
    threadCount(threads);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
