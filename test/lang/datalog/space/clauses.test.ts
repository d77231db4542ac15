import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDatalog } from "../../../../src/lang/datalog/parse.js";
import { printAtom, printClause } from "../../../../src/lang/datalog/print.js";
import type { Atom, Clause, Predicate } from "../../../../src/lang/datalog/syntax.js";
import type { RuleTemplate } from "../../../../src/lang/datalog/task.js";
import { generateClauses, generateTaskClauses, variableName, type GeneratedClause } from "../../../../src/lang/datalog/space/clauses.js";
import { DilpLanguage, DilpLanguageError, taskLanguage } from "../../../../src/lang/datalog/space/language.js";
import { shippedTask } from "../../../helpers/ilpTasks.js";
import { arbLanguageCase } from "./arbitraries.js";

const p2 = { name: "p", arity: 2 };
const q2 = { name: "q", arity: 2 };
const lang = (extensional: Predicate[], intensional: Predicate[]): DilpLanguage => new DilpLanguage({ extensional, intensional, constants: ["a"] });
const printed = (cs: readonly GeneratedClause[]): string[] => cs.map((c) => printClause(c.clause));
/** A clause up to the order of its body atoms. */
const bodyKey = (c: Clause): string => `${printAtom(c.head)} :- ${c.body.map(printAtom).sort().join(", ")}`;

describe("generateClauses: hand-computed cases", () => {
  it("τ = (0, false), q/2 over p/2: the 8 clauses of ∂ILP §4.2 (lernd test_cl_1), in that order", () => {
    expect(printed(generateClauses(lang([p2], [q2]), q2, { existential: 0, intensional: false }))).toEqual([
      "q(X, Y) :- p(X, X), p(X, Y).",
      "q(X, Y) :- p(X, X), p(Y, X).",
      "q(X, Y) :- p(X, X), p(Y, Y).",
      "q(X, Y) :- p(X, Y), p(X, Y).",
      "q(X, Y) :- p(X, Y), p(Y, X).",
      "q(X, Y) :- p(X, Y), p(Y, Y).",
      "q(X, Y) :- p(Y, X), p(Y, X).",
      "q(X, Y) :- p(Y, X), p(Y, Y).",
    ]);
  });

  it("τ = (1, true), q/2 over p/2: 58 clauses, starting as lernd test_cl_2 lists them", () => {
    const cs = generateClauses(lang([p2], [q2]), q2, { existential: 1, intensional: true });
    expect(cs).toHaveLength(58);
    expect(printed(cs.slice(0, 16))).toEqual([
      "q(X, Y) :- p(X, X), q(Y, X).",
      "q(X, Y) :- p(X, X), q(Y, Y).",
      "q(X, Y) :- p(X, X), q(Y, Z).",
      "q(X, Y) :- p(X, X), q(Z, Y).",
      "q(X, Y) :- p(X, Y), q(X, X).",
      "q(X, Y) :- p(X, Y), q(X, Z).",
      "q(X, Y) :- p(X, Y), q(Y, X).",
      "q(X, Y) :- p(X, Y), q(Y, Y).",
      "q(X, Y) :- p(X, Y), q(Y, Z).",
      "q(X, Y) :- p(X, Y), q(Z, X).",
      "q(X, Y) :- p(X, Y), q(Z, Y).",
      "q(X, Y) :- p(X, Y), q(Z, Z).",
      "q(X, Y) :- p(X, Z), q(Y, X).",
      "q(X, Y) :- p(X, Z), q(Y, Y).",
      "q(X, Y) :- p(X, Z), q(Y, Z).",
      "q(X, Y) :- p(X, Z), q(Z, Y).",
    ]);
    // Without restriction 5's "at least one intensional atom", the 26 p-only clauses of (1, false) come back.
    expect(generateClauses(lang([p2], [q2]), q2, { existential: 1, intensional: true }, { requireIntensional: false })).toHaveLength(84);
    expect(generateClauses(lang([p2], [q2]), q2, { existential: 1, intensional: false })).toHaveLength(26);
  });

  it("small unary cases", () => {
    const t1 = { name: "t", arity: 1 };
    // t(X) :- e(X), e(X) only.
    expect(printed(generateClauses(lang([{ name: "e", arity: 1 }], [t1]), t1, { existential: 0, intensional: false }))).toEqual(["t(X) :- e(X), e(X)."]);
    // Over {X, Y}: 4 atoms e(·,·), 10 unordered pairs, minus {e(Y,Y), e(Y,Y)} which lacks X.
    expect(generateClauses(lang([{ name: "e", arity: 2 }], [t1]), t1, { existential: 1, intensional: false })).toHaveLength(9);
    // cyclic (0, true) of examples/ilp/cyclic.dl: atoms over {X} are edge(X,X), pred1(X,X) (cyclic(X) is circular),
    // and one must be intensional: {edge, pred1} and {pred1, pred1}.
    const l = lang([{ name: "edge", arity: 2 }], [{ name: "cyclic", arity: 1 }, { name: "pred1", arity: 2 }]);
    expect(printed(generateClauses(l, { name: "cyclic", arity: 1 }, { existential: 0, intensional: true }))).toEqual([
      "cyclic(X) :- edge(X, X), pred1(X, X).",
      "cyclic(X) :- pred1(X, X), pred1(X, X).",
    ]);
    // A propositional head: target() :- e0, e0 is the only (0, false) clause over e0/0.
    const t0 = { name: "target", arity: 0 };
    expect(printed(generateClauses(lang([{ name: "e0", arity: 0 }], [t0]), t0, { existential: 0, intensional: false }))).toEqual(["target :- e0, e0."]);
  });

  it("rejects heads that are not intensional and negative v", () => {
    expect(() => generateClauses(lang([p2], [q2]), p2, { existential: 0, intensional: false })).toThrow(DilpLanguageError);
    expect(() => generateClauses(lang([p2], [q2]), q2, { existential: -1, intensional: false })).toThrow(DilpLanguageError);
  });
});

/** Brute force oracle: every ordered pair of atoms over the allowed predicates, filtered, deduplicated up to body order. */
function bruteForce(language: DilpLanguage, head: Predicate, template: RuleTemplate): Set<string> {
  const variables = Array.from({ length: head.arity + template.existential }, (_, i) => variableName(i));
  const tuples = (arity: number): string[][] => (arity === 0 ? [[]] : tuples(arity - 1).flatMap((t) => variables.map((v) => [...t, v])));
  const allowed = template.intensional ? language.predicates : language.extensional;
  const atoms: Atom[] = allowed.flatMap((p) => tuples(p.arity).map((args) => ({ predicate: p.name, args: args.map((name) => ({ kind: "var" as const, name })) })));
  const headAtom: Atom = { predicate: head.name, args: variables.slice(0, head.arity).map((name) => ({ kind: "var" as const, name })) };
  const out = new Set<string>();
  for (const a of atoms) {
    for (const b of atoms) {
      const c: Clause = { head: headAtom, body: [a, b] };
      const bodyVars = new Set([a, b].flatMap((x) => x.args.map((t) => t.name)));
      if (!headAtom.args.every((t) => bodyVars.has(t.name))) continue;
      if ([a, b].some((x) => printAtom(x) === printAtom(headAtom))) continue;
      if (template.intensional && ![a, b].some((x) => language.isIntensional(x.predicate))) continue;
      out.add(bodyKey(c));
    }
  }
  return out;
}

describe("generateClauses: properties", () => {
  it("every clause is safe, non-circular, constant-free, has two body atoms, fits τ; no duplicates; equals the brute-force set", () => {
    fc.assert(
      fc.property(arbLanguageCase(2, 2), ({ language, head, template }) => {
        const cs = generateClauses(language, head, template);
        const keys = new Set<string>();
        for (const { clause: c } of cs) {
          expect(c.body).toHaveLength(2);
          const headVars = c.head.args.map((t) => t.name);
          expect(new Set(headVars).size).toBe(head.arity);
          const bodyTerms = c.body.flatMap((a) => a.args);
          expect(bodyTerms.every((t) => t.kind === "var")).toBe(true);
          const bodyVars = new Set(bodyTerms.map((t) => t.name));
          expect(headVars.every((v) => bodyVars.has(v))).toBe(true); // safe
          expect(c.body.some((a) => printAtom(a) === printAtom(c.head))).toBe(false); // not circular
          expect([...bodyVars].filter((v) => !headVars.includes(v)).length).toBeLessThanOrEqual(template.existential);
          if (!template.intensional) expect(c.body.every((a) => !language.isIntensional(a.predicate))).toBe(true);
          else expect(c.body.some((a) => language.isIntensional(a.predicate))).toBe(true);
          keys.add(bodyKey(c));
        }
        expect(keys.size).toBe(cs.length); // no duplicates up to body order
        expect(keys).toEqual(bruteForce(language, head, template));
      }),
      { numRuns: 150 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(arbLanguageCase(2, 2), ({ language, head, template }) => {
        expect(printed(generateClauses(language, head, template))).toEqual(printed(generateClauses(language, head, template)));
      }),
      { numRuns: 30 },
    );
  });
});

const TASKS = [
  "predecessor", "even-odd", "even-succ2", "less-than", "fizz", "buzz", "member", "length",
  "son", "grandparent", "husband", "uncle", "relatedness", "father",
  "undirected-edge", "adjacent-to-red", "two-children", "graph-colouring", "connectedness", "cyclic",
];

/** |cl(τ)| per predicate and template of each task file (golden; see the table in the module report). */
const COUNTS: Record<string, Record<string, number[]>> = {
  predecessor: { predecessor: [15] },
  "even-odd": { even: [3, 17], pred1: [17] },
  "even-succ2": { even: [3, 38], pred1: [39] },
  "less-than": { less_than: [15, 67] },
  fizz: { fizz: [3, 87], pred1: [232], pred2: [39] },
  buzz: { buzz: [10, 74], pred3: [265] },
  member: { member: [30, 99] },
  length: { length: [43, 287], pred1: [287] },
  son: { son: [57], pred1: [72] },
  grandparent: { grandparent: [266], pred1: [30, 30] },
  husband: { husband: [102] },
  uncle: { uncle: [448], pred1: [116, 116] },
  relatedness: { related: [46, 175], pred1: [8, 8] },
  father: { father: [102] },
  "undirected-edge": { undirected_edge: [8, 8] },
  "adjacent-to-red": { adjacent_to_red: [31], pred1: [68] },
  "two-children": { two_children: [48], pred1: [102] },
  "graph-colouring": { colour_conflict: [48], pred1: [102] },
  connectedness: { connected: [8, 58] },
  cyclic: { cyclic: [2], pred1: [8, 80] },
};

describe.each(TASKS)("examples/ilp/%s.dl", (name) => {
  const task = shippedTask(name);
  const language = taskLanguage(task);
  const generated = generateTaskClauses(language, task);

  it("has the golden clause counts", () => {
    const counts = Object.fromEntries(generated.map((pc) => [pc.predicate.name, pc.clauses.map((cs) => cs.length)]));
    expect(counts).toEqual(COUNTS[name]);
  });

  it("generates the clauses of the reference solution (test/lang/datalog/solutions)", () => {
    const solution = parseDatalog(readFileSync(new URL(`../solutions/${name}.dl`, import.meta.url), "utf8"));
    for (const pc of generated) {
      const keys = pc.clauses.map((cs) => new Set(cs.map((c) => bodyKey(c.clause))));
      const mine = solution.clauses.filter((c) => c.head.predicate === pc.predicate.name);
      const fits = (c: Clause, slot: number): boolean => {
        const template = pc.templates[slot];
        const set = keys[slot];
        return template !== undefined && set !== undefined && renamings(c, template.existential).some((r) => set.has(bodyKey(r)));
      };
      const [c1, c2] = mine;
      const ok =
        c1 === undefined ||
        (c2 === undefined ? pc.templates.some((_, s) => fits(c1, s)) : (fits(c1, 0) && fits(c2, 1)) || (fits(c1, 1) && fits(c2, 0)));
      expect(ok, `${pc.predicate.name}: ${mine.map(printClause).join(" ")}`).toBe(true);
    }
  });
});

/**
 * A hand-written clause in generator form: head variables renamed X, Y by position, a one-atom
 * body doubled (∂ILP §4.2: one atom stands for two identical ones), and each injective renaming of
 * its existential variables onto the generator's names.
 */
function renamings(c: Clause, existential: number): Clause[] {
  const map = new Map<string, string>();
  c.head.args.forEach((t, i) => map.set(t.name, variableName(i)));
  const arity = c.head.args.length;
  const body = c.body.length === 1 && c.body[0] !== undefined ? [c.body[0], c.body[0]] : [...c.body];
  const free = [...new Set(body.flatMap((a) => a.args.map((t) => t.name)))].filter((v) => !map.has(v));
  const targets = Array.from({ length: existential }, (_, i) => variableName(arity + i));
  const out: Clause[] = [];
  const assign = (i: number, used: Set<string>): void => {
    if (i === free.length) {
      const rename = (a: Atom): Atom => ({ predicate: a.predicate, args: a.args.map((t) => ({ kind: "var", name: map.get(t.name) ?? t.name })) });
      out.push({ head: rename(c.head), body: body.map(rename) });
      return;
    }
    const v = free[i] ?? "";
    for (const t of targets) {
      if (used.has(t)) continue;
      map.set(v, t);
      assign(i + 1, new Set([...used, t]));
      map.delete(v);
    }
  };
  assign(0, new Set());
  return out;
}
