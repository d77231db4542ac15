import { applyOp } from "./ops.js";
import { OPS, type Expr, type Op, type StraightLineProgram, type SyntaxTreeProgram } from "./syntax.js";
import { assertNever } from "../../typeHelpers.js";

/**
 * Exact (discrete) semantics of the three program forms: the denotation J z K of ROAP Figures 3
 * and 7 when every entry of z is 0 or 1.
 */

/**
 * Checks that a straight-line program is well formed: `inputs` is a non-negative integer, every
 * operator is known and every line refers only to strictly earlier variables (ROAP §3.1: each
 * assignment "computes its value by applying an operator to variables that were previously
 * computed on earlier lines"), and there is at least one variable to return.
 */
export function validateProgram(program: StraightLineProgram): void {
  const { inputs, lines } = program;
  if (!Number.isInteger(inputs) || inputs < 0) {
    throw new RangeError(`program inputs must be a non-negative integer, got ${inputs}`);
  }
  if (inputs + lines.length === 0) {
    throw new RangeError("program has no inputs and no lines, so it has no value");
  }
  lines.forEach((line, j) => {
    const defined = inputs + j;
    if (!OPS.includes(line.op)) {
      throw new RangeError(`line ${j + 1} (v${defined + 1}): unknown operator "${String(line.op)}"`);
    }
    for (const [side, index] of [["left", line.left], ["right", line.right]] as const) {
      if (!Number.isInteger(index) || index < 0 || index >= defined) {
        throw new RangeError(
          `line ${j + 1} (v${defined + 1}): ${side} argument ${index} must refer to an earlier variable (0..${defined - 1})`,
        );
      }
    }
  });
}

/**
 * Values of all V + L variables of a straight-line program on one input vector: the inputs
 * first, then one value per line (ROAP Figure 3, Exec(z, s, l) for l = 1..V+L).
 */
export function programValues(program: StraightLineProgram, input: readonly number[]): number[] {
  validateProgram(program);
  if (input.length !== program.inputs) {
    throw new RangeError(`program expects ${program.inputs} inputs, got ${input.length}`);
  }
  const values = [...input];
  for (const line of program.lines) {
    // validateProgram guarantees both indices are in range.
    values.push(applyOp(line.op, values[line.left] as number, values[line.right] as number));
  }
  return values;
}

/**
 * Value of a straight-line program: the value of its last variable (ROAP Figure 3,
 * J z K(s) = Exec(z, s, L + V)). A program with zero lines therefore returns its last input.
 */
export function evaluateProgram(program: StraightLineProgram, input: readonly number[]): number {
  const values = programValues(program, input);
  return values[values.length - 1] as number;
}

/** Value of a formula; input variable `index` reads `input[index]`. */
export function evaluateExpr(expr: Expr, input: readonly number[]): number {
  switch (expr.kind) {
    case "var": {
      const value = input[expr.index];
      if (value === undefined) {
        throw new RangeError(`formula reads s${expr.index + 1} but only ${input.length} inputs were given`);
      }
      return value;
    }
    case "bin":
      return applyOp(expr.op, evaluateExpr(expr.left, input), evaluateExpr(expr.right, input));
    default:
      return assertNever(expr);
  }
}

/** Checks the shape of a syntax-tree sketch: 2^D − 1 operators, 2^D leaves over the inputs. */
export function validateTree(tree: SyntaxTreeProgram): void {
  const { inputs, depth, ops, leaves } = tree;
  if (!Number.isInteger(depth) || depth < 0) {
    throw new RangeError(`tree depth must be a non-negative integer, got ${depth}`);
  }
  const width = 2 ** depth;
  if (ops.length !== width - 1) {
    throw new RangeError(`a depth-${depth} tree has ${width - 1} internal nodes, got ${ops.length} operators`);
  }
  if (leaves.length !== width) {
    throw new RangeError(`a depth-${depth} tree has ${width} leaves, got ${leaves.length}`);
  }
  ops.forEach((op, k) => {
    if (!OPS.includes(op)) throw new RangeError(`node ${k}: unknown operator "${String(op)}"`);
  });
  leaves.forEach((leaf, k) => {
    if (!Number.isInteger(leaf) || leaf < 0 || leaf >= inputs) {
      throw new RangeError(`leaf ${k}: variable index ${leaf} is not one of the ${inputs} inputs`);
    }
  });
}

/**
 * Value of a syntax-tree sketch (ROAP Figure 7): internal node k applies `ops[k]` to its children
 * 2k+1 and 2k+2 (so `skip` returns its left subtree); the leaves load input variables.
 */
export function evaluateTree(tree: SyntaxTreeProgram, input: readonly number[]): number {
  validateTree(tree);
  if (input.length !== tree.inputs) {
    throw new RangeError(`tree expects ${tree.inputs} inputs, got ${input.length}`);
  }
  const internal = tree.ops.length;
  const node = (k: number): number =>
    k < internal
      ? applyOp(tree.ops[k] as Op, node(2 * k + 1), node(2 * k + 2))
      : (input[tree.leaves[k - internal] as number] as number);
  return node(0);
}
