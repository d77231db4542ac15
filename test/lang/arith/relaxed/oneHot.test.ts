import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runForward } from "../../../../src/engine/fused.js";
import { programToExpr } from "../../../../src/lang/arith/convert.js";
import { evaluateProgram, evaluateTree } from "../../../../src/lang/arith/evaluate.js";
import { operatorCount } from "../../../../src/lang/arith/formulas.js";
import { OP_COUNT } from "../../../../src/lang/arith/relaxed/coefficients.js";
import { decodeStraightLine } from "../../../../src/lang/arith/relaxed/decode.js";
import { lengthKernel } from "../../../../src/lang/arith/relaxed/lengthKernel.js";
import { straightLineKernel } from "../../../../src/lang/arith/relaxed/straightLineKernel.js";
import { syntaxTreeKernel } from "../../../../src/lang/arith/relaxed/syntaxTreeKernel.js";
import { eliminateDeadLines } from "../../../../src/lang/arith/simplify.js";
import { OPS, type StraightLineProgram, type SyntaxTreeProgram } from "../../../../src/lang/arith/syntax.js";
import { arbInput, arbProgram, arbTree } from "../arbitraries.js";

/** One-hot weights (and, scaled, logits) of a discrete straight-line program. */
function oneHot(program: StraightLineProgram, scale = 1): { op: Float64Array; left: Float64Array; right: Float64Array } {
  const L = program.lines.length;
  const W = program.inputs + L;
  const op = new Float64Array(L * OP_COUNT);
  const left = new Float64Array(L * W);
  const right = new Float64Array(L * W);
  program.lines.forEach((line, i) => {
    op[i * OP_COUNT + OPS.indexOf(line.op)] = scale;
    left[i * W + line.left] = scale;
    right[i * W + line.right] = scale;
  });
  return { op, left, right };
}

const nonEmpty = arbProgram(4, 10).filter((p) => p.lines.length > 0);

describe("relaxed executors at one-hot weights agree with the exact interpreters", () => {
  it("straight-line: the fused kernel computes the exact value on every input", () => {
    fc.assert(
      fc.property(nonEmpty.chain((p) => fc.tuple(fc.constant(p), fc.array(arbInput(p.inputs, 3), { minLength: 1, maxLength: 5 }))), ([program, inputs]) => {
        const w = oneHot(program);
        const L = program.lines.length;
        const V = program.inputs;
        const symbols = Float64Array.from(inputs.flat());
        const shapes = [[1, L, OP_COUNT], [1, L, V + L], [1, L, V + L], [inputs.length, V]];
        const { out } = runForward(straightLineKernel, [w.op, w.left, w.right, symbols], shapes, (n) => new Float64Array(n));
        // Exact equality up to the sign of zero (0·A + 1·(−1·0) is +0, −1·0 is −0).
        inputs.forEach((input, n) => expect((out[n] as number) === evaluateProgram(program, input)).toBe(true));
      }),
    );
  });

  it("straight-line: argmax decoding of one-hot logits returns the program after dead-line elimination", () => {
    fc.assert(
      fc.property(nonEmpty, (program) => {
        const logits = oneHot(program, 5);
        expect(decodeStraightLine(logits, program.inputs, program.lines.length)).toEqual(eliminateDeadLines(program));
      }),
    );
  });

  it("expected length at one-hot weights is the operator count of the denoted formula", () => {
    fc.assert(
      fc.property(nonEmpty, (program) => {
        const w = oneHot(program);
        const L = program.lines.length;
        const W = program.inputs + L;
        const { out } = runForward(lengthKernel, [w.op, w.left, w.right], [[1, L, OP_COUNT], [1, L, W], [1, L, W]], (n) => new Float64Array(n));
        expect(out[0]).toBe(operatorCount(programToExpr(program)));
      }),
    );
  });

  it("syntax tree: the fused kernel computes the exact tree value", () => {
    fc.assert(
      fc.property(arbTree(3, 3).chain((t) => fc.tuple(fc.constant(t), arbInput(3, 3))), ([tree, input]: [SyntaxTreeProgram, number[]]) => {
        const internal = tree.ops.length;
        const wOps = new Float64Array(internal * OP_COUNT);
        tree.ops.forEach((op, k) => (wOps[k * OP_COUNT + OPS.indexOf(op)] = 1));
        const wLeaves = new Float64Array(tree.leaves.length * 3);
        tree.leaves.forEach((v, k) => (wLeaves[k * 3 + v] = 1));
        const shapes = [[1, internal, OP_COUNT], [1, tree.leaves.length, 3], [1, 3]];
        const { out } = runForward(syntaxTreeKernel, [wOps, wLeaves, Float64Array.from(input)], shapes, (n) => new Float64Array(n));
        expect((out[0] as number) === evaluateTree(tree, input)).toBe(true);
      }),
    );
  });
});
