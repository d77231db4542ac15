import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateExpr } from "../../src/lang/arith/evaluate.js";
import { parseExpr } from "../../src/lang/arith/parse.js";
import { printExpr } from "../../src/lang/arith/print.js";
import { scaleTask, substituteUnit } from "../../src/search/scaling.js";
import { arbExpr } from "../lang/arith/arbitraries.js";

describe("scaling user data into ROAP's range", () => {
  it("leaves data already in [-1, 1] alone: one row, no unit variable", () => {
    const s = scaleTask({ name: "t", examples: [{ input: [0.1, -0.5], output: 3 }] }, 4);
    expect(s).toMatchObject({ scale: 1, vars: 2, unit: undefined });
    expect(Array.from(s.inputs)).toEqual([0.1, -0.5]);
    expect(s.rows.map((r) => [r.degree, Array.from(r.targets)])).toEqual([[0, [3]]]);
  });

  it("divides by the largest |input|, appends u = 1/c, and fits y / c^d for d = 1..D", () => {
    const s = scaleTask({ name: "t", examples: [{ input: [2, 10], output: 20 }, { input: [5, 1], output: 5 }] }, 3);
    expect(s).toMatchObject({ scale: 10, vars: 3, unit: 2 });
    expect(Array.from(s.inputs)).toEqual([0.2, 1, 0.1, 0.5, 0.1, 0.1]);
    expect(s.rows.map((r) => r.degree)).toEqual([1, 2, 3]);
    expect(Array.from(s.rows[1]?.targets ?? [])).toEqual([0.2, 0.05]);
  });

  it("a homogeneous program fitted in scaled units gives the user's program after u := 1", () => {
    // y = s1*s2 + s3 homogenised to degree 2 as s1*s2 + s3*u (u is variable index 3).
    const homogeneous = parseExpr("s1 * s2 + s3 * s4", 4);
    const user = substituteUnit(homogeneous, 3);
    expect(user && printExpr(user)).toBe("s1 * s2 + s3");
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 3, maxLength: 3 }), (s) => {
        const c = 10;
        const scaled = evaluateExpr(homogeneous, [...s.map((x) => x / c), 1 / c]) * c ** 2;
        expect(scaled).toBeCloseTo(evaluateExpr(user as NonNullable<typeof user>, s), 9);
      }),
    );
  });

  it("removes products with the unit and refuses a unit left as a summand", () => {
    expect(printExpr(substituteUnit(parseExpr("s4 * s4 * s1", 4), 3) as NonNullable<ReturnType<typeof substituteUnit>>)).toBe("s1");
    expect(substituteUnit(parseExpr("s1 + s4", 4), 3)).toBeUndefined();
    expect(substituteUnit(parseExpr("s4 * s4", 4), 3)).toBeUndefined();
  });

  it("is the identity on formulas without the unit", () => {
    fc.assert(
      fc.property(arbExpr(3, 3), (e) => {
        expect(substituteUnit(e, 3)).toEqual(e);
      }),
    );
  });
});
