import { readFile } from "node:fs/promises";
import { readFailure } from "../data/fileErrors.js";
import { InputError } from "../errors.js";

/** Reads a UTF-8 text file named on the command line; failures become a one-line `InputError`. */
export async function readInputFile(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new InputError(`${path}: ${readFailure(error)}`);
  }
}
