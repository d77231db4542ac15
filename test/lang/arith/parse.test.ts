import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseErrorOf } from "../../helpers/thrown.js";
import { ParseError, parseExpr, parseProgram } from "../../../src/lang/arith/parse.js";
import { printExpr, printProgram } from "../../../src/lang/arith/print.js";
import { binary, variable } from "../../../src/lang/arith/syntax.js";
import { arbExpr, arbProgram } from "./arbitraries.js";

const [s1, s2, s3] = [variable(0), variable(1), variable(2)];

describe("parseExpr", () => {
  it("binds * tighter than + and -, all left-associative", () => {
    expect(parseExpr("s1 - s2 - s3")).toEqual(binary("sub", binary("sub", s1, s2), s3));
    expect(parseExpr("s1 + s2 * s3")).toEqual(binary("add", s1, binary("mul", s2, s3)));
    expect(parseExpr("s1*s2*s3")).toEqual(binary("mul", binary("mul", s1, s2), s3));
    expect(parseExpr("((s1))")).toEqual(s1);
  });

  it("accepts the paper's × and −, any whitespace and comments", () => {
    expect(parseExpr("(s1+s3)×(s1−s3)")).toEqual(parseExpr("(s1 + s3) * (s1 - s3)"));
    expect(parseExpr("  s1\n\t+ s2  # a comment\n")).toEqual(binary("add", s1, s2));
  });

  it("rejects variables beyond the declared inputs", () => {
    expect(() => parseExpr("s1 + s4", 3)).toThrow("line 1, column 6: s4 is not one of the 3 inputs");
  });

  it.each([
    ["", "line 1, column 1: expected a variable or \"(\", found end of input"],
    ["s1 + ", "line 1, column 6: expected a variable or \"(\", found end of input"],
    ["s1 + (s2", "line 1, column 9: expected \")\", found end of input"],
    ["s1 / s2", "line 1, column 4: unexpected character \"/\""],
    ["s0", "line 1, column 1: expected a variable s1, s2, ..., found \"s0\""],
    ["v1", "line 1, column 1: expected a variable s1, s2, ..., found \"v1\""],
    ["s1 s2", "line 1, column 4: expected an operator or end of input, found \"s2\""],
    ["s1 +\n  + s2", "line 2, column 3: expected a variable or \"(\", found \"+\""],
    ["s1)", "line 1, column 3: expected an operator or end of input, found \")\""],
  ])("reports %j precisely", (text, message) => {
    const error = parseErrorOf(() => parseExpr(text));
    expect(error.message).toBe(message);
    expect(error.name).toBe("ParseError");
  });

  it("parse inverts print exactly, so print ∘ parse ∘ print = print", () => {
    fc.assert(
      fc.property(arbExpr(4), (expr) => {
        const text = printExpr(expr);
        expect(parseExpr(text)).toEqual(expr);
        expect(printExpr(parseExpr(text))).toBe(text);
      }),
    );
  });
});

describe("parseProgram", () => {
  it("parses assignments, skips, blank lines and comments, inferring the inputs", () => {
    const text = "# s1*s2 + s3\nv4 = v1 * v2\n\nv5 = v4   # skip\nv6 = v5 + v3\n";
    expect(parseProgram(text)).toEqual({
      inputs: 3,
      lines: [
        { op: "mul", left: 0, right: 1 },
        { op: "skip", left: 3, right: 3 },
        { op: "add", left: 4, right: 2 },
      ],
    });
  });

  it("takes the number of inputs when given, which an empty program needs", () => {
    expect(parseProgram("", 2)).toEqual({ inputs: 2, lines: [] });
    expect(parseProgram("v3 = v1 - v2", 2).inputs).toBe(2);
  });

  it.each([
    ["", undefined, "line 1, column 1: empty program: no assignments and no inputs"],
    ["v4 = v1 * v5", undefined, "line 1, column 11: v5 is not defined before v4"],
    ["v4 = v4", undefined, "line 1, column 6: v4 is not defined before v4"],
    ["v4 = v1 *", undefined, "line 1, column 10: expected a variable v1, v2, ..., found end of input"],
    ["v4 = v1\nv6 = v1", undefined, "line 2, column 1: expected v5 (lines define consecutive variables)"],
    ["v4 = v1", 2, "line 1, column 1: expected v3 (lines define consecutive variables)"],
    ["v4 v1", undefined, "line 1, column 4: expected \"=\", found \"v1\""],
    ["v4 = v1 + v2 v3", undefined, "line 1, column 14: expected end of line, found \"v3\""],
    ["v4 = v1 ( v2", undefined, "line 1, column 9: expected an operator (+ - *) or end of line, found \"(\""],
    ["v4 = s1 + v2", undefined, "line 1, column 6: expected a variable v1, v2, ..., found \"s1\""],
  ])("reports %j (inputs %s) precisely", (text, inputs, message) => {
    expect(() => parseProgram(text, inputs)).toThrow(ParseError);
    expect(() => parseProgram(text, inputs)).toThrow(message);
  });

  it("print ∘ parse ∘ print = print, and parse recovers every non-skip line", () => {
    fc.assert(
      fc.property(arbProgram(), (program) => {
        const text = printProgram(program);
        const parsed = parseProgram(text, program.inputs);
        expect(printProgram(parsed)).toBe(text);
        expect(parsed.inputs).toBe(program.inputs);
        // skip drops its (meaningless) right argument when printed; parsing sets it to the left one.
        expect(parsed.lines).toEqual(program.lines.map((l) => (l.op === "skip" ? { ...l, right: l.left } : l)));
        if (program.lines.length > 0) expect(parseProgram(text).inputs).toBe(program.inputs);
      }),
    );
  });
});
