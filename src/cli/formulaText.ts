import { toPolynomial } from "../lang/arith/polynomial.js";
import { printExpr } from "../lang/arith/print.js";
import type { Expr } from "../lang/arith/syntax.js";

/**
 * A formula in infix form, followed by its expanded polynomial when that is at most two thirds
 * as long (`s1 - s1 + s2 * s3  = s2*s3`): gradient-trained programs are often long but equivalent
 * to a short formula.
 */
export function formulaText(expr: Expr): string {
  const formula = printExpr(expr);
  const expanded = toPolynomial(expr).key;
  const shorter = 3 * expanded.replace(/ /g, "").length <= 2 * formula.replace(/ /g, "").length;
  return shorter ? `${formula}  = ${expanded}` : formula;
}
