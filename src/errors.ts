/**
 * Errors that carry an exit code: the library throws them for bad user input, and front ends (the
 * CLI) report them as one line on stderr (DESIGN.md, "Who uses it": a clear one-line error with
 * exit code 2 for bad input, never a stack trace). Anything else that escapes a command is an
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

/** Bad input: an unreadable or malformed file (task file, data set), thrown by the library. Exit code 2. */
export class InputError extends CliError {
  override readonly name = "InputError";

  constructor(message: string) {
    super(message, 2);
  }
}

/** A training run that cannot recover (its loss or gradients stay non-finite), e.g. from too large a learning rate. Exit code 2. */
export class TrainingDiverged extends CliError {
  override readonly name = "TrainingDiverged";

  constructor(message: string) {
    super(message, 2);
  }
}
