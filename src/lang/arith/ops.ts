import type { Op } from "./syntax.js";

/**
 * Per-operator rules. Every ROAP operator is bilinear in its arguments,
 * F_o(A, B) = a·A + b·B + ab·A·B (Figure 3), so the relaxed interpreter mixes the coefficients of
 * the operators once per line (Σ_o z^O_lo · coeff_o) instead of evaluating each operator per
 * example. Adding an operator to `OPS` without its rule here fails the type check.
 */
export interface OpRule {
  /** Symbol in printed programs. */
  readonly symbol: string;
  /** Coefficients of F_o(A, B) = a·A + b·B + ab·A·B. */
  readonly bilinear: { readonly a: number; readonly b: number; readonly ab: number };
  /** Binding strength when printing infix (higher binds tighter). */
  readonly precedence: number;
  /** Lines this operator adds to a program's length (ROAP eq. 6): a skip line adds nothing. */
  readonly cost: number;
  /** F_o(A, B) = F_o(B, A): the enumerator builds each unordered pair of subprograms once. */
  readonly commutative: boolean;
  /** Exact semantics F_o(A, B) of ROAP Figure 3 (the bilinear form above, without its 0 · A · B terms). */
  readonly apply: (left: number, right: number) => number;
}

export const OP_RULES: { readonly [K in Op]: OpRule } = {
  add: { symbol: "+", bilinear: { a: 1, b: 1, ab: 0 }, precedence: 1, cost: 1, commutative: true, apply: (a, b) => a + b },
  sub: { symbol: "-", bilinear: { a: 1, b: -1, ab: 0 }, precedence: 1, cost: 1, commutative: false, apply: (a, b) => a - b },
  mul: { symbol: "*", bilinear: { a: 0, b: 0, ab: 1 }, precedence: 2, cost: 1, commutative: true, apply: (a, b) => a * b },
  skip: { symbol: "skip", bilinear: { a: 1, b: 0, ab: 0 }, precedence: 3, cost: 0, commutative: false, apply: (a) => a },
};

/** Exact semantics of one operator, F_o(A, B) of ROAP Figure 3. */
export function applyOp(op: Op, left: number, right: number): number {
  return OP_RULES[op].apply(left, right);
}

/** Whether F_o reads its right argument at all (skip does not). */
export function usesRight(op: Op): boolean {
  const { b, ab } = OP_RULES[op].bilinear;
  return b !== 0 || ab !== 0;
}
