import type { BodyAtom } from "../lang/datalog/space/clauses.js";
import type { DilpLanguage } from "../lang/datalog/space/language.js";
import type { SlotSpace } from "../lang/datalog/space/programSpace.js";

/**
 * A rule template's clauses cl(τ) factored by body position, for the SAT encoding (ilpSat.ts).
 *
 * Every clause of a slot has two body atoms (§4.2), b1 and b2 in canonical order. Exactly one
 * clause per slot is chosen, so "the chosen clause's body holds under substitution σ" equals
 * (⋁_i u1_i ∧ d(b1_i σ)) ∧ (⋁_j u2_j ∧ d(b2_j σ)), where b1_i ranges over the distinct first body
 * atoms of the slot's clauses, and u1_i is true iff the chosen clause's first body atom is b1_i
 * (likewise u2_j). That costs |b1| + |b2| operands per substitution instead of one per clause:
 * 78 instead of 287 for length's recursive template.
 *
 * The literals at a position are grouped by the variables they use, and the disjunction over a
 * group depends only on those variables' values: the solver builds it once per ground
 * combination and step and shares it across head atoms and substitutions (ilpSat.ts).
 *
 * σ ranges over all n^v assignments of the template's v existential variables, whether or not a
 * clause uses them; a clause that does not use one gets the same atoms for every value, which
 * changes nothing under ∃.
 */
export interface BodyLiteral {
  /** Positions in the slot's cl(τ) of the clauses with this atom at this body position. */
  readonly clauses: readonly number[];
  /** Index in G of this atom under head row r and substitution σ, at [r · width + σ]. */
  readonly atoms: Int32Array;
  /** The variables it uses, e.g. "0,2". */
  readonly uses: string;
}

export interface FactoredSlot {
  /** n^v substitutions of the existential variables. */
  readonly width: number;
  /** The distinct first body atoms, and the distinct second ones. */
  readonly positions: readonly [readonly BodyLiteral[], readonly BodyLiteral[]];
  /** Per position, the literals (indices into `positions`) grouped by the set of variables they use. */
  readonly groups: readonly [readonly (readonly number[])[], readonly (readonly number[])[]];
}

export function factorSlot(language: DilpLanguage, slot: SlotSpace): FactoredSlot {
  const first = slot.clauses[0];
  if (first === undefined) throw new RangeError("factorSlot: a slot without clauses");
  const n = language.constants.length;
  const arity = first.head.arity;
  const v = first.template.existential;
  const rows = n ** arity;
  const width = n ** v;
  const values = new Int32Array(arity + v);
  const literals = (position: 0 | 1): BodyLiteral[] => {
    const byKey = new Map<string, { atom: BodyAtom; clauses: number[] }>();
    slot.clauses.forEach((c, j) => {
      const atom = c.body[position];
      const key = `${atom.predicate.name}(${atom.vars.join(",")})`;
      const entry = byKey.get(key) ?? { atom, clauses: [] };
      entry.clauses.push(j);
      byKey.set(key, entry);
    });
    return [...byKey.values()].map(({ atom, clauses }) => {
      const uses = [...new Set(atom.vars)].sort((x, y) => x - y).join(",");
      const offset = language.offset(atom.predicate.name);
      const atoms = new Int32Array(rows * width);
      for (let r = 0; r < rows; r++) {
        // Variables 0..arity−1 take the head row's constants, arity.. the substitution's (the last varying fastest), as in gather.ts.
        for (let a = arity - 1, rest = r; a >= 0; a--, rest = Math.floor(rest / n)) values[a] = rest % n;
        for (let s = 0; s < width; s++) {
          for (let e = v - 1, rest = s; e >= 0; e--, rest = Math.floor(rest / n)) values[arity + e] = rest % n;
          let k = 0;
          for (const x of atom.vars) k = k * n + (values[x] as number);
          atoms[r * width + s] = offset + k;
        }
      }
      return { clauses, atoms, uses };
    });
  };
  const groups = (lits: readonly { uses: string }[]): number[][] => {
    const byUses = new Map<string, number[]>();
    lits.forEach((l, i) => byUses.set(l.uses, [...(byUses.get(l.uses) ?? []), i]));
    return [...byUses.values()];
  };
  const first0 = literals(0);
  const second = literals(1);
  return { width, positions: [first0, second], groups: [groups(first0), groups(second)] };
}
