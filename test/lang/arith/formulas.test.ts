import { describe, expect, it } from "vitest";
import { evaluateExpr } from "../../../src/lang/arith/evaluate.js";
import { enumerateFormulas, operatorCount } from "../../../src/lang/arith/formulas.js";
import { parseExpr } from "../../../src/lang/arith/parse.js";
import { toPolynomial } from "../../../src/lang/arith/polynomial.js";
import { printExpr } from "../../../src/lang/arith/print.js";
import { BINARY_OPS, binary, variable, type Expr } from "../../../src/lang/arith/syntax.js";

/**
 * Exact counts of semantically distinct formulas (zero polynomial included), by (V, m):
 *
 *   V=1, m=0:    1  (s1)
 *   V=1, m=1:    4  by hand: s1, 2s1, 0, s1²
 *   V=1, m=2:   11  by hand: the 4 above plus the 7 new values of s1 ∘ p and p ∘ s1 for
 *                   p ∈ {2s1, 0, s1²}: 3s1, −s1, 2s1², s1² + s1, s1 − s1², s1³, s1² − s1
 *   V=2, m=1:   11  by hand: s1, s2; 2s1, 2s2, s1+s2; 0, s1−s2, s2−s1; s1², s1s2, s2²
 *   V=3, m=1:   22  by hand: 3 variables; + gives 3 doubles and 3 sums, − gives 0 and 6
 *                   differences, × gives 3 squares and 3 products (3 + 6 + 7 + 6)
 *   V=2, m=2:   52  (2 / 9 / 41 by operator count)
 *   V=2, m=3:  256  (2 / 9 / 41 / 204)
 *   V=3, m=2:  150  (3 / 19 / 128)
 *   V=3, m=3: 1102  (3 / 19 / 128 / 952) — ROAP §4.1's task pool; 1101 without the zero polynomial
 *
 * The hand-checked ones pin the definition; the others are confirmed below against brute force
 * over every formula tree.
 */
const EXPECTED: readonly (readonly [number, number, readonly number[]])[] = [
  [1, 0, [1]],
  [1, 1, [1, 3]],
  [1, 2, [1, 3, 7]],
  [2, 1, [2, 9]],
  [3, 1, [3, 19]],
  [2, 2, [2, 9, 41]],
  [2, 3, [2, 9, 41, 204]],
  [3, 2, [3, 19, 128]],
  [3, 3, [3, 19, 128, 952]],
];
const ROAP_TASK_POOL = 1102;
const ROAP_TASK_POOL_WITHOUT_CONSTANTS = 1101;

/** Every formula tree with at most `maxOperators` operators over V variables, by operator count. */
function allTrees(variables: number, maxOperators: number): Expr[][] {
  const bySize: Expr[][] = [Array.from({ length: variables }, (_, v) => variable(v))];
  for (let k = 1; k <= maxOperators; k++) {
    const trees: Expr[] = [];
    for (let i = 0; i < k; i++) {
      for (const left of bySize[i] ?? []) {
        for (const right of bySize[k - 1 - i] ?? []) {
          for (const op of BINARY_OPS) trees.push(binary(op, left, right));
        }
      }
    }
    bySize.push(trees);
  }
  return bySize;
}

describe("enumerateFormulas", () => {
  it.each(EXPECTED)("V=%i, m=%i has %j formulas per operator count", (variables, maxOperators, perLevel) => {
    const formulas = enumerateFormulas(variables, maxOperators);
    const counts = perLevel.map((_, k) => formulas.filter((f) => f.operators === k).length);
    expect(counts).toEqual(perLevel);
  });

  it("ROAP's pool (V=3, m=3) has 1102 formulas, 1101 without the constant 0", () => {
    const formulas = enumerateFormulas(3, 3);
    expect(formulas.length).toBe(ROAP_TASK_POOL);
    expect(formulas.filter((f) => f.polynomial.key !== "0").length).toBe(ROAP_TASK_POOL_WITHOUT_CONSTANTS);
    expect(formulas.filter((f) => f.polynomial.terms.length === 1 && f.polynomial.terms[0]?.exponents.length === 0)).toEqual([]);
  });

  it.each([
    [2, 3],
    [3, 3],
  ])("V=%i, m=%i matches brute force: same polynomials, each with a smallest formula", (variables, maxOperators) => {
    const smallest = new Map<string, number>();
    allTrees(variables, maxOperators).forEach((trees, k) => {
      for (const tree of trees) {
        const key = toPolynomial(tree).key;
        if (!smallest.has(key)) smallest.set(key, k);
      }
    });
    const formulas = enumerateFormulas(variables, maxOperators);
    expect(new Set(formulas.map((f) => f.polynomial.key))).toEqual(new Set(smallest.keys()));
    for (const f of formulas) expect(f.operators).toBe(smallest.get(f.polynomial.key));
  });

  it("formulas are ordered by operator count, consistent with their polynomials, and pairwise inequivalent", () => {
    const formulas = enumerateFormulas(3, 3);
    formulas.forEach((f, i) => {
      expect(operatorCount(f.expr)).toBe(f.operators);
      expect(toPolynomial(f.expr).key).toBe(f.polynomial.key);
      if (i > 0) expect(f.operators).toBeGreaterThanOrEqual(formulas[i - 1]?.operators ?? 0);
    });
    expect(new Set(formulas.map((f) => f.polynomial.key)).size).toBe(formulas.length);
    // Independent of the polynomial code: distinct polynomials differ at generic real points.
    const points = [
      [0.8147, 0.9058, 0.127],
      [0.9134, 0.6324, 0.0975],
    ];
    const fingerprints = formulas.map((f) => points.map((x) => evaluateExpr(f.expr, x).toPrecision(10)).join(","));
    expect(new Set(fingerprints).size).toBe(formulas.length);
  });

  it("contains ROAP §4.1's examples s1, s2+s3 and (s1+s3)×(s1−s3), with readable representatives", () => {
    const byKey = new Map(enumerateFormulas(3, 3).map((f) => [f.polynomial.key, printExpr(f.expr)]));
    expect(byKey.get(toPolynomial(parseExpr("s1")).key)).toBe("s1");
    expect(byKey.get(toPolynomial(parseExpr("s2 + s3")).key)).toBe("s2 + s3");
    expect(byKey.get(toPolynomial(parseExpr("(s1+s3)×(s1−s3)")).key)).toBe("s1 * s1 - s3 * s3");
    expect(byKey.get("0")).toBe("s1 - s1");
    expect(byKey.get("3*s1")).toBe("s1 + s1 + s1");
  });

  it("rejects invalid sizes", () => {
    expect(() => enumerateFormulas(0, 3)).toThrow(RangeError);
    expect(() => enumerateFormulas(3, -1)).toThrow(RangeError);
    expect(() => enumerateFormulas(3, 1.5)).toThrow(RangeError);
  });
});
