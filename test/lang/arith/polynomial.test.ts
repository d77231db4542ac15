import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { programToExpr } from "../../../src/lang/arith/convert.js";
import { evaluateExpr } from "../../../src/lang/arith/evaluate.js";
import { parseExpr } from "../../../src/lang/arith/parse.js";
import {
  addPolynomials,
  equivalent,
  evaluatePolynomial,
  multiplyPolynomials,
  polynomial,
  programToPolynomial,
  subtractPolynomials,
  toPolynomial,
  type Term,
} from "../../../src/lang/arith/polynomial.js";
import { arbExpr, arbInput, arbProgram } from "./arbitraries.js";

const key = (text: string): string => toPolynomial(parseExpr(text)).key;

describe("canonical polynomial (golden)", () => {
  it.each([
    ["(s1 + s3) * (s1 - s3)", "s1^2 - s3^2"],
    ["s1 - s1", "0"],
    ["s2 - s1", "-s1 + s2"],
    ["(s1 + s1) * (s1 + s1)", "4*s1^2"],
    ["s3 * s1 * s2 * s3", "s1*s2*s3^2"],
    ["(s1 - s2) * (s1 - s2) * (s1 - s2)", "s1^3 - 3*s1^2*s2 + 3*s1*s2^2 - s2^3"],
    ["s2 * s2 + s1 - s3 * s1", "-s1*s3 + s2^2 + s1"],
  ])("%s is %s", (formula, expected) => {
    expect(key(formula)).toBe(expected);
  });

  it("decides equivalence exactly", () => {
    expect(equivalent(parseExpr("(s1 + s3) * (s1 - s3)"), parseExpr("s1 * s1 - s3 * s3"))).toBe(true);
    expect(equivalent(parseExpr("s1 * (s2 + s3)"), parseExpr("s3 * s1 + s1 * s2"))).toBe(true);
    expect(equivalent(parseExpr("s1 - (s2 - s3)"), parseExpr("s1 - s2 - s3"))).toBe(false);
    expect(equivalent(parseExpr("s1 * s1"), parseExpr("s1 + s1"))).toBe(false);
  });

  it("keeps coefficients exact beyond 2^53", () => {
    // ((s1+s1)^2)^2 ... squared five more times: 2^64 · s1^64.
    let text = "s1 + s1";
    for (let i = 0; i < 6; i++) text = `(${text}) * (${text})`;
    expect(key(text)).toBe(`${2n ** 64n}*s1^64`);
  });
});

describe("canonical form properties", () => {
  it("evaluating the polynomial equals evaluating the formula (integer points, exact)", () => {
    fc.assert(
      fc.property(
        arbExpr(3, 4).chain((e) => fc.tuple(fc.constant(e), arbInput(3))),
        ([expr, input]) => {
          // `+ 0` turns a −0 from e.g. (−1)·0 into 0; the polynomial's sum starts from +0.
          expect(evaluatePolynomial(toPolynomial(expr), input)).toBe(evaluateExpr(expr, input) + 0);
        },
      ),
    );
  });

  it("normalizing is idempotent and independent of term order, splitting and zero terms", () => {
    fc.assert(
      fc.property(arbExpr(3, 4), fc.infiniteStream(fc.nat()), (expr, seeds) => {
        const p = toPolynomial(expr);
        expect(polynomial(p.terms)).toEqual(p);
        const noisy: Term[] = p.terms.flatMap((t) => {
          const part = BigInt(seeds.next().value % 7) - 3n;
          return [
            { coefficient: part, exponents: [...t.exponents, 0, 0] },
            { coefficient: 0n, exponents: [seeds.next().value % 3] },
            { coefficient: t.coefficient - part, exponents: t.exponents },
          ];
        });
        noisy.reverse();
        expect(polynomial(noisy)).toEqual(p);
      }),
    );
  });

  it("canonical terms are sorted, distinct, nonzero and without trailing zero exponents", () => {
    fc.assert(
      fc.property(arbExpr(3, 4), (expr) => {
        const { terms } = toPolynomial(expr);
        const monomials = terms.map((t) => t.exponents.join(","));
        expect(new Set(monomials).size).toBe(terms.length);
        for (const t of terms) {
          expect(t.coefficient).not.toBe(0n);
          expect(t.exponents.at(-1)).not.toBe(0);
        }
        const degrees = terms.map((t) => t.exponents.reduce((a, b) => a + b, 0));
        expect(degrees).toEqual([...degrees].sort((a, b) => b - a));
      }),
    );
  });

  it("satisfies the ring laws", () => {
    fc.assert(
      fc.property(arbExpr(3, 3), arbExpr(3, 3), arbExpr(3, 3), (a, b, c) => {
        const [p, q, r] = [toPolynomial(a), toPolynomial(b), toPolynomial(c)];
        expect(addPolynomials(p, q).key).toBe(addPolynomials(q, p).key);
        expect(multiplyPolynomials(p, q).key).toBe(multiplyPolynomials(q, p).key);
        expect(multiplyPolynomials(p, addPolynomials(q, r)).key).toBe(
          addPolynomials(multiplyPolynomials(p, q), multiplyPolynomials(p, r)).key,
        );
        expect(subtractPolynomials(addPolynomials(p, q), q).key).toBe(p.key);
        expect(subtractPolynomials(p, p).key).toBe("0");
      }),
    );
  });

  it("a program's polynomial, line by line, equals its formula's", () => {
    fc.assert(
      fc.property(arbProgram(4, 6), (program) => {
        expect(programToPolynomial(program).key).toBe(toPolynomial(programToExpr(program)).key);
      }),
    );
  });
});
