import { describe, expect, it } from "vitest";
import { printAtom, printClause, printDatalog, printFacts, compareConstants } from "../../../src/lang/datalog/print.js";
import { atom, clause, groundAtom } from "../../../src/lang/datalog/syntax.js";

describe("Datalog printer (golden)", () => {
  it("prints atoms with one space after each comma, propositional atoms bare", () => {
    expect(printAtom(atom("edge", "a", "b"))).toBe("edge(a, b)");
    expect(printAtom(atom("path", "X", "10"))).toBe("path(X, 10)");
    expect(printAtom(atom("raining"))).toBe("raining");
  });

  it("prints facts and rules with their final period", () => {
    expect(printClause(clause(atom("edge", "a", "b")))).toBe("edge(a, b).");
    expect(printClause(clause(atom("p", "X", "Y"), atom("q", "X", "Z"), atom("r", "Z", "Y")))).toBe("p(X, Y) :- q(X, Z), r(Z, Y).");
    expect(printClause(clause(atom("target"), atom("image2", "X"), atom("pred1", "X")))).toBe("target :- image2(X), pred1(X).");
  });

  it("prints a program one clause per line, in program order", () => {
    const program = {
      clauses: [
        clause(atom("cyclic", "X"), atom("pred", "X", "X")),
        clause(atom("pred", "X", "Y"), atom("edge", "X", "Y")),
        clause(atom("pred", "X", "Y"), atom("edge", "X", "Z"), atom("pred", "Z", "Y")),
      ],
    };
    expect(printDatalog(program)).toBe(
      ["cyclic(X) :- pred(X, X).", "pred(X, Y) :- edge(X, Y).", "pred(X, Y) :- edge(X, Z), pred(Z, Y)."].join("\n"),
    );
    expect(printDatalog({ clauses: [] })).toBe("");
  });

  it("lists facts in canonical order: predicate, arity, then arguments with numbers by value", () => {
    const facts = [
      groundAtom("succ", "10", "11"),
      groundAtom("succ", "9", "10"),
      groundAtom("edge", "b", "a"),
      groundAtom("edge", "a", "c"),
      groundAtom("edge", "a", "b"),
      groundAtom("zero", "0"),
    ];
    expect(printFacts(facts)).toBe(["edge(a, b).", "edge(a, c).", "edge(b, a).", "succ(9, 10).", "succ(10, 11).", "zero(0)."].join("\n"));
  });

  it("orders constants: integers by value first, then names", () => {
    const sorted = ["b", "10", "a", "2", "l21", "0", "007"].sort(compareConstants);
    expect(sorted).toEqual(["0", "2", "007", "10", "a", "b", "l21"]);
  });
});
