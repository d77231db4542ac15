import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseErrorOf } from "../../helpers/thrown.js";
import { parseAtom, parseDatalog, parseGroundAtom } from "../../../src/lang/datalog/parse.js";
import { printDatalog } from "../../../src/lang/datalog/print.js";
import { atom, clause, groundAtom } from "../../../src/lang/datalog/syntax.js";
import { arbProgram } from "./arbitraries.js";

describe("parseDatalog", () => {
  it("reads facts, rules and % comments; whitespace and line breaks are free", () => {
    const program = parseDatalog(`
      % a graph
      edge(a, b). edge(b,c).   % two facts on one line
      path(X, Y) :- edge(X, Y).
      path(X, Y) :-
        edge(X, Z),
        path(Z, Y).
    `);
    expect(program.clauses).toEqual([
      clause(atom("edge", "a", "b")),
      clause(atom("edge", "b", "c")),
      clause(atom("path", "X", "Y"), atom("edge", "X", "Y")),
      clause(atom("path", "X", "Y"), atom("edge", "X", "Z"), atom("path", "Z", "Y")),
    ]);
  });

  it("reads the paper's arrow, numeric constants, and propositional atoms with or without ()", () => {
    expect(parseDatalog("target() ← image2(X), pred1(X).").clauses).toEqual([clause(atom("target"), atom("image2", "X"), atom("pred1", "X"))]);
    expect(parseDatalog("succ(0, 10). raining.").clauses).toEqual([clause(atom("succ", "0", "10")), clause(atom("raining"))]);
  });

  it("accepts existential body variables and constants in rules", () => {
    expect(parseDatalog("p(X) :- q(X, Y), r(Y, c).").clauses).toEqual([clause(atom("p", "X"), atom("q", "X", "Y"), atom("r", "Y", "c"))]);
  });

  it("parses single atoms", () => {
    expect(parseAtom("path(X, b)")).toEqual(atom("path", "X", "b"));
    expect(parseGroundAtom(" edge(a,b) ")).toEqual(groundAtom("edge", "a", "b"));
  });

  it.each([
    ["edge(a, b)", "line 1, column 11: expected \":-\" or \".\", found end of input"],
    ["p(X) :- q(X)", "line 1, column 13: expected \",\" or \".\", found end of input"],
    ["p(X) :- .", "line 1, column 9: expected a predicate name (starting with a lowercase letter), found \".\""],
    ["edge(a b).", "line 1, column 8: expected \",\" or \")\", found \"b\""],
    ["edge(a,).", "line 1, column 8: expected a variable or a constant, found \")\""],
    ["Edge(a).", "line 1, column 1: expected a predicate name (starting with a lowercase letter), found \"Edge\""],
    ["0(a).", "line 1, column 1: expected a predicate name (starting with a lowercase letter), found \"0\""],
    ["edge(a, _b).", "line 1, column 9: unexpected character \"_\" (names may not start with \"_\")"],
    ["edge(a; b).", "line 1, column 7: unexpected character \";\""],
    ["edge(X, b).", "line 1, column 6: a fact must be ground, but X is a variable"],
    ["p(X, Y) :- q(X).", "line 1, column 6: head variable Y does not occur in the body (unsafe clause)"],
    ["edge(a, b).\nedge(a, b, c).", "line 2, column 1: edge has 3 argument(s) here but 2 at line 1, column 1"],
    ["p(X) :- q(X), q(X, Y).", "line 1, column 15: q has 2 argument(s) here but 1 at line 1, column 9"],
    ["a(x).\n\n  b(x) :- + c(x).", "line 3, column 11: expected a predicate name (starting with a lowercase letter), found \"+\""],
  ])("reports %j precisely", (text, message) => {
    expect(parseErrorOf(() => parseDatalog(text)).message).toBe(message);
  });

  it("rejects variables in ground atoms and trailing text", () => {
    expect(() => parseGroundAtom("edge(a, X)")).toThrow("line 1, column 9: expected a ground atom, but X is a variable");
    expect(() => parseAtom("p(a) q")).toThrow("line 1, column 6: expected end of input, found \"q\"");
  });

  it("parse inverts print exactly, so print ∘ parse ∘ print = print", () => {
    fc.assert(
      fc.property(arbProgram, (program) => {
        const text = printDatalog(program);
        expect(parseDatalog(text)).toEqual(program);
        expect(printDatalog(parseDatalog(text))).toBe(text);
      }),
    );
  });
});
