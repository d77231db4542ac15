import { run } from "../../src/cli/app.js";
import type { CliIo } from "../../src/cli/io.js";

/** Runs the CLI in-process with captured streams (stderr is not a terminal: no progress bar). */
export async function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: { write: (c: string) => (stdout += c) }, stderr: { isTTY: false, write: (c: string) => (stderr += c) }, env };
  const code = await run(args, io);
  return { code, stdout, stderr };
}
