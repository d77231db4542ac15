#!/usr/bin/env node
/**
 * The `gradsynth` executable (package.json "bin" → dist/cli/main.js). All logic lives in app.ts;
 * `run` never rejects, and the exit code is set rather than forced so that stdout is flushed.
 * (The tfjs wasm glue turns unhandled rejections into crashes: nothing here is left unhandled.)
 */
import { run } from "./app.js";

// A reader that closes the pipe early (`gradsynth … | head -1`) ends the process quietly, as it
// would end a Unix tool (exit code 141 = 128 + SIGPIPE); any other failure to write standard output
// (e.g. a full disk) is one line and exit 2.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") process.stderr.write(`gradsynth: cannot write standard output (${error.code ?? error.message})\n`);
  process.exit(error.code === "EPIPE" ? 141 : 2);
});

process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
