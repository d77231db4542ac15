import { describe, expect, it } from "vitest";
import { ALU_OPS, ALU_RULES, applyAlu, initialTape, wrap } from "../../../src/lang/asm/alu.js";

describe("applyAlu", () => {
  it("is a total function {0..b−1}² → {0..b−1} for every operation (seed eq. 6's table T)", () => {
    for (const base of [2, 3, 7, 10]) {
      for (const op of ALU_OPS) {
        for (let x = 0; x < base; x++) {
          for (let y = 0; y < base; y++) {
            const value = applyAlu(op, x, y, base);
            expect(Number.isInteger(value) && value >= 0 && value < base).toBe(true);
          }
        }
      }
    }
  });

  it.each([
    ["zero", 4, 5, 0],
    ["inc", 9, 0, 0],
    ["dec", 0, 0, 9],
    ["add", 7, 8, 5],
    ["sub", 3, 8, 5],
    ["min", 3, 8, 3],
    ["max", 3, 8, 8],
    ["mod", 8, 3, 2],
    ["mod", 8, 0, 8],
  ] as const)("%s(%i, %i) = %i at base 10", (op, x, y, value) => {
    expect(applyAlu(op, x, y, 10)).toBe(value);
  });

  it("ignores the operands an operation does not read", () => {
    for (const op of ALU_OPS) {
      const { arity } = ALU_RULES[op];
      if (arity < 2) expect(applyAlu(op, 4, 1, 10)).toBe(applyAlu(op, 4, 7, 10));
      if (arity < 1) expect(applyAlu(op, 2, 1, 10)).toBe(applyAlu(op, 6, 1, 10));
    }
  });

  it("wraps negative values into 0..b−1 and pads tapes to b cells", () => {
    expect([wrap(-1, 10), wrap(-10, 10), wrap(23, 10)]).toEqual([9, 0, 3]);
    expect(initialTape([1, 2], 4)).toEqual([1, 2, 0, 0]);
  });
});
