import { writeFileSync } from "node:fs";

/** Writes a copy of the parsed file `valid`, changed by `change`, to `path` (for tests of what a reader refuses); returns `path`. */
export function writeChanged<T>(valid: T, change: (copy: T) => void, path: string): string {
  const copy = structuredClone(valid);
  change(copy);
  writeFileSync(path, JSON.stringify(copy));
  return path;
}

/** Float32 values as checkpoints store them: base64 of their little-endian bytes. */
export const base64Floats = (values: readonly number[]): string => Buffer.from(Float32Array.from(values).buffer).toString("base64");
