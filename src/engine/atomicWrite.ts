import { renameSync, writeFileSync } from "node:fs";

/**
 * Writes `text` to `path` atomically: to a temporary file beside it, then renamed over it, so that
 * an interrupted run leaves either the old file or the new one, never half of one (checkpoints,
 * results).
 */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}
