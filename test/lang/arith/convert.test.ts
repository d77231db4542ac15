import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exprToProgram, programToExpr, treeToExpr } from "../../../src/lang/arith/convert.js";
import { evaluateExpr, evaluateProgram, evaluateTree } from "../../../src/lang/arith/evaluate.js";
import { operatorCount } from "../../../src/lang/arith/formulas.js";
import { parseExpr, parseProgram } from "../../../src/lang/arith/parse.js";
import { printExpr, printProgram } from "../../../src/lang/arith/print.js";
import { arbExpr, arbInput, arbProgramWithInput, arbTree } from "./arbitraries.js";

describe("straight-line program → formula", () => {
  it("inlines the last line's dependencies and drops skips (golden)", () => {
    const program = parseProgram("v4 = v1 * v2\nv5 = v3 - v1\nv6 = v4\nv7 = v6 + v3");
    expect(printExpr(programToExpr(program))).toBe("s1 * s2 + s3");
  });

  it("a program with zero lines is its last input", () => {
    expect(printExpr(programToExpr({ inputs: 3, lines: [] }))).toBe("s3");
  });

  it("preserves the value on every input", () => {
    fc.assert(
      fc.property(arbProgramWithInput(), ([program, input]) => {
        expect(evaluateExpr(programToExpr(program), input)).toBe(evaluateProgram(program, input));
      }),
    );
  });
});

describe("formula → straight-line program", () => {
  it("emits one line per operator in post-order (golden)", () => {
    const program = exprToProgram(parseExpr("(s1 + s3) * (s1 - s3)"));
    expect(program.inputs).toBe(3);
    expect(printProgram(program)).toBe("v4 = v1 + v3\nv5 = v1 - v3\nv6 = v4 * v5");
  });

  it("copies a bare variable with one skip line so the last line is the value", () => {
    expect(printProgram(exprToProgram(parseExpr("s2"), 3))).toBe("v4 = v2");
  });

  it("rejects a formula reading more inputs than the program has", () => {
    expect(() => exprToProgram(parseExpr("s1 + s3"), 2)).toThrow(/reads s3 but the program has only 2 inputs/);
  });

  it("preserves the value, and converting back gives the same formula", () => {
    fc.assert(
      fc.property(
        arbExpr(3).chain((e) => fc.tuple(fc.constant(e), arbInput(3))),
        ([expr, input]) => {
          const program = exprToProgram(expr, 3);
          expect(evaluateProgram(program, input)).toBe(evaluateExpr(expr, input));
          expect(program.lines.length).toBe(Math.max(1, operatorCount(expr)));
          expect(programToExpr(program)).toEqual(expr);
        },
      ),
    );
  });
});

describe("syntax-tree sketch → formula", () => {
  it("preserves the value on every input", () => {
    fc.assert(
      fc.property(
        arbTree(3).chain((t) => fc.tuple(fc.constant(t), arbInput(3))),
        ([tree, input]) => {
          expect(evaluateExpr(treeToExpr(tree), input)).toBe(evaluateTree(tree, input));
        },
      ),
    );
  });
});
