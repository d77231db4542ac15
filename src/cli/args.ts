import { UsageError } from "../errors.js";

/**
 * Runs `node:util` parseArgs (or anything that throws its errors) and turns its errors into short
 * one-line `UsageError`s: parseArgs' own messages are long and suggest `--` tricks.
 */
export function withUsageErrors<R>(parse: () => R, hint = ""): R {
  try {
    return parse();
  } catch (error) {
    const converted = toUsageError(error);
    throw converted instanceof UsageError && hint !== "" ? new UsageError(`${converted.message} ${hint}`) : converted;
  }
}

function toUsageError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined || !code.startsWith("ERR_PARSE_ARGS_")) return error;
  const quoted = /'([^']*)'/u.exec(error.message)?.[1] ?? "";
  // '--lines <value>' in parseArgs' messages: keep just the flag.
  const flag = quoted.split(" ")[0] ?? quoted;
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return new UsageError(`unknown option '${flag}'`);
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return new UsageError(`unexpected argument '${quoted}'`);
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      if (/does not take an argument/u.test(error.message)) return new UsageError(`${flag} does not take a value`);
      if (/ambiguous/u.test(error.message)) return new UsageError(`${flag} needs a value (write ${flag}=VALUE for a value starting with '-')`);
      return new UsageError(`${flag} needs a value`);
    default:
      return new UsageError(error.message.split("\n")[0] ?? error.message);
  }
}
