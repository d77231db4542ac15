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
import { IDENTITY, type Calibration, type FoundProgram } from "./plusFound.js";

/** ROAP+ (ours; config.ts `RoapPlusConfig`): the bottom-up search inside ROAP's training loop. */

const SCALES = [0.5, 0.625, 0.75, 0.875, 1, 1.25, 1.5, 1.75, 2, 2.5].flatMap((a) => [a, -a]);
const OFFSETS = [-0.2, -0.1, 0, 0.1, 0.2];
/** Pairs the calibration grid is scored on (the search itself reads `plus.pairs`). */
const CALIBRATION_PAIRS = 32;

export interface SearchResult {
  readonly found: (FoundProgram | null)[];
  readonly calibration: Calibration;
}

/**
 * Searches every task's program from the symbols the current grounder gives the first
 * `plus.pairs` pairs of the training reference draw (mapped by the best calibration when
 * `plus.calibrate`). The pairs share their symbols across tasks (the benchmark's "for
 * computational efficiency"), so one bank of observationally distinct programs
 * (≤ `maxOperators` operators) serves every task: each task takes its closest program, kept when
 * its MSE is below `threshold`·σ_t² and it fits in the sketch's `lines` lines. The search is rerun
 * from scratch each time; a task's current program is revised when the closest one fits clearly
 * better (error below REVISION_MARGIN times the current program's error on the same symbols), so
 * that noise in the grounded symbols does not swap programs back and forth.
 */
export function searchPrograms(
  model: RoapModel,
  tasks: RoapTaskSet,
  images: ImageSplit,
  plus: RoapPlusConfig,
  lines: number,
  current: readonly (FoundProgram | null)[],
): SearchResult {
  const reference = tasks.train;
  const n = Math.min(plus.pairs, reference.samples);
  const grounded = ground(model, reference.images.subarray(0, n * ROAP_VARIABLES), images);
  const variances = taskVariances(reference, tasks.tasks);
  const targets = Array.from({ length: tasks.tasks }, (_, t) => Float64Array.from(reference.outputs.subarray(t * reference.samples, t * reference.samples + n)));
  const calibration = plus.calibrate ? bestCalibration(grounded, targets, variances, plus.maxOperators) : IDENTITY;
  const inputs = rowsOf(grounded, n, calibration);
  const bank = bankOf(inputs, plus.maxOperators);
  const found = targets.map((target, t) => {
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
  return { found, calibration };
}

/**
 * The grid's map under which the tasks' closest programs fit best, by Σ_t min(1, MSE_t / σ_t²) on
 * the first pairs; another map than the identity only when its score is below REVISION_MARGIN
 * times the identity's, so that noise in g does not pull a right scale away.
 */
function bestCalibration(grounded: Float32Array, targets: readonly Float64Array[], variances: Float64Array, maxOperators: number): Calibration {
  const m = Math.min(CALIBRATION_PAIRS, grounded.length / ROAP_VARIABLES);
  const heads = targets.map((target) => target.subarray(0, m));
  const score = (calibration: Calibration): number => {
    const bank = bankOf(rowsOf(grounded, m, calibration), maxOperators);
    return heads.reduce((sum, target, t) => sum + Math.min(1, (bank.closest(target)?.mse ?? Infinity) / (variances[t] as number)), 0);
  };
  let best = IDENTITY;
  let bestScore = Infinity;
  for (const scale of SCALES) {
    for (const offset of OFFSETS) {
      if (scale === 1 && offset === 0) continue;
      const candidate = score({ scale, offset });
      if (candidate < bestScore) {
        bestScore = candidate;
        best = { scale, offset };
      }
    }
  }
  return bestScore < REVISION_MARGIN * score(IDENTITY) ? best : IDENTITY;
}

/** The first `n` symbol rows, mapped by the calibration. */
function rowsOf(grounded: Float32Array, n: number, { scale, offset }: Calibration): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(grounded.subarray(i * ROAP_VARIABLES, (i + 1) * ROAP_VARIABLES), (g) => scale * g + offset));
}

function bankOf(inputs: readonly (readonly number[])[], maxOperators: number): ProgramBank {
  const bank = new ProgramBank(inputs);
  while (bank.levels <= maxOperators && !bank.full) bank.grow();
  return bank;
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

