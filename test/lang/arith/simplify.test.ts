import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exprToProgram } from "../../../src/lang/arith/convert.js";
import { evaluateProgram } from "../../../src/lang/arith/evaluate.js";
import { operatorCount } from "../../../src/lang/arith/formulas.js";
import { parseProgram } from "../../../src/lang/arith/parse.js";
import { printProgram } from "../../../src/lang/arith/print.js";
import { eliminateDeadLines, programLength } from "../../../src/lang/arith/simplify.js";
import { arbExpr, arbProgram, arbProgramWithInput } from "./arbitraries.js";

describe("dead-line elimination", () => {
  it("keeps the live lines in order, bypasses skips and renumbers (golden)", () => {
    const program = parseProgram(
      ["v4 = v1 * v1", "v5 = v2 + v3", "v6 = v4", "v7 = v5 - v1", "v8 = v6", "v9 = v8 * v3", "v10 = v9"].join("\n"),
    );
    const simplified = eliminateDeadLines(program);
    expect(printProgram(simplified)).toBe("v4 = v1 * v1\nv5 = v4 * v3");
    expect(programLength(program)).toBe(2);
  });

  it("keeps a shared line once", () => {
    const program = parseProgram("v3 = v1 - v2\nv4 = v1 + v1\nv5 = v3 * v3");
    expect(printProgram(eliminateDeadLines(program))).toBe("v3 = v1 - v2\nv4 = v3 * v3");
    expect(programLength(program)).toBe(2);
  });

  it("returns an input-valued program as a single skip line of length 0", () => {
    const program = parseProgram("v4 = v1 + v2\nv5 = v2\nv6 = v5", 3);
    expect(printProgram(eliminateDeadLines(program))).toBe("v4 = v2");
    expect(programLength(program)).toBe(0);
    expect(printProgram(eliminateDeadLines({ inputs: 3, lines: [] }))).toBe("v4 = v3");
  });

  it("preserves the value on every input", () => {
    fc.assert(
      fc.property(arbProgramWithInput(), ([program, input]) => {
        expect(evaluateProgram(eliminateDeadLines(program), input)).toBe(evaluateProgram(program, input));
      }),
    );
  });

  it("is idempotent, leaves no skip in a program with an operator and never grows a program", () => {
    fc.assert(
      fc.property(arbProgram(), (program) => {
        const once = eliminateDeadLines(program);
        expect(eliminateDeadLines(once)).toEqual(once);
        if (once.lines.length > 1 || once.lines[0]?.op !== "skip") {
          expect(once.lines.every((line) => line.op !== "skip")).toBe(true);
        }
        expect(once.lines.length).toBeLessThanOrEqual(Math.max(1, program.lines.length));
        expect(programLength(program)).toBe(programLength(once));
      }),
    );
  });

  it("the length of a formula's program is its operator count", () => {
    fc.assert(
      fc.property(arbExpr(3), (expr) => {
        expect(programLength(exprToProgram(expr, 3))).toBe(operatorCount(expr));
      }),
    );
  });
});
