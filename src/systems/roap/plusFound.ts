import type { Expr } from "../../lang/arith/syntax.js";

/** ROAP+ (ours; config.ts `RoapPlusConfig`): what its search finds, shared by the search, the targets and the abduction. */

/** A program the search found for a task, with its error relative to the task's output variance. */
export interface FoundProgram {
  readonly expr: Expr;
  /** MSE / σ_t² on the searched pairs when it was found. */
  readonly relativeError: number;
}

/**
 * A global affine map c(g) = scale·g + offset applied to the grounded symbols before the search
 * (ours): early in training g is typically monotone in the true symbol but off in scale and
 * offset (or negated), and the programs that fit such symbols best are wrong. The search scores
 * a grid of maps and searches under the best one; the identity is on the grid, so a calibrated
 * grounder is searched as it is.
 */
export interface Calibration {
  readonly scale: number;
  readonly offset: number;
}

export const IDENTITY: Calibration = { scale: 1, offset: 0 };

