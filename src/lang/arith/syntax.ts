/**
 * Syntax of the arithmetic language of ROAP (Tang & Ellis 2023, §3.1, Figures 3 and 7).
 *
 * Three program forms share one operator set:
 * - straight-line code: V input lines, then assignment lines that each apply an operator to two
 *   strictly earlier lines; the value of the program is the value of its last line (Figure 3);
 * - syntax-tree sketches: a complete binary tree of depth D with operators at the internal nodes
 *   and input variables at the leaves (Figure 7, Appendix B);
 * - formulas: ordinary expression trees over the inputs s1..sV, the printed and enumerated form.
 */

/** ROAP Figure 3: F1 add, F2 subtraction, F3 multiplication, F4 no-op/skip connection (returns A). */
export const OPS = ["add", "sub", "mul", "skip"] as const;
export type Op = (typeof OPS)[number];

/** Operators that appear in formulas; `skip` only exists inside sketches. */
export type BinaryOp = Exclude<Op, "skip">;
export const BINARY_OPS: readonly BinaryOp[] = ["add", "sub", "mul"];

/** One assignment line `v_k = v_left OP v_right`; indices are 0-based over inputs then lines. */
export interface Line {
  readonly op: Op;
  readonly left: number;
  readonly right: number;
}

/** Straight-line program over `inputs` variables; line j defines variable index `inputs + j`. */
export interface StraightLineProgram {
  readonly inputs: number;
  readonly lines: readonly Line[];
}

/** A formula: an expression tree over input variables (0-based index: s1 is index 0). */
export type Expr =
  | { readonly kind: "var"; readonly index: number }
  | { readonly kind: "bin"; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr };

/**
 * Syntax-tree sketch of depth D (ROAP Appendix B): `ops` holds the 2^D − 1 internal nodes in heap
 * order (node k has children 2k+1 and 2k+2), `leaves` the 2^D leaf variable indices, left to right.
 */
export interface SyntaxTreeProgram {
  readonly inputs: number;
  readonly depth: number;
  readonly ops: readonly Op[];
  readonly leaves: readonly number[];
}

export const variable = (index: number): Expr => ({ kind: "var", index });
export const binary = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ kind: "bin", op, left, right });
