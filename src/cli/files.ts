import { readFile } from "node:fs/promises";
import { InputError } from "./errors.js";

/** Reasons for failing to read a file, by errno code, worded for a user. */
const READ_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: "file not found",
  EISDIR: "is a directory, not a file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOTDIR: "file not found (a parent is not a directory)",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "file name too long",
};

/** Reads a UTF-8 text file named on the command line; failures become a one-line `InputError`. */
export async function readInputFile(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = (code !== undefined ? READ_FAILURES[code] : undefined) ?? `cannot read file (${code ?? String(error)})`;
    throw new InputError(`${path}: ${reason}`);
  }
}
