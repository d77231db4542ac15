import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { groundAtomKey } from "../../../../src/lang/datalog/syntax.js";
import { BOTTOM, DilpLanguage, DilpLanguageError, taskLanguage } from "../../../../src/lang/datalog/space/language.js";
import { shippedTask } from "../../../helpers/ilpTasks.js";
import { arbLanguageCase } from "./arbitraries.js";

describe("DilpLanguage", () => {
  // The ground atoms of crunchiness/lernd's test_GroundAtoms_all_ground_atom_generator, with ⊥ in front (∂ILP §4.3).
  const language = new DilpLanguage({
    extensional: [{ name: "p", arity: 2 }, { name: "q", arity: 2 }],
    intensional: [{ name: "r", arity: 2 }],
    constants: ["a", "b"],
  });

  it("orders G as ⊥, then extensional, then intensional atoms, arguments lexicographically", () => {
    expect(language.size).toBe(13);
    expect([...language.groundAtoms()].map(groundAtomKey)).toEqual([
      "p(a,a)", "p(a,b)", "p(b,a)", "p(b,b)", "q(a,a)", "q(a,b)", "q(b,a)", "q(b,b)", "r(a,a)", "r(a,b)", "r(b,a)", "r(b,b)",
    ]);
    expect(language.atomAt(BOTTOM)).toBeUndefined();
    expect(language.indexOf({ predicate: "r", args: ["b", "a"] })).toBe(11);
    expect(language.indexOf({ predicate: "r", args: ["z", "a"] })).toBeUndefined();
    expect(language.indexOf({ predicate: "s", args: [] })).toBeUndefined();
  });

  it("indexOf and atomAt are inverse on every atom", () => {
    fc.assert(
      fc.property(arbLanguageCase(4), ({ language: l }) => {
        let k = 1;
        for (const g of l.groundAtoms()) {
          expect(l.indexOf(g)).toBe(k);
          expect(l.atomAt(k)).toEqual(g);
          k++;
        }
        expect(k).toBe(l.size);
        const expected = 1 + l.predicates.reduce((s, p) => s + l.constants.length ** p.arity, 0);
        expect(l.size).toBe(expected);
      }),
      { numRuns: 50 },
    );
  });

  it("handles propositional predicates", () => {
    const l = new DilpLanguage({ extensional: [{ name: "e", arity: 0 }], intensional: [{ name: "t", arity: 0 }], constants: ["a"] });
    expect(l.size).toBe(3);
    expect(l.indexOf({ predicate: "t", args: [] })).toBe(2);
  });

  it("rejects arity above 2 and repeated names", () => {
    expect(() => new DilpLanguage({ extensional: [{ name: "e", arity: 3 }], intensional: [], constants: ["a"] })).toThrow(DilpLanguageError);
    expect(() => new DilpLanguage({ extensional: [{ name: "e", arity: 1 }], intensional: [{ name: "e", arity: 1 }], constants: [] })).toThrow(
      DilpLanguageError,
    );
  });

  it("builds the language of a task file: P_e from the background, P_i = target + aux", () => {
    const task = shippedTask("fizz");
    const l = taskLanguage(task);
    expect(l.extensional.map((p) => p.name)).toEqual(["zero", "succ"]);
    expect(l.intensional.map((p) => p.name)).toEqual(["fizz", "pred1", "pred2"]);
    expect(l.constants).toEqual(task.constants);
    const n = task.constants.length;
    expect(l.size).toBe(1 + n + n * n + n + 2 * n * n);
    const test = taskLanguage(task, { constants: task.test.constants });
    expect(test.constants.length).toBeGreaterThanOrEqual(n);
  });
});
