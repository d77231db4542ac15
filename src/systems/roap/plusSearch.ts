import type { ImageSplit } from "../../data/images.js";
import { ROAP_VARIABLES, type RoapTaskSet } from "../../data/roapTasks.js";
import { encodeStraightLine } from "../../lang/arith/relaxed/encode.js";
import { evaluateExpr } from "../../lang/arith/evaluate.js";
import type { Expr } from "../../lang/arith/syntax.js";
import { ProgramBank } from "../../search/enumerate.js";
import type { RoapPlusConfig } from "./config.js";
import { ground } from "./metrics.js";
import type { RoapModel } from "./model.js";
import { taskVariances } from "./objective.js";
import type { FoundProgram } from "./plusTargets.js";

/** ROAP+ (ours; config.ts `RoapPlusConfig`): the bottom-up search inside ROAP's training loop. */

/**
 * Searches every task's program from the symbols the current grounder gives the first
 * `plus.pairs` pairs of the training reference draw. The pairs share their symbols across tasks
 * (the benchmark's "for computational efficiency"), so one bank of observationally distinct
 * programs (≤ `maxOperators` operators) serves every task: each task takes its closest program,
 * kept when its MSE is below `threshold`·σ_t² and it fits in the sketch's `lines` lines. The
 * search is rerun from scratch each time; a task's current program is revised when the closest
 * one fits clearly better (error below REVISION_MARGIN times the current program's error on the
 * same symbols), so that noise in the grounded symbols does not swap programs back and forth.
 */
export function searchPrograms(
  model: RoapModel,
  tasks: RoapTaskSet,
  images: ImageSplit,
  plus: RoapPlusConfig,
  lines: number,
  current: readonly (FoundProgram | null)[],
): (FoundProgram | null)[] {
  const reference = tasks.train;
  const n = Math.min(plus.pairs, reference.samples);
  const grounded = ground(model, reference.images.subarray(0, n * ROAP_VARIABLES), images);
  const inputs = Array.from({ length: n }, (_, i) => Array.from(grounded.subarray(i * ROAP_VARIABLES, (i + 1) * ROAP_VARIABLES)));
  const bank = new ProgramBank(inputs);
  while (bank.levels <= plus.maxOperators && !bank.full) bank.grow();
  const variances = taskVariances(reference, tasks.tasks);
  return Array.from({ length: tasks.tasks }, (_, t) => {
    const target = Float64Array.from(reference.outputs.subarray(t * reference.samples, t * reference.samples + n));
    const closest = bank.closest(target);
    if (closest === undefined) return null;
    const variance = variances[t] as number;
    const kept = current[t];
    const keptError = kept === undefined || kept === null ? Infinity : meanSquaredError(kept.expr, inputs, target) / variance;
    const relativeError = closest.mse / variance;
    const expr = bank.expr(closest.id);
    const revise = relativeError < REVISION_MARGIN * keptError && encodeStraightLine(expr, ROAP_VARIABLES, lines) !== undefined;
    const chosen = revise ? { expr, relativeError } : kept === undefined || kept === null ? null : { expr: kept.expr, relativeError: keptError };
    return chosen !== null && chosen.relativeError < plus.threshold ? chosen : null;
  });
}

/** A found program is replaced only by one whose error is below this fraction of its own. */
export const REVISION_MARGIN = 0.8;

function meanSquaredError(expr: Expr, inputs: readonly (readonly number[])[], target: Float64Array): number {
  let squared = 0;
  inputs.forEach((input, i) => {
    squared += (evaluateExpr(expr, input) - (target[i] as number)) ** 2;
  });
  return squared / Math.max(1, inputs.length);
}

