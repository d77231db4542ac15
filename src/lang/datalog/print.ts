import type { Atom, Clause, DatalogProgram, DatalogTerm, GroundAtom } from "./syntax.js";
import { assertNever } from "../../typeHelpers.js";

/**
 * Canonical text of Datalog (golden-tested, DESIGN principle 5), read back by parse.ts:
 * `p(X, Y) :- q(X, Z), r(Z, Y).` with one space after each comma and around `:-`, facts as
 * `edge(a, b).`, propositional atoms without parentheses, one clause per line.
 */

export function printTerm(term: DatalogTerm): string {
  switch (term.kind) {
    case "var":
    case "const":
      return term.name;
    default:
      return assertNever(term);
  }
}

export function printAtom(a: Atom): string {
  return a.args.length === 0 ? a.predicate : `${a.predicate}(${a.args.map(printTerm).join(", ")})`;
}

export function printGroundAtom(g: GroundAtom): string {
  return g.args.length === 0 ? g.predicate : `${g.predicate}(${g.args.join(", ")})`;
}

/** One clause with its final period: `head.` or `head :- b1, b2.` */
export function printClause(c: Clause): string {
  const head = printAtom(c.head);
  return c.body.length === 0 ? `${head}.` : `${head} :- ${c.body.map(printAtom).join(", ")}.`;
}

/** A program, one clause per line in program order (the empty program prints as ""). */
export function printDatalog(program: DatalogProgram): string {
  return program.clauses.map(printClause).join("\n");
}

/**
 * Order on constants for canonical listings: integers (digits only) first, by value, so that
 * `2` precedes `10`; then other names in code-point order.
 */
export function compareConstants(a: string, b: string): number {
  const aNumber = /^[0-9]+$/u.test(a);
  const bNumber = /^[0-9]+$/u.test(b);
  if (aNumber && bNumber) {
    const x = BigInt(a);
    const y = BigInt(b);
    if (x !== y) return x < y ? -1 : 1;
  } else if (aNumber !== bNumber) {
    return aNumber ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Order on ground atoms: by predicate name, then arity, then arguments left to right. */
export function compareGroundAtoms(a: GroundAtom, b: GroundAtom): number {
  if (a.predicate !== b.predicate) return a.predicate < b.predicate ? -1 : 1;
  if (a.args.length !== b.args.length) return a.args.length - b.args.length;
  for (let i = 0; i < a.args.length; i++) {
    const order = compareConstants(a.args[i] as string, b.args[i] as string);
    if (order !== 0) return order;
  }
  return 0;
}

/** A set of facts in canonical order, one `fact.` per line: the golden form of fixpoints. */
export function printFacts(facts: Iterable<GroundAtom>): string {
  return [...facts].sort(compareGroundAtoms).map((g) => `${printGroundAtom(g)}.`).join("\n");
}
