import { UsageError } from "../errors.js";
import type { CliIo } from "./io.js";

/** A command's subcommands by name, each run on the arguments after its name. */
export type Subcommands = Readonly<Record<string, (args: readonly string[], io: CliIo) => Promise<number>>>;

/**
 * Runs the subcommand `args[0]` of `command` (e.g. `nli train …`): -h / --help prints `usage`; a
 * missing or unknown subcommand is a one-line usage error naming the choices.
 */
export async function runSubcommand(command: string, usage: string, subcommands: Subcommands, args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const choices = Object.keys(subcommands).join(", ");
  if (sub === undefined) throw new UsageError(`${command}: missing subcommand, one of ${choices} (see 'gradsynth ${command} --help')`);
  if (sub === "-h" || sub === "--help") {
    io.stdout.write(usage);
    return 0;
  }
  const run = Object.hasOwn(subcommands, sub) ? subcommands[sub] : undefined;
  if (run === undefined) throw new UsageError(`${command}: unknown subcommand '${sub}', one of ${choices} (see 'gradsynth ${command} --help')`);
  return run(rest, io);
}
