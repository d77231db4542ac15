import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OP_COUNT } from "../../../../src/lang/arith/relaxed/coefficients.js";
import { decodeStraightLine } from "../../../../src/lang/arith/relaxed/decode.js";
import { encodeStraightLine, writeOneHot } from "../../../../src/lang/arith/relaxed/encode.js";
import { evaluateExpr, evaluateProgram } from "../../../../src/lang/arith/evaluate.js";
import { operatorCount } from "../../../../src/lang/arith/formulas.js";
import { parseExpr } from "../../../../src/lang/arith/parse.js";
import { printProgram } from "../../../../src/lang/arith/print.js";
import { arbExpr, arbInput } from "../arbitraries.js";

const V = 3;

/** The one-hot rows of an encoding as logits, decoded back by argmax. */
function roundTrip(expr: Parameters<typeof encodeStraightLine>[0], lines: number) {
  const choices = encodeStraightLine(expr, V, lines);
  if (choices === undefined) throw new Error("does not fit");
  const oneHot = { op: new Float32Array(lines * OP_COUNT), left: new Float32Array(lines * (V + lines)), right: new Float32Array(lines * (V + lines)) };
  writeOneHot(choices, V, oneHot);
  return { choices, program: decodeStraightLine(oneHot, V, lines) };
}

describe("encoding a formula into a straight-line sketch", () => {
  it("puts the operators on the last lines in post-order (golden)", () => {
    const { choices, program } = roundTrip(parseExpr("(s1 + s3) * s2"), 5);
    expect(Array.from(choices.supervised)).toEqual([0, 0, 0, 1, 1]);
    expect(Array.from(choices.left.subarray(3))).toEqual([0, 6]);
    expect(printProgram(program)).toBe("v4 = v1 + v3\nv5 = v4 * v2");
  });

  it("a bare variable is one skip line at the end", () => {
    const { choices, program } = roundTrip(parseExpr("s2"), 4);
    expect(Array.from(choices.supervised)).toEqual([0, 0, 0, 1]);
    expect(printProgram(program)).toBe("v4 = v2");
  });

  it("refuses a formula with more operators than lines", () => {
    expect(encodeStraightLine(parseExpr("s1 * s2 * s3"), V, 1)).toBeUndefined();
  });

  it("argmax decoding of the encoding computes the formula, with no more operators", () => {
    fc.assert(
      fc.property(arbExpr(V, 3), arbInput(V), fc.integer({ min: 0, max: 6 }), (expr, input, spare) => {
        const lines = Math.max(1, operatorCount(expr)) + spare;
        const { choices, program } = roundTrip(expr, lines);
        expect(evaluateProgram(program, input)).toBeCloseTo(evaluateExpr(expr, input), 9);
        expect(choices.supervised.reduce((a, b) => a + b, 0)).toBe(Math.max(1, operatorCount(expr)));
        for (let i = 0; i < lines; i++) {
          expect(choices.left[i]).toBeLessThan(V + i);
          expect(choices.right[i]).toBeLessThan(V + i);
        }
      }),
    );
  });
});
