import { programToExpr } from "../lang/arith/convert.js";
import { evaluateExpr } from "../lang/arith/evaluate.js";
import type { Expr, StraightLineProgram } from "../lang/arith/syntax.js";
import type { ArithTask } from "../lang/arith/task.js";
import { substituteUnit } from "./scaling.js";
import { closeEnough } from "./solver.js";

export interface CheckedProgram {
  /** The decoded program as a formula in the user's units. */
  readonly expr: Expr;
  /** How many examples it reproduces exactly (within the tolerance). */
  readonly matched: number;
  readonly solved: boolean;
}

/**
 * Turns a decoded sketch into a formula over the task's inputs (substituting the unit variable
 * u := 1 when the task was scaled) and checks it exactly, in float64 and in the user's units, on
 * every example. Undefined when the formula needs a constant.
 */
export function convertAndCheck(
  program: StraightLineProgram,
  task: ArithTask,
  unit: number | undefined,
  tolerance: number,
): CheckedProgram | undefined {
  const raw = programToExpr(program);
  const expr = unit === undefined ? raw : substituteUnit(raw, unit);
  if (!expr) return undefined;
  const matched = task.examples.filter((e) => closeEnough(evaluateExpr(expr, e.input), e.output, tolerance)).length;
  return { expr, matched, solved: matched === task.examples.length };
}
