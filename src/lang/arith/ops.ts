import type { Op } from "./syntax.js";
import { assertNever } from "../../typeHelpers.js";

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
}

export const OP_RULES: { readonly [K in Op]: OpRule } = {
  add: { symbol: "+", bilinear: { a: 1, b: 1, ab: 0 }, precedence: 1, cost: 1 },
  sub: { symbol: "-", bilinear: { a: 1, b: -1, ab: 0 }, precedence: 1, cost: 1 },
  mul: { symbol: "*", bilinear: { a: 0, b: 0, ab: 1 }, precedence: 2, cost: 1 },
  skip: { symbol: "skip", bilinear: { a: 1, b: 0, ab: 0 }, precedence: 3, cost: 0 },
};

/** Exact semantics of one operator, F_o(A, B) of ROAP Figure 3. */
export function applyOp(op: Op, left: number, right: number): number {
  switch (op) {
    case "add":
      return left + right;
    case "sub":
      return left - right;
    case "mul":
      return left * right;
    case "skip":
      return left;
    default:
      return assertNever(op);
  }
}

/** Whether F_o reads its right argument at all (skip does not). */
export function usesRight(op: Op): boolean {
  const { b, ab } = OP_RULES[op].bilinear;
  return b !== 0 || ab !== 0;
}
