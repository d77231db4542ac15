import { spawn } from "node:child_process";
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

/**
 * Runs `gradsynth` from the sources as a child process (from the repository root), with
 * GRADSYNTH_DEBUG off; `keepBackend: false` also drops $GRADSYNTH_BACKEND (the engine's default).
 */
export function gradsynthProcess(args: readonly string[], { keepBackend = true } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, GRADSYNTH_DEBUG: "" };
  if (!keepBackend) delete env["GRADSYNTH_BACKEND"];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
