#!/usr/bin/env node
/**
 * The `gradsynth` executable (package.json "bin" → dist/cli/main.js). All logic lives in app.ts;
 * `run` never rejects, and the exit code is set rather than forced so that stdout is flushed.
 * (The tfjs wasm glue turns unhandled rejections into crashes: nothing here is left unhandled.)
 */
import { run } from "./app.js";

process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
