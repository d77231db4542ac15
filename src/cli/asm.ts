import { extname } from "node:path";
import { InputError } from "../errors.js";
import { runAnc } from "../lang/asm/anc/evaluate.js";
import { parseAnc } from "../lang/asm/anc/parse.js";
import { printAnc } from "../lang/asm/anc/print.js";
import type { AncProgram } from "../lang/asm/anc/syntax.js";
import { runAsm } from "../lang/asm/evaluate.js";
import { parseAsm } from "../lang/asm/parse.js";
import type { AsmProgram } from "../lang/asm/syntax.js";
import { ParseError } from "../lang/parseError.js";
import type { Initialisation, JobResult } from "../systems/compile/job.js";
import type { RunResult } from "../systems/compile/tune.js";
import { ASM_RUN_USAGE, ASM_TUNE_USAGE, ASM_USAGE, parseAsmRunArgs, parseAsmTuneArgs, type AsmTuneSettings } from "./asmSettings.js";
import { readInputFile } from "./files.js";
import type { CliIo } from "./io.js";
import { runSubcommand } from "./subcommands.js";
import { ProgressBar } from "./progress.js";
import { prepareTuning, programWithConfidence } from "./asmTuning.js";

/** `gradsynth asm run|tune|synth …` (docs/asm.md). */
export async function asmCommand(args: readonly string[], io: CliIo): Promise<number> {
  return runSubcommand("asm", ASM_USAGE, { run: runCommand, tune: tuneCommand, synth: async (rest, io) => (await import("./asmSynth.js")).synthCommand(rest, io) }, args, io);
}

type LoadedProgram = { readonly kind: "anc"; readonly program: AncProgram } | { readonly kind: "asm"; readonly program: AsmProgram };

/** Reads FILE: ANC's encoding when it ends in .anc, else the seed's assembly. */
async function loadProgram(file: string): Promise<LoadedProgram> {
  const text = await readInputFile(file);
  try {
    return extname(file).toLowerCase() === ".anc" ? { kind: "anc", program: parseAnc(text) } : { kind: "asm", program: parseAsm(text) };
  } catch (error) {
    if (error instanceof ParseError) throw new InputError(`${file}: ${error.message}`);
    throw error;
  }
}

/** Library RangeErrors about user input (a value out of range, a program too long) become one-line InputErrors. */
function asInputError<R>(file: string, f: () => R): R {
  try {
    return f();
  } catch (error) {
    if (error instanceof RangeError) throw new InputError(`${file}: ${error.message}`);
    throw error;
  }
}

async function runCommand(args: readonly string[], io: CliIo): Promise<number> {
  const settings = parseAsmRunArgs(args);
  if (settings === "help") {
    io.stdout.write(ASM_RUN_USAGE);
    return 0;
  }
  const loaded = await loadProgram(settings.file);
  const options = { base: settings.base, maxSteps: settings.maxSteps };
  const state = asInputError(settings.file, () =>
    loaded.kind === "anc" ? runAnc(loaded.program, settings.memory, options) : runAsm(loaded.program, settings.memory, options),
  );
  const report = { memory: state.memory, registers: state.registers, steps: state.steps, halted: state.halted };
  io.stdout.write(
    settings.json
      ? `${JSON.stringify(report)}\n`
      : `memory: ${state.memory.join(" ")}\nregisters: ${state.registers.join(" ")}\nsteps: ${state.steps} (${state.halted ? "halted" : "step limit reached"})\n`,
  );
  return 0;
}

async function tuneCommand(args: readonly string[], io: CliIo): Promise<number> {
  const settings = parseAsmTuneArgs(args, io.env);
  if (settings === "help") {
    io.stdout.write(ASM_TUNE_USAGE);
    return 0;
  }
  const loaded = settings.file === null ? null : await loadProgram(settings.file);
  const { backend, compile, rng, data, tuneSettings, Rng } = await prepareTuning(settings);
  const init: Initialisation =
    loaded === null
      ? { kind: "random", shape: { base: data.base, lines: settings.lines ?? data.base, registers: settings.registers } }
      : {
          kind: "program",
          program: asInputError(settings.file as string, () => (loaded.kind === "anc" ? loaded.program : compile.lowerToAnc(loaded.program, data.base).program)),
          gamma: settings.gamma,
          padding: settings.padding,
        };
  // Compiling once up front checks the program, padded, against the base (lines, initial values).
  if (init.kind === "program") {
    const { program, padding } = init;
    asInputError(settings.file as string, () => compile.compileProgram(compile.padProgram(program, padding ?? 0, data.base), new Rng(0), { base: data.base }));
  }
  else asInputError("--lines", () => compile.checkShape(init.shape));
  const bar = new ProgressBar({ label: "tune", stream: io.stderr, enabled: !settings.quiet });
  const started = performance.now();
  let result: JobResult;
  try {
    result = await compile.runTuningJob({ init, data, runs: settings.runs, seed: rng.nextUint32(), settings: tuneSettings }, (done, total, recovered) =>
      bar.update(done, total, `recovered ${recovered}`),
    );
  } finally {
    bar.finish();
  }
  const seconds = (performance.now() - started) / 1000;
  io.stdout.write(settings.json ? `${JSON.stringify(jsonReport(result, settings, backend, seconds), null, 2)}\n` : humanReport(result));
  return 0;
}

/** The run whose program is reported: the first recovered one, else the one with the lowest loss. */
function chosenRun(result: JobResult): RunResult {
  const runs = result.runs;
  return runs.find((r) => r.recovered) ?? runs.reduce((best, r) => (r.loss < best.loss ? r : best));
}

function humanReport(result: JobResult): string {
  const lines = result.runs.map((r, k) =>
    r.recovered ? `run ${k + 1}: recovered after ${r.recoveredAtStep} steps` : `run ${k + 1}: not recovered (${r.steps} steps, loss ${r.loss.toFixed(3)})`,
  );
  const run = chosenRun(result);
  return `${lines.join("\n")}\n\n${programWithConfidence(run)}\n\n${run.recovered ? "recovered" : "not recovered"}: ${result.recovered}/${result.runs.length} runs\n`;
}

function jsonReport(result: JobResult, settings: AsmTuneSettings, backend: string, seconds: number): object {
  const run = chosenRun(result);
  const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : null);
  return {
    program: printAnc(run.program),
    recovered: run.recovered,
    confidence: run.confidence.map(round),
    recoveredRuns: result.recovered,
    runs: result.runs.map((r) => ({
      recovered: r.recovered,
      recoveredAtStep: r.recoveredAtStep,
      steps: r.steps,
      loss: round(r.loss),
      seconds: round(r.milliseconds / 1000),
      program: printAnc(r.program),
    })),
    task: settings.source.kind === "task" ? settings.source.task : null,
    examples: settings.source.kind === "examples" ? settings.source.file : null,
    init: settings.file ?? "random",
    seed: settings.seed,
    backend,
    seconds: round(seconds),
  };
}
