import { toPolynomial } from "../lang/arith/polynomial.js";
import { printExpr } from "../lang/arith/print.js";
import type { Expr } from "../lang/arith/syntax.js";
import type { DecodedProgram } from "../systems/roap/heads.js";
import { formulaText } from "./formulaText.js";
import type { RoapMetrics } from "../systems/roap/metrics.js";

/** Human and JSON renderings of ROAP metrics and learned programs (shared by `roap train` and `roap eval`). */

const fixed = (x: number): string => (Number.isNaN(x) ? "n/a" : x < 0.01 && x !== 0 ? x.toExponential(2) : x.toFixed(4));

export function metricsText(metrics: RoapMetrics, gold: readonly Expr[], show: number): string {
  const { sampled } = metrics;
  const lines = [
    `program success       ${metrics.programSuccess}/${metrics.tasks}${sampled === undefined ? "" : "   (argmax decoding, the paper's)"}`,
    ...(sampled === undefined
      ? []
      : [`program success       ${sampled.programSuccess}/${metrics.tasks}   (sample-and-verify decoding, ours: ${sampled.samples} samples per task + argmax, ${sampled.seconds.toFixed(1)} s)`]),
    `symbolic loss         ${fixed(metrics.symbolicLoss)}`,
    `test loss             ${fixed(metrics.testLoss)}`,
    `generalization loss   ${fixed(metrics.generalizationLoss)}`,
    `training loss         ${fixed(metrics.trainLoss)}`,
    `mean program length   ${metrics.meanLength.toFixed(2)}`,
    "",
    "learned value of each image class (class c stands for (c + 1) / 10):",
    `  ${metrics.classValues.map((v, c) => `${c}: ${v.toFixed(3)}`).join("  ")}`,
  ];
  const programs = metrics.programs ?? [];
  const shown = Math.min(show, programs.length);
  if (metrics.programs === undefined) lines.push("", "(this model has no programs: its outputs come from neural networks)");
  if (shown > 0) {
    lines.push("", `learned programs${sampled === undefined ? "" : ", argmax decoding"} (ok = reproduces every test output; gold formula in brackets):`);
    for (let t = 0; t < shown; t++) {
      const mark = metrics.solved[t] === true ? "ok" : "--";
      const goldText = gold[t] === undefined ? "" : `   [${printExpr(gold[t] as Expr)}]`;
      lines.push(`  ${String(t).padStart(3)} ${mark}  ${formulaText((programs[t] as DecodedProgram).expr())}${goldText}`);
    }
    if (shown < programs.length) lines.push(`  … ${programs.length - shown} more (--show ${programs.length} or --json for all)`);
  }
  return `${lines.join("\n")}\n`;
}

/** ROAP+'s metrics beside the paper's ROAP's on the same tasks (`roap train --plus --compare-paper`). */
export function comparisonText(plus: RoapMetrics, paper: RoapMetrics): string {
  const success = (m: RoapMetrics) => `${m.programSuccess}/${m.tasks}${m.sampled === undefined ? "" : ` (${m.sampled.programSuccess} sampled)`}`;
  const rows: [string, (m: RoapMetrics) => string][] = [
    ["program success", success],
    ["symbolic loss", (m) => fixed(m.symbolicLoss)],
    ["test loss", (m) => fixed(m.testLoss)],
    ["generalization loss", (m) => fixed(m.generalizationLoss)],
  ];
  const lines = [`${"".padEnd(22)}${"ROAP+ (ours)".padEnd(20)}ROAP (paper's method)`];
  for (const [name, show] of rows) lines.push(`${name.padEnd(22)}${show(plus).padEnd(20)}${show(paper)}`);
  return lines.join("\n");
}

/** The metrics as plain JSON: programs in infix form beside the gold formulas. */
export function metricsJson(metrics: RoapMetrics, gold: readonly Expr[]): Record<string, unknown> {
  return {
    tasks: metrics.tasks,
    programSuccess: metrics.programSuccess,
    symbolicLoss: metrics.symbolicLoss,
    testLoss: metrics.testLoss,
    generalizationLoss: Number.isNaN(metrics.generalizationLoss) ? null : metrics.generalizationLoss,
    trainLoss: metrics.trainLoss,
    meanLength: Number.isNaN(metrics.meanLength) ? null : metrics.meanLength,
    classValues: metrics.classValues,
    programs: programsJson(metrics.programs ?? [], metrics.solved, gold),
    sampled:
      metrics.sampled === undefined
        ? null
        : {
            samples: metrics.sampled.samples,
            programSuccess: metrics.sampled.programSuccess,
            testLoss: metrics.sampled.testLoss,
            seconds: metrics.sampled.seconds,
            programs: programsJson(metrics.sampled.programs, metrics.sampled.solved, gold),
          },
  };
}

function programsJson(programs: readonly DecodedProgram[], solved: readonly boolean[], gold: readonly Expr[]): Record<string, unknown>[] {
  return programs.map((p, t) => ({ program: printExpr(p.expr()), polynomial: toPolynomial(p.expr()).key, gold: gold[t] === undefined ? null : printExpr(gold[t]), solved: solved[t] === true }));
}
