import fc from "fast-check";
import { atom, constTerm, varTerm, type Atom, type Clause, type DatalogProgram, type DatalogTerm, type GroundAtom } from "../../../src/lang/datalog/syntax.js";

/**
 * fast-check arbitraries for Datalog: small random programs over a fixed signature, so that facts
 * and rules meet often enough for recursion and joins to happen.
 */

/**
 * Predicates with their arities and how often they are drawn: `e*` get random facts, `i*` are
 * defined by rules (and may have facts too). Binary predicates dominate, as in ∂ILP's tasks,
 * because they are what makes joins and recursion happen.
 */
type Weighted = readonly (readonly [name: string, arity: number, weight: number])[];
export const SIGNATURE: Weighted = [
  ["e0", 1, 1],
  ["e1", 2, 3],
  ["e2", 2, 2],
  ["i0", 1, 2],
  ["i1", 2, 4],
  ["i2", 0, 1],
  ["i3", 3, 1],
];
const INTENSIONAL = SIGNATURE.filter(([name]) => name.startsWith("i"));
const EXTENSIONAL = SIGNATURE.filter(([name]) => name.startsWith("e"));
export const CONSTANTS = ["a", "b", "c", "d", "e"] as const;
const VARIABLES = ["X", "Y", "Z"] as const;

function arbPredicate(predicates: Weighted): fc.Arbitrary<readonly [string, number]> {
  return fc.oneof(...predicates.map(([name, arity, weight]) => ({ weight, arbitrary: fc.constant([name, arity] as const) })));
}

function arbAtomOver(predicates: Weighted, term: fc.Arbitrary<DatalogTerm>): fc.Arbitrary<Atom> {
  return arbPredicate(predicates).chain(([predicate, arity]) =>
    fc.array(term, { minLength: arity, maxLength: arity }).map((args) => ({ predicate, args })),
  );
}

export function arbGroundAtom(predicates: Weighted = SIGNATURE): fc.Arbitrary<GroundAtom> {
  return arbPredicate(predicates).chain(([predicate, arity]) =>
    fc.array(fc.constantFrom(...CONSTANTS), { minLength: arity, maxLength: arity }).map((args) => ({ predicate, args })),
  );
}

/** Terms: mostly variables, sometimes a constant. */
const arbTerm: fc.Arbitrary<DatalogTerm> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...VARIABLES).map(varTerm) },
  { weight: 1, arbitrary: fc.constantFrom(...CONSTANTS).map(constTerm) },
);

/**
 * A safe rule: an intensional head over 1..3 body atoms drawn from `bodyPredicates`. Head variables
 * missing from the body are replaced by the constant `a`, which keeps every rule range-restricted.
 */
export function arbRule(bodyPredicates: Weighted = SIGNATURE): fc.Arbitrary<Clause> {
  return fc
    .tuple(arbAtomOver(INTENSIONAL, arbTerm), fc.array(arbAtomOver(bodyPredicates, arbTerm), { minLength: 1, maxLength: 3 }))
    .map(([head, body]) => {
      const bodyVariables = new Set(body.flatMap((a) => a.args.filter((t) => t.kind === "var").map((t) => t.name)));
      const args = head.args.map((t) => (t.kind === "var" && !bodyVariables.has(t.name) ? constTerm("a") : t));
      return { head: { predicate: head.predicate, args }, body };
    });
}

const BINARY = SIGNATURE.filter(([, arity]) => arity === 2);

/**
 * A chain rule `h(X, Y) :- p(X, Z), q(Z, Y)` (or `h(X) :- ...`) over binary predicates, each body
 * atom possibly with its arguments swapped: the shape of transitive closure and of most ∂ILP
 * solutions, which makes deep recursion common.
 */
export const arbChainRule: fc.Arbitrary<Clause> = fc
  .tuple(fc.boolean(), arbPredicate(BINARY), arbPredicate(BINARY), fc.boolean(), fc.boolean())
  .map(([unary, [p], [q], swapP, swapQ]) => {
    const first = swapP ? atom(p, "Z", "X") : atom(p, "X", "Z");
    const second = swapQ ? atom(q, "Y", "Z") : atom(q, "Z", "Y");
    return unary ? { head: atom("i0", "X"), body: [first, second] } : { head: atom("i1", "X", "Y"), body: [first, second] };
  });

/**
 * A program: base rules over the extensional predicates (so that something gets derived), rules
 * over all predicates (recursion, mutual recursion), and a few ground facts written as clauses.
 */
export const arbProgram: fc.Arbitrary<DatalogProgram> = fc
  .tuple(
    fc.array(arbRule(EXTENSIONAL), { minLength: 1, maxLength: 3 }),
    fc.array(fc.oneof(arbRule(), arbChainRule), { maxLength: 4, size: "max" }),
    fc.array(arbGroundAtom(), { maxLength: 3 }),
  )
  .map(([base, rules, facts]) => ({
    clauses: [...base, ...rules, ...facts.map((g): Clause => ({ head: { predicate: g.predicate, args: g.args.map(constTerm) }, body: [] }))],
  }));

/** Extensional facts, enough that relations grow past the index threshold of relation.ts. */
export const arbFacts: fc.Arbitrary<GroundAtom[]> = fc.array(arbGroundAtom(EXTENSIONAL), {
  maxLength: 40,
  size: "max",
});
