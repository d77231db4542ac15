import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Evaluation } from "../../../src/lang/datalog/facts.js";
import { naiveEvaluate } from "../../../src/lang/datalog/naive.js";
import { parseDatalog } from "../../../src/lang/datalog/parse.js";
import { printFacts } from "../../../src/lang/datalog/print.js";
import { seminaiveEvaluate } from "../../../src/lang/datalog/seminaive.js";
import { atom, clause, groundAtom, type DatalogProgram, type GroundAtom } from "../../../src/lang/datalog/syntax.js";
import { arbFacts, arbProgram } from "./arbitraries.js";

const EVALUATORS = { naive: naiveEvaluate, seminaive: seminaiveEvaluate } as const;

/** Facts of one predicate in canonical order, as printed in the golden tests. */
function factsOf(evaluation: Evaluation, predicate: string): string {
  return printFacts(evaluation.facts.ofPredicate(predicate));
}

describe.each(Object.entries(EVALUATORS))("%s evaluation: golden fixpoints", (_name, evaluate) => {
  it("transitive closure of a graph with a cycle", () => {
    const program = parseDatalog(`
      edge(a, b). edge(b, c). edge(c, d). edge(d, b). edge(e, a).
      path(X, Y) :- edge(X, Y).
      path(X, Y) :- path(X, Z), edge(Z, Y).
      on_cycle(X) :- path(X, X).
    `);
    const result = evaluate(program);
    expect(factsOf(result, "path")).toBe(
      [
        "path(a, b).", "path(a, c).", "path(a, d).",
        "path(b, b).", "path(b, c).", "path(b, d).",
        "path(c, b).", "path(c, c).", "path(c, d).",
        "path(d, b).", "path(d, c).", "path(d, d).",
        "path(e, a).", "path(e, b).", "path(e, c).", "path(e, d).",
      ].join("\n"),
    );
    expect(factsOf(result, "on_cycle")).toBe("on_cycle(b).\non_cycle(c).\non_cycle(d).");
    // Paths of length k appear in round k; the longest shortest path, e -> a -> b -> c -> d, has 4
    // edges, and on_cycle needs one more round after path(d, d) (3 edges).
    expect(result.steps).toBe(4);
    expect(result.reachedFixpoint).toBe(true);
  });

  it("even and odd over succ (mutual recursion, one number per round)", () => {
    const program = parseDatalog(`
      zero(0). succ(0, 1). succ(1, 2). succ(2, 3). succ(3, 4). succ(4, 5). succ(5, 6).
      even(X) :- zero(X).
      odd(Y) :- even(X), succ(X, Y).
      even(Y) :- odd(X), succ(X, Y).
    `);
    const result = evaluate(program);
    expect(factsOf(result, "even")).toBe("even(0).\neven(2).\neven(4).\neven(6).");
    expect(factsOf(result, "odd")).toBe("odd(1).\nodd(3).\nodd(5).");
    expect(result.steps).toBe(7);
  });

  it("the fixpoint of the seed's Fizz program is the multiples of three", () => {
    const numbers = Array.from({ length: 13 }, (_, i) => `succ(${i}, ${i + 1}).`).join(" ");
    const program = parseDatalog(`
      zero(0). ${numbers}
      fizz(X) :- zero(X).
      fizz(X) :- fizz(Y), pred1(Y, X).
      pred1(X, Y) :- succ(X, Z), pred2(Z, Y).
      pred2(X, Y) :- succ(X, Z), succ(Z, Y).
    `);
    expect(factsOf(evaluate(program), "fizz")).toBe("fizz(0).\nfizz(3).\nfizz(6).\nfizz(9).\nfizz(12).");
  });

  it("same generation: a rule with three body atoms, and constants in a body", () => {
    const program = parseDatalog(`
      parent(ann, bob). parent(ann, cid). parent(bob, dan). parent(cid, eve). parent(eve, fay).
      sg(X, Y) :- parent(P, X), parent(P, Y).
      sg(X, Y) :- parent(P, X), sg(P, Q), parent(Q, Y).
      anns_grandchild(X) :- parent(ann, Z), parent(Z, X).
    `);
    const result = evaluate(program);
    expect(factsOf(result, "sg")).toBe(
      ["sg(bob, bob).", "sg(bob, cid).", "sg(cid, bob).", "sg(cid, cid).", "sg(dan, dan).", "sg(dan, eve).",
        "sg(eve, dan).", "sg(eve, eve).", "sg(fay, fay)."].join("\n"),
    );
    expect(factsOf(result, "anns_grandchild")).toBe("anns_grandchild(dan).\nanns_grandchild(eve).");
  });

  it("propositional atoms, given facts and a program without rules", () => {
    const program = parseDatalog("wet :- raining. raining :- cloudy, cold. cloudy.");
    const facts = [groundAtom("cold")];
    expect(printFacts(evaluate(program, facts).facts)).toBe("cloudy.\ncold.\nraining.\nwet.");
    expect(printFacts(evaluate(program).facts)).toBe("cloudy.");
    expect(evaluate({ clauses: [] }, facts)).toMatchObject({ steps: 0, reachedFixpoint: true });
  });

  it("stops after maxSteps rounds: ∂ILP's T steps of forward chaining", () => {
    const program = parseDatalog(`
      edge(a, b). edge(b, c). edge(c, d).
      path(X, Y) :- edge(X, Y).
      path(X, Y) :- edge(X, Z), path(Z, Y).
    `);
    const two = evaluate(program, [], { maxSteps: 2 });
    expect(factsOf(two, "path")).toBe("path(a, b).\npath(a, c).\npath(b, c).\npath(b, d).\npath(c, d).");
    expect(two).toMatchObject({ steps: 2, reachedFixpoint: false });
    expect(evaluate(program, [], { maxSteps: 0 }).facts.size).toBe(3);
    expect(evaluate(program, [], { maxSteps: 10 })).toMatchObject({ steps: 3, reachedFixpoint: true });
  });

  it("rejects ill-formed programs and options with a RangeError", () => {
    const unsafe: DatalogProgram = { clauses: [clause(atom("p", "X"), atom("q", "Y"))] };
    expect(() => evaluate(unsafe, [groundAtom("q", "a")])).toThrow("clause 1: head variable X does not occur in the body (unsafe clause)");
    const arity: DatalogProgram = { clauses: [clause(atom("p", "X"), atom("q", "X"))] };
    expect(() => evaluate(arity, [groundAtom("q", "a", "b")])).toThrow(RangeError);
    expect(() => evaluate({ clauses: [clause(atom("p", "a"))] }, [groundAtom("q", "Bad")])).toThrow("invalid constant name");
    expect(() => evaluate({ clauses: [] }, [], { maxSteps: -1 })).toThrow("maxSteps must be a non-negative integer");
  });
});

/** Fact keys in canonical order, for comparing evaluations as sets. */
const canonical = (facts: Iterable<GroundAtom>): string => printFacts(facts);

describe("semi-naive and naive evaluation agree", () => {
  it("on random programs and fact sets: same least model, same number of rounds", () => {
    fc.assert(
      fc.property(arbProgram, arbFacts, (program, facts) => {
        const naive = naiveEvaluate(program, facts);
        const seminaive = seminaiveEvaluate(program, facts);
        expect(canonical(seminaive.facts)).toBe(canonical(naive.facts));
        expect(seminaive.steps).toBe(naive.steps);
        expect(seminaive.reachedFixpoint).toBe(true);
        // A least fixpoint: one more round derives nothing.
        expect(naiveEvaluate(program, seminaive.facts).steps).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it("round by round, when stopped after any number of steps", () => {
    fc.assert(
      fc.property(arbProgram, arbFacts, fc.nat({ max: 4 }), (program, facts, maxSteps) => {
        const naive = naiveEvaluate(program, facts, { maxSteps });
        const seminaive = seminaiveEvaluate(program, facts, { maxSteps });
        expect(canonical(seminaive.facts)).toBe(canonical(naive.facts));
        expect(seminaive.steps).toBe(naive.steps);
        expect(seminaive.reachedFixpoint).toBe(naive.reachedFixpoint);
      }),
      { numRuns: 200 },
    );
  });

  it("the model contains the given facts and every derived fact once", () => {
    fc.assert(
      fc.property(arbProgram, arbFacts, (program, facts) => {
        const { facts: model } = seminaiveEvaluate(program, facts);
        for (const fact of facts) expect(model.has(fact)).toBe(true);
        expect(new Set([...model].map((g) => `${g.predicate}(${g.args.join(",")})`)).size).toBe(model.size);
      }),
      { numRuns: 100 },
    );
  });
});
