import type { Expr } from "../lang/arith/syntax.js";
import type { ArithTask } from "../lang/arith/task.js";

/** What every arithmetic solver reports per task. */
export interface SolveResult {
  readonly name: string;
  /** True when `program` reproduces every example of the task (up to the float tolerance). */
  readonly solved: boolean;
  /** The best program found (undefined when the solver found nothing to report). */
  readonly program: Expr | undefined;
  /** Method-specific numbers, e.g. programs evaluated, restarts used, final loss. */
  readonly stats: Readonly<Record<string, number>>;
}

/** Progress callback: `done` of `total` units of work finished, with a short label. */
export type Progress = (done: number, total: number, label: string) => void;

/** Relative tolerance for comparing program outputs with example outputs. */
export const DEFAULT_TOLERANCE = 1e-6;

/** |a − b| ≤ tol · max(1, |a|, |b|). */
export function closeEnough(a: number, b: number, tolerance: number = DEFAULT_TOLERANCE): boolean {
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

export type Solver<Options> = (tasks: readonly ArithTask[], options: Options, progress?: Progress) => Promise<SolveResult[]>;
