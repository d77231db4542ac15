import { validateProgram } from "./evaluate.js";

import type { Expr, Op, StraightLineProgram } from "./syntax.js";
import { assertNever } from "../../typeHelpers.js";

/**
 * Canonical polynomial normal form. Every program of the language (variables, + - ×, skip) denotes
 * a polynomial with integer coefficients in its inputs, and two such functions agree on all of
 * R^V exactly when their expanded polynomials are equal. ROAP §4.1 counts a synthesized program as
 * correct when J z K(s) = J z* K(s) for all s ∈ R^V, so this decides that criterion exactly,
 * without sampling. Coefficients are bigints so expansion never rounds.
 */

/** One monomial c · Π s_i^e_i; `exponents[i]` is the power of s(i+1), with no trailing zeros. */
export interface Term {
  readonly coefficient: bigint;
  readonly exponents: readonly number[];
}

/**
 * A polynomial in canonical form: distinct monomials, no zero coefficients, sorted by total degree
 * (highest first) then lexicographically by exponents (higher power of s1 first, then s2, ...).
 * `key` renders exactly that list, e.g. `s1^2 - s3^2` or `0`, so equal keys mean equal polynomials.
 */
export interface Polynomial {
  readonly terms: readonly Term[];
  readonly key: string;
}

function degree(exponents: readonly number[]): number {
  return exponents.reduce((sum, e) => sum + e, 0);
}

function compareMonomials(a: readonly number[], b: readonly number[]): number {
  const byDegree = degree(b) - degree(a);
  if (byDegree !== 0) return byDegree;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (b[i] ?? 0) - (a[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function trimmed(exponents: readonly number[]): number[] {
  const result = [...exponents];
  while (result.length > 0 && result[result.length - 1] === 0) result.pop();
  return result;
}

function printTerm(term: Term, first: boolean): string {
  const negative = term.coefficient < 0n;
  const magnitude = negative ? -term.coefficient : term.coefficient;
  const factors = term.exponents.flatMap((e, i) => (e === 0 ? [] : [e === 1 ? `s${i + 1}` : `s${i + 1}^${e}`]));
  if (magnitude !== 1n || factors.length === 0) factors.unshift(magnitude.toString());
  const sign = first ? (negative ? "-" : "") : negative ? " - " : " + ";
  return sign + factors.join("*");
}

/** Normalizes any list of terms: merges equal monomials, drops zeros, sorts. Idempotent. */
export function polynomial(terms: Iterable<Term>): Polynomial {
  const merged = new Map<string, Term>();
  for (const term of terms) {
    const exponents = trimmed(term.exponents);
    const monomial = exponents.join(",");
    const previous = merged.get(monomial)?.coefficient ?? 0n;
    merged.set(monomial, { coefficient: previous + term.coefficient, exponents });
  }
  const sorted = [...merged.values()]
    .filter((term) => term.coefficient !== 0n)
    .sort((a, b) => compareMonomials(a.exponents, b.exponents));
  const key = sorted.length === 0 ? "0" : sorted.map((term, i) => printTerm(term, i === 0)).join("");
  return { terms: sorted, key };
}

/** The polynomial s(index+1). */
export function variablePolynomial(index: number): Polynomial {
  const exponents = new Array<number>(index + 1).fill(0);
  exponents[index] = 1;
  return polynomial([{ coefficient: 1n, exponents }]);
}

export function addPolynomials(a: Polynomial, b: Polynomial): Polynomial {
  return polynomial([...a.terms, ...b.terms]);
}

export function subtractPolynomials(a: Polynomial, b: Polynomial): Polynomial {
  return polynomial([...a.terms, ...b.terms.map((t) => ({ coefficient: -t.coefficient, exponents: t.exponents }))]);
}

export function multiplyPolynomials(a: Polynomial, b: Polynomial): Polynomial {
  const products: Term[] = [];
  for (const s of a.terms) {
    for (const t of b.terms) {
      const length = Math.max(s.exponents.length, t.exponents.length);
      const exponents = Array.from({ length }, (_, i) => (s.exponents[i] ?? 0) + (t.exponents[i] ?? 0));
      products.push({ coefficient: s.coefficient * t.coefficient, exponents });
    }
  }
  return polynomial(products);
}

/** Polynomial semantics of each operator (ROAP Figure 3); a new op without a rule fails to type check. */
export const POLYNOMIAL_RULES: { readonly [K in Op]: (a: Polynomial, b: Polynomial) => Polynomial } = {
  add: addPolynomials,
  sub: subtractPolynomials,
  mul: multiplyPolynomials,
  skip: (a) => a,
};

/** Expanded polynomial of a formula. Shared subformulas (see `programToExpr`) are expanded once. */
export function toPolynomial(expr: Expr): Polynomial {
  const memo = new Map<Expr, Polynomial>();
  const expand = (e: Expr): Polynomial => {
    const cached = memo.get(e);
    if (cached !== undefined) return cached;
    let result: Polynomial;
    switch (e.kind) {
      case "var":
        result = variablePolynomial(e.index);
        break;
      case "bin":
        result = POLYNOMIAL_RULES[e.op](expand(e.left), expand(e.right));
        break;
      default:
        return assertNever(e);
    }
    memo.set(e, result);
    return result;
  };
  return expand(expr);
}

/** Expanded polynomial of a straight-line program's value, computed line by line. */
export function programToPolynomial(program: StraightLineProgram): Polynomial {
  validateProgram(program);
  const values: Polynomial[] = [];
  for (let v = 0; v < program.inputs; v++) values.push(variablePolynomial(v));
  for (const line of program.lines) {
    // validateProgram guarantees both arguments are already computed.
    values.push(POLYNOMIAL_RULES[line.op](values[line.left] as Polynomial, values[line.right] as Polynomial));
  }
  return values[values.length - 1] as Polynomial;
}

/** Value of a polynomial at a point, in floating point (exact while all terms stay below 2^53). */
export function evaluatePolynomial(p: Polynomial, input: readonly number[]): number {
  let sum = 0;
  for (const term of p.terms) {
    let product = Number(term.coefficient);
    term.exponents.forEach((e, i) => {
      const x = input[i];
      if (x === undefined) throw new RangeError(`polynomial reads s${i + 1} but only ${input.length} inputs were given`);
      product *= x ** e;
    });
    sum += product;
  }
  return sum;
}

/** Whether two formulas compute the same function on all of R^V (ROAP §4.1's success criterion). */
export function equivalent(a: Expr, b: Expr): boolean {
  return toPolynomial(a).key === toPolynomial(b).key;
}
