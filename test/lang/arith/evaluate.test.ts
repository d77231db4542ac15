import { describe, expect, it } from "vitest";
import {
  evaluateExpr,
  evaluateProgram,
  evaluateTree,
  programValues,
  validateProgram,
  validateTree,
} from "../../../src/lang/arith/evaluate.js";
import { binary, variable, type StraightLineProgram } from "../../../src/lang/arith/syntax.js";

// v4 = v1 * v2; v5 = skip v4; v6 = v5 + v3  computes s1·s2 + s3.
const program: StraightLineProgram = {
  inputs: 3,
  lines: [
    { op: "mul", left: 0, right: 1 },
    { op: "skip", left: 3, right: 0 },
    { op: "add", left: 4, right: 2 },
  ],
};

describe("straight-line programs", () => {
  it("returns the value of the last line", () => {
    expect(evaluateProgram(program, [2, 3, 4])).toBe(10);
    expect(programValues(program, [2, 3, 4])).toEqual([2, 3, 4, 6, 6, 10]);
  });

  it("skip returns its left argument", () => {
    expect(evaluateProgram({ inputs: 2, lines: [{ op: "skip", left: 0, right: 1 }] }, [7, 9])).toBe(7);
  });

  it("subtraction takes left minus right", () => {
    expect(evaluateProgram({ inputs: 2, lines: [{ op: "sub", left: 1, right: 0 }] }, [7, 9])).toBe(2);
  });

  it("a program with zero lines returns its last input", () => {
    expect(evaluateProgram({ inputs: 3, lines: [] }, [1, 2, 3])).toBe(3);
  });

  it.each([
    [{ inputs: 2, lines: [{ op: "add", left: 0, right: 2 }] }, /line 1 \(v3\): right argument 2 must refer to an earlier variable \(0\.\.1\)/],
    [{ inputs: 1, lines: [{ op: "add", left: -1, right: 0 }] }, /left argument -1/],
    [{ inputs: 1, lines: [{ op: "add", left: 0.5, right: 0 }] }, /left argument 0\.5/],
    [{ inputs: -1, lines: [] }, /non-negative integer/],
    [{ inputs: 0, lines: [] }, /no value/],
    [{ inputs: 1, lines: [{ op: "div", left: 0, right: 0 }] }, /unknown operator "div"/],
  ])("validateProgram rejects %j", (bad, message) => {
    expect(() => validateProgram(bad as StraightLineProgram)).toThrow(RangeError);
    expect(() => validateProgram(bad as StraightLineProgram)).toThrow(message);
  });

  it("rejects an input vector of the wrong length", () => {
    expect(() => evaluateProgram(program, [1, 2])).toThrow(/expects 3 inputs, got 2/);
  });
});

describe("formulas", () => {
  it("evaluates with the usual meaning of + - *", () => {
    const e = binary("sub", variable(0), binary("mul", variable(1), variable(2)));
    expect(evaluateExpr(e, [10, 2, 3])).toBe(4);
  });

  it("rejects a variable beyond the input vector", () => {
    expect(() => evaluateExpr(variable(3), [1, 2, 3])).toThrow(/reads s4 but only 3 inputs/);
  });
});

describe("syntax-tree sketches (ROAP Figure 7)", () => {
  it("evaluates Figure 8, y = s1 × s2 + s3 with an id (skip) node", () => {
    const tree = { inputs: 3, depth: 2, ops: ["add", "mul", "skip"] as const, leaves: [0, 1, 2, 2] };
    expect(evaluateTree(tree, [2, 3, 4])).toBe(10);
  });

  it("a depth-0 tree is a single leaf", () => {
    expect(evaluateTree({ inputs: 2, depth: 0, ops: [], leaves: [1] }, [5, 6])).toBe(6);
  });

  it("skip returns its left subtree", () => {
    expect(evaluateTree({ inputs: 2, depth: 1, ops: ["skip"], leaves: [1, 0] }, [5, 6])).toBe(6);
  });

  it.each([
    [{ inputs: 2, depth: 1, ops: [], leaves: [0, 1] }, /1 internal nodes, got 0 operators/],
    [{ inputs: 2, depth: 1, ops: ["add"], leaves: [0] }, /2 leaves, got 1/],
    [{ inputs: 2, depth: 1, ops: ["add"], leaves: [0, 2] }, /leaf 1: variable index 2 is not one of the 2 inputs/],
    [{ inputs: 2, depth: -1, ops: [], leaves: [] }, /non-negative integer/],
  ])("validateTree rejects %j", (bad, message) => {
    expect(() => validateTree(bad as Parameters<typeof validateTree>[0])).toThrow(message);
  });
});
