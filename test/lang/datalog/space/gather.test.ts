import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { groundAtomKey, type Atom, type GroundAtom } from "../../../../src/lang/datalog/syntax.js";
import { generateClauses, type GeneratedClause } from "../../../../src/lang/datalog/space/clauses.js";
import { denseGather, gatherBytes, gatherTensor, pairsOf } from "../../../../src/lang/datalog/space/gather.js";
import { BOTTOM, DilpLanguage } from "../../../../src/lang/datalog/space/language.js";
import { arbLanguageCase } from "./arbitraries.js";

describe("gatherTensor", () => {
  // crunchiness/lernd test_make_xc / test_make_xc_tensor: r(X,Y) ← p(X,Z), q(Z,Y) over {a, b}.
  const language = new DilpLanguage({
    extensional: [{ name: "p", arity: 2 }, { name: "q", arity: 2 }],
    intensional: [{ name: "r", arity: 2 }],
    constants: ["a", "b"],
  });
  const clause = generateClauses(language, { name: "r", arity: 2 }, { existential: 1, intensional: false }).find(
    (c) => c.clause.body.map((a) => `${a.predicate}(${a.args.map((t) => t.name).join(",")})`).join(" ") === "p(X,Z) q(Z,Y)",
  );

  it("matches the worked example (golden)", () => {
    expect(clause).toBeDefined();
    if (clause === undefined) return;
    const t = gatherTensor(language, clause);
    expect(t).toMatchObject({ rowOffset: 9, rows: 4, width: 2 });
    expect([9, 10, 11, 12].map((k) => pairsOf(t, k))).toEqual([
      [[1, 5], [2, 7]],
      [[1, 6], [2, 8]],
      [[3, 5], [4, 7]],
      [[3, 6], [4, 8]],
    ]);
    expect(pairsOf(t, 1)).toEqual([]);
    const dense = denseGather(language, t);
    expect(dense).toHaveLength(13 * 2 * 2);
    expect([...dense.subarray(0, 9 * 4)].every((x) => x === BOTTOM)).toBe(true);
    expect([...dense.subarray(9 * 4)]).toEqual([1, 5, 2, 7, 1, 6, 2, 8, 3, 5, 4, 7, 3, 6, 4, 8]);
    expect(gatherBytes(language, t)).toEqual({ stored: 64, dense: 208 });
  });

  it("each pair grounds the clause to its row's atom, and every grounding appears (brute force)", () => {
    fc.assert(
      fc.property(arbLanguageCase(3, 2), fc.nat(), ({ language: l, head, template }, pick) => {
        const cs = generateClauses(l, head, template);
        const c = cs[pick % Math.max(cs.length, 1)];
        if (c === undefined) return;
        const t = gatherTensor(l, c);
        expect(t.pairs).toHaveLength(t.rows * t.width * 2);
        const expected = groundings(l, c);
        for (let k = 1; k < l.size; k++) {
          const pairs = pairsOf(t, k);
          const g = l.atomAt(k);
          const want = g === undefined ? [] : expected.get(groundAtomKey(g)) ?? [];
          expect(pairs.map(([a, b]) => `${a},${b}`).sort()).toEqual([...new Set(want)].sort());
          expect(pairs.every(([a, b]) => a !== BOTTOM && b !== BOTTOM)).toBe(true);
        }
        const dense = denseGather(l, t);
        expect(dense).toHaveLength(l.size * t.width * 2);
      }),
      { numRuns: 150 },
    );
  });

  it("is deterministic", () => {
    if (clause === undefined) return;
    expect(gatherTensor(language, clause).pairs).toEqual(gatherTensor(language, clause).pairs);
  });
});

/** Independent oracle: all substitutions of all clause variables, grouped by the grounded head. */
function groundings(l: DilpLanguage, c: GeneratedClause): Map<string, string[]> {
  const vars = [...new Set([c.clause.head, ...c.clause.body].flatMap((a) => a.args.map((t) => t.name)))];
  const out = new Map<string, string[]>();
  const ground = (a: Atom, theta: Map<string, string>): GroundAtom => ({ predicate: a.predicate, args: a.args.map((t) => theta.get(t.name) ?? "?") });
  const visit = (i: number, theta: Map<string, string>): void => {
    if (i === vars.length) {
      const [b1, b2] = c.clause.body;
      if (b1 === undefined || b2 === undefined) return;
      const key = groundAtomKey(ground(c.clause.head, theta));
      const list = out.get(key) ?? [];
      list.push(`${l.indexOf(ground(b1, theta))},${l.indexOf(ground(b2, theta))}`);
      out.set(key, list);
      return;
    }
    for (const k of l.constants) visit(i + 1, new Map([...theta, [vars[i] ?? "", k]]));
  };
  visit(0, new Map());
  return out;
}
