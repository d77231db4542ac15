import { InputError } from "../errors.js";

/** A malformed task file: one line of text, exit code 2 (DESIGN.md, "Who uses it"). */
export class TaskFileError extends InputError {
  constructor(
    readonly line: number,
    readonly column: number | undefined,
    readonly detail: string,
    readonly file?: string,
  ) {
    super(`${file === undefined ? "" : `${file}: `}line ${line}${column === undefined ? "" : `, column ${column}`}: ${detail}`);
  }
}

export interface TaskFileOptions {
  /** File name for error messages; its base name without extension is the default task name. */
  readonly file?: string;
  /** Task name (default: from `file`, else "task"). */
  readonly name?: string;
}
