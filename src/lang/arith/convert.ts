import { validateProgram, validateTree } from "./evaluate.js";

import { binary, variable, type Expr, type Line, type Op, type StraightLineProgram, type SyntaxTreeProgram } from "./syntax.js";
import { assertNever } from "../../typeHelpers.js";

/**
 * Conversions between the program forms. All preserve the exact value on every input.
 */

/**
 * The formula computed by a straight-line program: the dependency tree of its last variable,
 * inlined, with `skip` lines replaced by their left argument (ROAP Figure 3, F4(s, A, B) = A).
 * Subformulas of a variable used several times are shared by reference, so memory stays linear,
 * but the printed formula can be exponentially longer than the program (v4 = v1 * v1,
 * v5 = v4 * v4, ...).
 */
export function programToExpr(program: StraightLineProgram): Expr {
  validateProgram(program);
  const exprs: Expr[] = [];
  for (let v = 0; v < program.inputs; v++) exprs.push(variable(v));
  for (const line of program.lines) {
    // validateProgram guarantees both arguments refer to already built entries.
    const left = exprs[line.left] as Expr;
    exprs.push(line.op === "skip" ? left : binary(line.op, left, exprs[line.right] as Expr));
  }
  return exprs[exprs.length - 1] as Expr;
}

/** Largest input index read by a formula, plus one. */
export function arityOfExpr(expr: Expr): number {
  switch (expr.kind) {
    case "var":
      return expr.index + 1;
    case "bin":
      return Math.max(arityOfExpr(expr.left), arityOfExpr(expr.right));
    default:
      return assertNever(expr);
  }
}

/**
 * A straight-line program with one line per operator of the formula, in post-order (left subtree,
 * right subtree, node), over `inputs` variables (default: as many as the formula reads). A formula
 * that is a bare variable becomes one `skip` line copying it, so the program's last line is
 * always the formula's value.
 */
export function exprToProgram(expr: Expr, inputs: number = arityOfExpr(expr)): StraightLineProgram {
  const needed = arityOfExpr(expr);
  if (needed > inputs) {
    throw new RangeError(`formula reads s${needed} but the program has only ${inputs} inputs`);
  }
  const lines: Line[] = [];
  const emit = (e: Expr): number => {
    switch (e.kind) {
      case "var":
        return e.index;
      case "bin": {
        const left = emit(e.left);
        const right = emit(e.right);
        lines.push({ op: e.op, left, right });
        return inputs + lines.length - 1;
      }
      default:
        return assertNever(e);
    }
  };
  const root = emit(expr);
  if (lines.length === 0) lines.push({ op: "skip", left: root, right: root });
  return { inputs, lines };
}

/**
 * The formula denoted by a syntax-tree sketch (ROAP Figure 7): node k has children 2k+1 and 2k+2,
 * `skip` nodes are replaced by their left subtree, leaves become input variables.
 */
export function treeToExpr(tree: SyntaxTreeProgram): Expr {
  validateTree(tree);
  const internal = tree.ops.length;
  const node = (k: number): Expr => {
    if (k >= internal) return variable(tree.leaves[k - internal] as number);
    const op = tree.ops[k] as Op; // validateTree guarantees 2^D − 1 operators
    const left = node(2 * k + 1);
    return op === "skip" ? left : binary(op, left, node(2 * k + 2));
  };
  return node(0);
}
