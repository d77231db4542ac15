import { POLYNOMIAL_RULES, variablePolynomial, type Polynomial } from "./polynomial.js";
import { BINARY_OPS, binary, variable, type Expr } from "./syntax.js";
import { assertNever } from "../../typeHelpers.js";

/**
 * The task distribution of ROAP §4.1: gold programs are drawn uniformly from the "semantically
 * distinct formulas" with at most 3 variables and 3 operators ("such as s1, s2+s3, and
 * (s1+s3)×(s1−s3)"). Semantic identity is decided exactly by the canonical polynomial.
 */

/** A formula together with its polynomial and its number of binary operators. */
export interface Formula {
  readonly expr: Expr;
  readonly polynomial: Polynomial;
  readonly operators: number;
}

/** Number of binary operators in a formula (its size in ROAP §4.1's "at most 3 operators"). */
export function operatorCount(expr: Expr): number {
  switch (expr.kind) {
    case "var":
      return 0;
    case "bin":
      return 1 + operatorCount(expr.left) + operatorCount(expr.right);
    default:
      return assertNever(expr);
  }
}

/**
 * All semantically distinct formulas over s1..s`variables` with at most `maxOperators` binary
 * operators (+ - ×), one representative per polynomial, ordered by operator count.
 *
 * Bottom-up enumeration with exact observational equivalence: level k combines the
 * representatives of levels i and j with i + j = k − 1 under every operator, and keeps a candidate
 * only if its polynomial is new. Combining representatives suffices because a formula's polynomial
 * depends only on its children's polynomials, and each representative uses the fewest operators
 * of its class, so every representative is a smallest formula of its polynomial; ties go to the
 * first generated: i descending (left-deep formulas first, which print with fewer parentheses:
 * `s1 + s1 + s1` rather than `s1 + (s1 + s1)`), then left child, right child, and operator in
 * `BINARY_OPS` order.
 *
 * The zero polynomial (first reached as `s1 - s1`) is included: it is a formula of the language
 * and ROAP does not say it was excluded. It is the only constant reachable, since every formula
 * vanishes at the origin; callers wanting non-constant targets can drop `polynomial.key === "0"`.
 */
export function enumerateFormulas(variables: number, maxOperators: number): Formula[] {
  if (!Number.isInteger(variables) || variables < 1) {
    throw new RangeError(`variables must be a positive integer, got ${variables}`);
  }
  if (!Number.isInteger(maxOperators) || maxOperators < 0) {
    throw new RangeError(`maxOperators must be a non-negative integer, got ${maxOperators}`);
  }
  const leaves = Array.from({ length: variables }, (_, v) => ({
    expr: variable(v),
    polynomial: variablePolynomial(v),
    operators: 0,
  }));
  const seen = new Set<string>(leaves.map((leaf) => leaf.polynomial.key));
  const levels: Formula[][] = [leaves];

  for (let k = 1; k <= maxOperators; k++) {
    const level: Formula[] = [];
    for (let i = k - 1; i >= 0; i--) {
      for (const left of levels[i] ?? []) {
        for (const right of levels[k - 1 - i] ?? []) {
          for (const op of BINARY_OPS) {
            const polynomial = POLYNOMIAL_RULES[op](left.polynomial, right.polynomial);
            if (seen.has(polynomial.key)) continue;
            seen.add(polynomial.key);
            level.push({ expr: binary(op, left.expr, right.expr), polynomial, operators: k });
          }
        }
      }
    }
    levels.push(level);
  }
  return levels.flat();
}
