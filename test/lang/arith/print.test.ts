import { describe, expect, it } from "vitest";
import { parseExpr } from "../../../src/lang/arith/parse.js";
import { printExpr, printLine, printProgram, printTree } from "../../../src/lang/arith/print.js";
import { binary, variable } from "../../../src/lang/arith/syntax.js";

const [s1, s2, s3] = [variable(0), variable(1), variable(2)];

describe("line form (golden)", () => {
  it("prints one assignment per line, v1..vV being the inputs, skip as a copy", () => {
    const program = {
      inputs: 3,
      lines: [
        { op: "mul", left: 0, right: 1 },
        { op: "skip", left: 3, right: 2 },
        { op: "sub", left: 4, right: 2 },
        { op: "add", left: 5, right: 5 },
      ],
    } as const;
    expect(printProgram(program)).toBe(["v4 = v1 * v2", "v5 = v4", "v6 = v5 - v3", "v7 = v6 + v6"].join("\n"));
  });

  it("prints a single line given the variable it defines", () => {
    expect(printLine({ op: "add", left: 0, right: 2 }, 9)).toBe("v10 = v1 + v3");
  });

  it("prints a program with zero lines as the empty string", () => {
    expect(printProgram({ inputs: 3, lines: [] })).toBe("");
  });
});

describe("formula form (golden)", () => {
  it.each([
    [s2, "s2"],
    [binary("sub", s1, binary("sub", s2, s3)), "s1 - (s2 - s3)"],
    [binary("sub", binary("sub", s1, s2), s3), "s1 - s2 - s3"],
    [binary("mul", binary("add", s1, s2), s3), "(s1 + s2) * s3"],
    [binary("add", binary("mul", s1, s2), s3), "s1 * s2 + s3"],
    [binary("sub", s1, binary("mul", s2, s3)), "s1 - s2 * s3"],
    [binary("mul", s1, binary("sub", s2, s3)), "s1 * (s2 - s3)"],
    [binary("mul", binary("add", s1, s3), binary("sub", s1, s3)), "(s1 + s3) * (s1 - s3)"],
    // Right-nested equal precedence keeps its parentheses so that parsing rebuilds the same tree.
    [binary("add", s1, binary("add", s2, s3)), "s1 + (s2 + s3)"],
    [binary("add", s1, binary("sub", s2, s3)), "s1 + (s2 - s3)"],
    [binary("mul", s1, binary("mul", s2, s3)), "s1 * (s2 * s3)"],
    [binary("mul", binary("mul", s1, s2), s3), "s1 * s2 * s3"],
  ])("%j prints as %s", (expr, text) => {
    expect(printExpr(expr)).toBe(text);
    expect(parseExpr(text)).toEqual(expr);
  });

  it("prints ROAP Figure 8's syntax tree as its formula", () => {
    expect(printTree({ inputs: 3, depth: 2, ops: ["add", "mul", "skip"], leaves: [0, 1, 2, 2] })).toBe("s1 * s2 + s3");
  });
});
