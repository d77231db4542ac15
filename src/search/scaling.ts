import { binary, variable, type Expr } from "../lang/arith/syntax.js";
import type { ArithTask } from "../lang/arith/task.js";

/**
 * Scaling user data into ROAP's numeric range. ROAP squashes symbols from 1..10 to 0.1..1.0 "to
 * tackle numerical issues" (§4.1): a relaxed sketch mixes products of products, and with inputs
 * above 1 its soft values overflow (with L = 30 and inputs 1..10, most relaxed outputs are
 * non-finite at initialisation; with inputs in 0.1..1.0 none are).
 *
 * Dividing the inputs by c changes the function unless the program is homogeneous, so the solver
 * homogenises instead: it adds the unit variable u = 1/c as an extra input and, for each degree
 * d = 1..D, fits y/c^d. A program Q with Q(s/c, 1/c) = y/c^d that is homogeneous of degree d
 * satisfies Q(s, 1) = y, so substituting u := 1 gives the program in the user's units. When every
 * input already lies in [−1, 1], the data are used as they are (one row per task, no unit).
 */
export interface ScaledRow {
  readonly degree: number;
  /** Targets in scaled units, one per example. */
  readonly targets: Float64Array;
}

export interface ScaledTask {
  readonly scale: number;
  /** Variables of the sketch: the task's inputs, plus the unit variable when scaled. */
  readonly vars: number;
  /** Index of the unit variable, or undefined when the task is not scaled. */
  readonly unit: number | undefined;
  /** Inputs in scaled units, [N, vars]. */
  readonly inputs: Float64Array;
  readonly rows: readonly ScaledRow[];
}

export function scaleTask(task: ArithTask, maxDegree: number): ScaledTask {
  const arity = task.examples[0]?.input.length ?? 0;
  const scale = Math.max(...task.examples.flatMap((e) => e.input.map(Math.abs)), 0);
  const outputs = task.examples.map((e) => e.output);
  if (scale <= 1) {
    const inputs = Float64Array.from(task.examples.flatMap((e) => [...e.input]));
    return { scale: 1, vars: arity, unit: undefined, inputs, rows: [{ degree: 0, targets: Float64Array.from(outputs) }] };
  }
  const vars = arity + 1;
  const inputs = Float64Array.from(task.examples.flatMap((e) => [...e.input.map((x) => x / scale), 1 / scale]));
  const rows = Array.from({ length: maxDegree }, (_, k) => ({
    degree: k + 1,
    targets: Float64Array.from(outputs, (y) => y / Math.pow(scale, k + 1)),
  }));
  return { scale, vars, unit: arity, inputs, rows };
}

/**
 * Substitutes u := 1 in a formula over the inputs and the unit variable `unit`, removing products
 * with 1. Returns undefined when a 1 would remain as a summand (not expressible without constants).
 */
export function substituteUnit(expr: Expr, unit: number): Expr | undefined {
  const result = withoutUnit(expr, unit);
  return result === ONE ? undefined : result;
}

const ONE = Symbol("one");
type Rewritten = Expr | typeof ONE | undefined;

function withoutUnit(expr: Expr, unit: number): Rewritten {
  if (expr.kind === "var") return expr.index === unit ? ONE : variable(expr.index);
  const left = withoutUnit(expr.left, unit);
  const right = withoutUnit(expr.right, unit);
  if (left === undefined || right === undefined) return undefined;
  if (expr.op === "mul") {
    if (left === ONE) return right;
    if (right === ONE) return left;
    return binary("mul", left, right);
  }
  if (left === ONE || right === ONE) return undefined;
  return binary(expr.op, left, right);
}
