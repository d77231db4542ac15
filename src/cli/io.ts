import type { ProgressStream } from "./progress.js";

/** What a command may touch besides files: its output streams and environment (injectable for tests). */
export interface CliIo {
  readonly stdout: { write(chunk: string): unknown };
  /** Errors and the progress bar; the bar draws only when `isTTY` is true. */
  readonly stderr: ProgressStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}
