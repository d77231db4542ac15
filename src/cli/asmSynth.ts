import { printAnc } from "../lang/asm/anc/print.js";
import { printAsm } from "../lang/asm/print.js";
import type { CombinedResult } from "../systems/compile/both.js";
import type { SkeletonCandidate } from "../systems/compile/synthesize.js";
import { ASM_SYNTH_USAGE, parseAsmSynthArgs, type AsmSynthSettings } from "./asmSynthSettings.js";
import type { CliIo } from "./io.js";
import { ProgressBar } from "./progress.js";
import { prepareTuning, programWithConfidence } from "./asmTuning.js";

/** `gradsynth asm synth …`: seed 002's combined algorithm, or synthesis alone (docs/asm.md). */
export async function synthCommand(args: readonly string[], io: CliIo): Promise<number> {
  const settings = parseAsmSynthArgs(args, io.env);
  if (settings === "help") {
    io.stdout.write(ASM_SYNTH_USAGE);
    return 0;
  }
  const { backend, compile, rng, data, tuneSettings } = await prepareTuning(settings);
  const bar = new ProgressBar({ label: "tune", stream: io.stderr, enabled: !settings.quiet });
  const started = performance.now();
  let result: CombinedResult;
  try {
    result = await compile.runCombinedJob(
      {
        method: settings.method,
        data,
        runs: settings.runs,
        seed: rng.nextUint32(),
        synthesis: { maxSize: settings.maxSize, nearMisses: settings.nearMisses },
        settings: tuneSettings,
        gamma: settings.gamma,
      },
      (done, total, recovered) => bar.update(done, total, `recovered ${recovered}`),
    );
  } finally {
    bar.finish();
  }
  const seconds = (performance.now() - started) / 1000;
  io.stdout.write(settings.json ? `${JSON.stringify(jsonReport(result, settings, backend, seconds), null, 2)}\n` : humanReport(result));
  return 0;
}

const describe = (c: SkeletonCandidate): string => `${c.skeleton} (${(100 * c.score).toFixed(0)} % of cells right)`;

/** The run whose program is reported: the first recovered one, else the one with the lowest loss. */
function chosenRun(result: CombinedResult): CombinedResult["runs"][number] {
  const runs = result.runs;
  const loss = (r: (typeof runs)[number]) => r.tuning?.loss ?? Infinity;
  return runs.find((r) => r.recovered) ?? runs.reduce((best, r) => (loss(r) < loss(best) ? r : best));
}

function humanReport(result: CombinedResult): string {
  const { synthesis, runs } = result;
  const seconds = (synthesis.milliseconds / 1000).toFixed(1);
  const lines: string[] = [];
  if (synthesis.solution !== null) {
    lines.push(`synthesis: ${synthesis.solution.skeleton} solves the task (${synthesis.tried} skeletons enumerated, ${seconds} s)`, "", printAsm(synthesis.solution.program));
  } else {
    lines.push(`synthesis: no skeleton solves the task (${synthesis.tried} enumerated, ${seconds} s)`);
    lines.push(`near misses: ${synthesis.nearMisses.length === 0 ? "none" : synthesis.nearMisses.map(describe).join(", ")}`);
    runs.forEach((r, k) => {
      if (r.tuning === null || r.tuned === null) return;
      lines.push(
        r.recovered
          ? `run ${k + 1}: tuned ${r.tuned.skeleton}, recovered after ${r.tuning.recoveredAtStep} steps`
          : `run ${k + 1}: tuned ${r.tuned.skeleton}, not recovered (${r.tuning.steps} steps, loss ${r.tuning.loss.toFixed(3)})`,
      );
    });
    const chosen = chosenRun(result);
    if (chosen.tuning !== null) lines.push("", programWithConfidence(chosen.tuning));
  }
  const recovered = result.recovered > 0;
  lines.push("", `${recovered ? "recovered" : "not recovered"}: ${result.recovered}/${runs.length} runs${synthesis.solution !== null ? " (by synthesis)" : ""}`);
  return `${lines.join("\n")}\n`;
}

function jsonReport(result: CombinedResult, settings: AsmSynthSettings, backend: string, seconds: number): object {
  const { synthesis } = result;
  const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : null);
  const chosen = chosenRun(result);
  const program = synthesis.solution !== null ? printAsm(synthesis.solution.program) : chosen.tuning !== null ? printAnc(chosen.tuning.program) : null;
  return {
    program,
    recovered: chosen.recovered,
    recoveredRuns: result.recovered,
    synthesis: {
      solution: synthesis.solution?.skeleton ?? null,
      enumerated: synthesis.tried,
      seconds: round(synthesis.milliseconds / 1000),
      nearMisses: synthesis.nearMisses.map((c) => ({ skeleton: c.skeleton, score: round(c.score), compilable: c.lowered !== null, program: printAsm(c.program) })),
    },
    runs: result.runs.map((r) => ({
      recovered: r.recovered,
      by: r.by,
      tuned: r.tuned?.skeleton ?? null,
      recoveredAtStep: r.tuning?.recoveredAtStep ?? null,
      steps: r.tuning?.steps ?? 0,
      loss: r.tuning === null ? null : round(r.tuning.loss),
      program: r.tuning === null ? null : printAnc(r.tuning.program),
    })),
    method: settings.method,
    task: settings.source.kind === "task" ? settings.source.task : null,
    examples: settings.source.kind === "examples" ? settings.source.file : null,
    seed: settings.seed,
    backend,
    seconds: round(seconds),
  };
}
