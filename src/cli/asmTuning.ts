import type { AncHalting } from "../lang/asm/anc/relaxed/machineKernel.js";
import { printAnc } from "../lang/asm/anc/print.js";
import type { RunResult } from "../systems/compile/tune.js";
import type { TuningSettings } from "./asmSettings.js";
import { parseAsmExamples } from "./asmExamples.js";
import { readInputFile } from "./files.js";

/** Loads the engine and the examples of `asm tune` / `asm synth` and maps their shared settings onto the library's. */
export async function prepareTuning(settings: TuningSettings & { readonly halting?: AncHalting | undefined }) {
  const userExamples = settings.source.kind === "examples" ? parseAsmExamples(await readInputFile(settings.source.file), settings.source.file) : null;
  const { initEngine } = await import("../engine/backend.js");
  const backend = await initEngine(settings.backend);
  const compile = await import("../systems/compile/index.js");
  const { Rng } = await import("../engine/rng.js");
  const { makeTask } = await import("../lang/asm/tasks.js");
  const rng = new Rng(settings.seed);
  const data =
    userExamples !== null
      ? compile.exampleData(userExamples.base, userExamples.maxSteps, userExamples.examples)
      : compile.taskData(makeTask(settings.source.kind === "task" ? settings.source.task : "inc"), rng.fork(), { batchSize: settings.batch, validationSize: settings.validation });
  return { backend, compile, rng, data, tuneSettings: compile.tuneSettingsOf(settings), Rng };
}

/** The decompiled program with each line's confidence as a comment (parseAnc reads it back). */
export function programWithConfidence(run: RunResult): string {
  const [header, ...lines] = printAnc(run.program).split("\n");
  return [header, ...lines.map((line, l) => `${line}  # confidence ${(run.confidence[l] ?? 0).toFixed(2)}`)].join("\n");
}
