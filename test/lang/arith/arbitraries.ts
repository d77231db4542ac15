import fc from "fast-check";
import { BINARY_OPS, OPS, binary, variable, type Expr, type StraightLineProgram, type SyntaxTreeProgram } from "../../../src/lang/arith/syntax.js";

/** fast-check arbitraries for the arithmetic language, shared by tests of every module using it. */

/** A formula over s1..s`variables` of depth at most `maxDepth` (at most 2^maxDepth − 1 operators). */
export function arbExpr(variables: number, maxDepth = 4): fc.Arbitrary<Expr> {
  const leaf = fc.nat({ max: variables - 1 }).map(variable);
  const sized: fc.Memo<Expr> = fc.memo((depth): fc.Arbitrary<Expr> =>
    depth <= 0
      ? leaf
      : fc.oneof(
          leaf,
          fc.tuple(fc.constantFrom(...BINARY_OPS), sized(depth - 1), sized(depth - 1)).map(([op, l, r]) => binary(op, l, r)),
        ),
  );
  return sized(maxDepth);
}

/**
 * A valid straight-line program with 1..maxInputs inputs and 0..maxLines lines over all four
 * operators; each argument is drawn uniformly from the variables defined before its line.
 */
export function arbProgram(maxInputs = 4, maxLines = 8): fc.Arbitrary<StraightLineProgram> {
  const rawLine = fc.record({ op: fc.constantFrom(...OPS), left: fc.nat(), right: fc.nat() });
  return fc
    .tuple(fc.integer({ min: 1, max: maxInputs }), fc.array(rawLine, { maxLength: maxLines }))
    .map(([inputs, raw]) => ({
      inputs,
      lines: raw.map((line, j) => ({ op: line.op, left: line.left % (inputs + j), right: line.right % (inputs + j) })),
    }));
}

/** A syntax-tree sketch (ROAP Figure 7) of depth 0..maxDepth over `inputs` variables. */
export function arbTree(inputs: number, maxDepth = 3): fc.Arbitrary<SyntaxTreeProgram> {
  return fc.integer({ min: 0, max: maxDepth }).chain((depth) =>
    fc.record({
      inputs: fc.constant(inputs),
      depth: fc.constant(depth),
      ops: fc.array(fc.constantFrom(...OPS), { minLength: 2 ** depth - 1, maxLength: 2 ** depth - 1 }),
      leaves: fc.array(fc.nat({ max: inputs - 1 }), { minLength: 2 ** depth, maxLength: 2 ** depth }),
    }),
  );
}

/** An input vector of small integers, so products of a few factors stay exact in float64. */
export function arbInput(variables: number, magnitude = 5): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: -magnitude, max: magnitude }), { minLength: variables, maxLength: variables });
}

/** A program together with an input vector of matching length. */
export function arbProgramWithInput(maxInputs = 4, maxLines = 8): fc.Arbitrary<[StraightLineProgram, number[]]> {
  return arbProgram(maxInputs, maxLines).chain((program) => fc.tuple(fc.constant(program), arbInput(program.inputs)));
}
