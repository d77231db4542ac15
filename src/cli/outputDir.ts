import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeStaleTemporaries } from "../engine/atomicWrite.js";
import { UsageError } from "../errors.js";

/**
 * Makes sure, before any training starts, that the directory `dir` (the value of `flag`) can take
 * a command's files: creates it with its parents, writes and removes a probe file, and removes the
 * temporary files a killed run left there. Anything in the way is a UsageError naming the flag.
 */
export function prepareOutputDir(flag: string, dir: string): void {
  const where = `${flag} ${dir}`;
  let isDirectory: boolean | undefined;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    isDirectory = undefined;
  }
  if (isDirectory === false) throw new UsageError(`${where}: exists and is not a directory`);
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.gradsynth-probe-${process.pid}`);
    writeFileSync(probe, "");
    rmSync(probe);
    removeStaleTemporaries(dir);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new UsageError(`${where}: cannot write there (${code ?? message})`);
  }
}
