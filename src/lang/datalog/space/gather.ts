import type { GeneratedClause } from "./clauses.js";
import { BOTTOM, type DilpLanguage } from "./language.js";

/**
 * The gather tensor X_c of a generated clause c (Evans & Grefenstette 2018, §4.3): for each ground
 * atom γ_k of G, the list of pairs (a1, a2) of atom indices such that some substitution θ makes
 * the head of c equal to γ_k and the body atoms equal to γ_a1, γ_a2; padded with (0, 0) — the
 * falsum ⊥, valued 0 — to the width w of the longest list. The valuation step is then
 * F_c(a)[k] = max_m a[X_c[k, m, 0]] · a[X_c[k, m, 1]].
 *
 * Memory (the limitation the seed's "Limitations" slide names): only atoms of the head predicate
 * have non-empty lists, and those atoms are contiguous in G (language.ts), so the tensor is stored
 * as the rows of the head predicate only: `pairs` has shape [rows, w, 2] and row r is γ at index
 * `rowOffset + r`. Every other row of the paper's [|G|, w, 2] tensor is all (0, 0); `denseGather`
 * builds that form when needed.
 *
 * Because G holds every atom over the predicates and constants, every substitution of the head
 * variables and the existential variables used in the body grounds the body to atoms of G; so
 * every head row has exactly n^e pairs, for n constants and e existential variables used, and
 * w = n^e with no padding inside the head rows. Distinct substitutions give distinct pairs
 * because each used existential variable occurs in a body atom.
 */
export interface GatherTensor {
  /** Index in G of the first head-predicate atom (the first stored row). */
  readonly rowOffset: number;
  /** Number of stored rows: n^arity(head). */
  readonly rows: number;
  /** w: pairs per row. */
  readonly width: number;
  /** [rows, width, 2], row-major: pairs[(r·w + m)·2 + s]. */
  readonly pairs: Int32Array;
}

/** X_c for one clause, stored sparsely as the head predicate's rows (see GatherTensor). */
export function gatherTensor(language: DilpLanguage, generated: GeneratedClause): GatherTensor {
  const n = language.constants.length;
  const head = generated.head;
  const arity = head.arity;
  const [b1, b2] = generated.body;
  // Existential variables actually used, in increasing index order; each gets a digit of the
  // substitution code, the last one varying fastest.
  const existential = [...new Set([...b1.vars, ...b2.vars])].filter((v) => v >= arity).sort((x, y) => x - y);
  const rows = n ** arity;
  const width = n ** existential.length;
  const pairs = new Int32Array(rows * width * 2);
  const offset1 = language.offset(b1.predicate.name);
  const offset2 = language.offset(b2.predicate.name);
  const slot = new Int32Array(arity + generated.template.existential);
  // Position of each variable's constant within an atom index: atom = offset + Σ c_k · n^(arity−1−k).
  const index = (offset: number, vars: readonly number[]): number => {
    let k = 0;
    for (const v of vars) k = k * n + (slot[v] ?? 0);
    return offset + k;
  };
  let out = 0;
  for (let r = 0; r < rows; r++) {
    let rest = r;
    for (let a = arity - 1; a >= 0; a--) {
      slot[a] = rest % n;
      rest = Math.floor(rest / n);
    }
    for (let m = 0; m < width; m++) {
      let code = m;
      for (let e = existential.length - 1; e >= 0; e--) {
        slot[existential[e] ?? 0] = code % n;
        code = Math.floor(code / n);
      }
      pairs[out++] = index(offset1, b1.vars);
      pairs[out++] = index(offset2, b2.vars);
    }
  }
  return { rowOffset: language.offset(head.name), rows, width, pairs };
}

/** The pairs of ground atom k (its row of X_c without padding); empty for atoms of other predicates. */
export function pairsOf(tensor: GatherTensor, k: number): [number, number][] {
  const r = k - tensor.rowOffset;
  if (r < 0 || r >= tensor.rows) return [];
  const out: [number, number][] = [];
  for (let m = 0; m < tensor.width; m++) {
    const base = (r * tensor.width + m) * 2;
    const a1 = tensor.pairs[base] ?? BOTTOM;
    const a2 = tensor.pairs[base + 1] ?? BOTTOM;
    if (a1 !== BOTTOM || a2 !== BOTTOM) out.push([a1, a2]);
  }
  return out;
}

/** The paper's dense X_c, shape [|G|, w, 2], all rows but the head predicate's being (0, 0). */
export function denseGather(language: DilpLanguage, tensor: GatherTensor): Int32Array {
  const dense = new Int32Array(language.size * tensor.width * 2);
  dense.set(tensor.pairs, tensor.rowOffset * tensor.width * 2);
  return dense;
}

/**
 * Bytes `gatherTensor` will allocate for a clause, known before it is built: n^arity(head) rows of
 * n^e pairs, that is n^(variable count) pairs of two int32 indices.
 */
export function plannedGatherBytes(language: DilpLanguage, generated: GeneratedClause): number {
  return language.constants.length ** generated.variableCount * 2 * Int32Array.BYTES_PER_ELEMENT;
}

/** Bytes of the stored (sparse) tensor and of the paper's dense one, for memory reports. */
export function gatherBytes(language: DilpLanguage, tensor: GatherTensor): { readonly stored: number; readonly dense: number } {
  return { stored: tensor.pairs.byteLength, dense: language.size * tensor.width * 2 * Int32Array.BYTES_PER_ELEMENT };
}
