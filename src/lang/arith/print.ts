import { treeToExpr } from "./convert.js";
import { validateProgram } from "./evaluate.js";
import { OP_RULES } from "./ops.js";
import type { Expr, Line, StraightLineProgram, SyntaxTreeProgram } from "./syntax.js";
import { assertNever } from "../../typeHelpers.js";

/**
 * Printers for the two textual forms (golden-tested, DESIGN principle 5).
 *
 * Line form numbers variables 1-based as in ROAP Figure 3: v1..vV are the inputs and line j
 * defines v(V+j). `skip` returns its left argument, so it prints as a copy `v5 = v4`; its right
 * argument carries no meaning and is not printed.
 *
 * Formula form names the inputs s1..sV as in ROAP §4.1.
 */

/** The assignment defining 0-based variable `defined`, e.g. `v4 = v1 * v2`, or `v5 = v4` for skip. */
export function printLine(line: Line, defined: number): string {
  const target = `v${defined + 1} = v${line.left + 1}`;
  return line.op === "skip" ? target : `${target} ${OP_RULES[line.op].symbol} v${line.right + 1}`;
}

/** A straight-line program in line form, one assignment per line (zero lines print as ""). */
export function printProgram(program: StraightLineProgram): string {
  validateProgram(program);
  return program.lines.map((line, j) => printLine(line, program.inputs + j)).join("\n");
}

/**
 * A formula in infix form with + - *. Parentheses are omitted exactly where the left-associative
 * precedence parser of parse.ts rebuilds the same tree, so `parseExpr(printExpr(e))` equals `e`:
 * a child is parenthesised when it binds more loosely than its parent, or when it is a right child
 * of equal precedence (`s1 - (s2 - s3)`, and also `s1 + (s2 + s3)`, which is a different tree from
 * `s1 + s2 + s3`).
 */
export function printExpr(expr: Expr): string {
  switch (expr.kind) {
    case "var":
      return `s${expr.index + 1}`;
    case "bin": {
      const rule = OP_RULES[expr.op];
      const child = (sub: Expr, isRight: boolean): string => {
        const text = printExpr(sub);
        if (sub.kind === "var") return text;
        const precedence = OP_RULES[sub.op].precedence;
        const needsParens = precedence < rule.precedence || (isRight && precedence === rule.precedence);
        return needsParens ? `(${text})` : text;
      };
      return `${child(expr.left, false)} ${rule.symbol} ${child(expr.right, true)}`;
    }
    default:
      return assertNever(expr);
  }
}

/** A syntax-tree sketch printed as the formula it denotes (ROAP Figure 8: `s1 * s2 + s3`). */
export function printTree(tree: SyntaxTreeProgram): string {
  return printExpr(treeToExpr(tree));
}
