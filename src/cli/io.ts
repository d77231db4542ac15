import type { ProgressStream } from "./progress.js";

/** What a command may touch besides files: its output streams and environment (injectable for tests). */
export interface CliIo {
  readonly stdout: { write(chunk: string): unknown };
  /** Errors and progress: a bar redrawn in place when `isTTY` is true, plain lines now and then otherwise. */
  readonly stderr: ProgressStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}
