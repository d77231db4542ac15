import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { enumerateTerms, printTerm, termSize, type Production, type Term } from "../../src/search/skeleton.js";
import { searchSkeletons } from "../../src/search/skeletonSearch.js";

// A random regular tree grammar: sorts s0..s2, productions p0, p1, … with 0..3 children each.
const SORTS = ["s0", "s1", "s2"] as const;
type Sort = (typeof SORTS)[number];

const arbGrammar: fc.Arbitrary<Production<string, Sort>[]> = fc
  .array(fc.tuple(fc.constantFrom(...SORTS), fc.array(fc.constantFrom(...SORTS), { maxLength: 3 })), { minLength: 1, maxLength: 7 })
  .map((rows) => rows.map(([sort, children], k) => ({ name: `p${k}`, sort, children })));

/** Terms of `sort` drawn by random production choices (depth-bounded), independent of the enumerator. */
function arbTerm(grammar: readonly Production<string, Sort>[], sort: Sort, depth: number): fc.Arbitrary<Term<string, Sort> | null> {
  const choices = grammar.filter((p) => p.sort === sort && (depth > 0 || p.children.length === 0));
  if (choices.length === 0) return fc.constant(null);
  return fc.constantFrom(...choices).chain((production) =>
    fc.tuple(...production.children.map((child) => arbTerm(grammar, child, depth - 1))).map((children) =>
      children.every((c) => c !== null) ? { production, children: children } : null,
    ),
  );
}

/** The number of terms of `sort` with exactly `size` nodes, by the recurrence over productions. */
function countTerms(grammar: readonly Production<string, Sort>[], sort: Sort, size: number): number {
  if (size < 1) return 0;
  const splitCounts = (children: readonly Sort[], total: number): number => {
    const [first, ...rest] = children;
    if (first === undefined) return total === 0 ? 1 : 0;
    let sum = 0;
    for (let n = 1; n <= total; n++) sum += countTerms(grammar, first, n) * splitCounts(rest, total - n);
    return sum;
  };
  return grammar.filter((p) => p.sort === sort).reduce((sum, p) => sum + splitCounts(p.children, size - 1), 0);
}

const MAX_SIZE = 6;

describe("enumerateTerms (generic skeleton enumerator)", () => {
  it("yields no duplicates, in order of size, each of the start sort and well-formed", () => {
    fc.assert(
      fc.property(arbGrammar, fc.constantFrom(...SORTS), (grammar, start) => {
        const terms = [...enumerateTerms(grammar, start, { maxSize: MAX_SIZE })].slice(0, 5000);
        const keys = terms.map(printTerm);
        expect(new Set(keys).size).toBe(keys.length);
        const sizes = terms.map(termSize);
        sizes.forEach((size, k) => {
          expect(size).toBeLessThanOrEqual(MAX_SIZE);
          if (k > 0) expect(size).toBeGreaterThanOrEqual(sizes[k - 1] as number);
        });
        const wellFormed = (term: Term<string, Sort>, sort: Sort): boolean =>
          term.production.sort === sort && term.children.length === term.production.children.length && term.children.every((c, i) => wellFormed(c, term.production.children[i] as Sort));
        expect(terms.every((t) => wellFormed(t, start))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("yields exactly as many terms of each size as the grammar has", () => {
    fc.assert(
      fc.property(arbGrammar, fc.constantFrom(...SORTS), (grammar, start) => {
        const bySize = new Map<number, number>();
        let seen = 0;
        for (const term of enumerateTerms(grammar, start, { maxSize: 5 })) {
          bySize.set(termSize(term), (bySize.get(termSize(term)) ?? 0) + 1);
          if (++seen > 20000) return;
        }
        for (let size = 1; size <= 5; size++) expect(bySize.get(size) ?? 0).toBe(countTerms(grammar, start, size));
      }),
      { numRuns: 200 },
    );
  });

  it("contains every term of at most maxSize nodes (terms drawn independently of the enumerator)", () => {
    const grammar: Production<string, Sort>[] = [
      { name: "leaf", sort: "s0", children: [] },
      { name: "one", sort: "s1", children: [], value: 1 },
      { name: "un", sort: "s0", children: ["s0"] },
      { name: "bin", sort: "s0", children: ["s0", "s1"] },
      { name: "tri", sort: "s1", children: ["s0", "s0", "s1"] },
    ];
    const all = new Set([...enumerateTerms(grammar, "s0", { maxSize: 8 })].map(printTerm));
    fc.assert(
      fc.property(arbTerm(grammar, "s0", 4), (term) => {
        if (term === null || termSize(term) > 8) return;
        expect(all.has(printTerm(term))).toBe(true);
      }),
    );
  });

  it("prints terms with leaf values", () => {
    const leaf = { name: "literal", sort: "s0" as const, children: [], value: 3 };
    const node = { name: "f", sort: "s0" as const, children: ["s0", "s0"] as Sort[] };
    expect(printTerm({ production: node, children: [{ production: leaf, children: [] }, { production: { ...leaf, value: undefined }, children: [] }] })).toBe("f(3, literal)");
  });

  it("rejects a bad maxSize", () => {
    expect(() => [...enumerateTerms([], "s0", { maxSize: -1 })]).toThrow(RangeError);
  });
});

describe("searchSkeletons (generic search loop)", () => {
  // The "language": integers; a program is its own value, scored by a random table.
  const arbCase = fc.record({
    scores: fc.array(fc.constantFrom(0, 0.25, 0.5, 0.75, 1), { minLength: 1, maxLength: 40 }),
    behaviours: fc.array(fc.nat({ max: 5 }), { minLength: 40, maxLength: 40 }),
    rejected: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
    keep: fc.nat({ max: 5 }),
  });

  it("returns the first accepted perfect candidate, and the best distinct near misses before it", () => {
    fc.assert(
      fc.property(arbCase, ({ scores, behaviours, rejected, keep }) => {
        const result = searchSkeletons({
          terms: scores.map((_, k) => k),
          lower: (k: number) => k,
          check: (k) => ({ score: scores[k] as number, behaviour: String(behaviours[k]) }),
          accept: (k) => !(rejected[k] as boolean),
          eligible: (k) => k % 3 !== 2,
          keep,
        });
        const first = scores.findIndex((s, k) => s === 1 && !(rejected[k] as boolean));
        expect(result.solution?.term ?? -1).toBe(first);
        expect(result.tried).toBe(first === -1 ? scores.length : first + 1);
        const misses = result.nearMisses;
        expect(misses.length).toBeLessThanOrEqual(keep);
        expect(new Set(misses.map((m) => behaviours[m.term])).size).toBe(misses.length);
        for (let k = 1; k < misses.length; k++) {
          const [a, b] = [misses[k - 1], misses[k]] as [(typeof misses)[number], (typeof misses)[number]];
          expect(a.score > b.score || (a.score === b.score && a.index < b.index)).toBe(true);
        }
        for (const m of misses) {
          expect(m.term % 3).not.toBe(2);
          expect(m.term).toBeLessThan(result.tried);
          expect(m.score === 1 && !(rejected[m.term] as boolean)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
