/**
 * Errors the CLI reports as one line on stderr (DESIGN.md, "Who uses it": a clear one-line error
 * with exit code 2 for bad input, never a stack trace). Anything else that escapes a command is an
 * internal error (exit code 1).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Bad command line: unknown command or flag, missing or malformed flag value. Exit code 2. */
export class UsageError extends CliError {
  override readonly name = "UsageError";

  constructor(message: string) {
    super(message, 2);
  }
}

/** Bad input file: unreadable, invalid JSON, or not a valid task file. Exit code 2. */
export class InputError extends CliError {
  override readonly name = "InputError";

  constructor(message: string) {
    super(message, 2);
  }
}
