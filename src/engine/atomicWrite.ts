import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

/** The suffix of a file being written: `<path>.tmp-<pid>`. */
const TEMPORARY = /\.tmp-(\d+)$/u;

/**
 * Writes `text` to `path` atomically: to a temporary file beside it, flushed to disk, then renamed
 * over it, so that an interrupted run (even killed, or the machine losing power) leaves either the
 * old file or the new one, never half of one (checkpoints, results).
 */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = `${path}.tmp-${process.pid}`;
  const fd = openSync(temporary, "w");
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/**
 * Removes the temporary files in `dir` that a killed process left behind (`*.tmp-<pid>` of a
 * process no longer running); a live process's files are left alone. Returns the names removed.
 */
export function removeStaleTemporaries(dir: string): string[] {
  const stale = readdirSync(dir).filter((name) => {
    const pid = TEMPORARY.exec(name)?.[1];
    return pid !== undefined && Number(pid) !== process.pid && !running(Number(pid));
  });
  for (const name of stale) rmSync(join(dir, name), { force: true });
  return stale;
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
