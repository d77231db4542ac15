/**
 * Skeleton synthesis as a search loop, generic over the language (DESIGN principle 2): candidates
 * arrive in enumeration order (skeleton.ts), each is lowered by the language, scored by an exact
 * check against examples, and the first that passes every example and the final acceptance test
 * is the solution. Along the way the loop keeps the best-scoring failures — the near misses that
 * seed 002 hands to gradient tuning ("program synthesis will recover many of the program
 * structures […], some of which will be near-misses to a desired program", §3).
 */

export interface SkeletonSearch<T, P> {
  /** Candidate terms, smallest first. */
  readonly terms: Iterable<T>;
  /** The program of a term. */
  lower(term: T): P;
  /**
   * The exact check: the fraction of the examples' checked values the program gets right (1: all),
   * and a key of its behaviour on the examples (its outputs), so that of the near misses that
   * behave the same only the first is kept (observational equivalence).
   */
  check(program: P): { readonly score: number; readonly behaviour: string };
  /** A final check of a program that scores 1 (e.g. on held-out examples); default: accept. */
  accept?(program: P): boolean;
  /** Whether a failing program may be kept as a near miss (e.g. only compilable ones). */
  eligible?(program: P): boolean;
  /** How many near misses to keep (default 0). */
  readonly keep?: number;
  /** Stop after this many candidates (default: all). */
  readonly limit?: number;
}

export interface Scored<T, P> {
  readonly term: T;
  readonly program: P;
  readonly score: number;
  /** The candidate's position in the enumeration (0-based). */
  readonly index: number;
}

export interface SkeletonSearchResult<T, P> {
  readonly solution: Scored<T, P> | null;
  /**
   * The best failing eligible candidates, best score first, earlier (smaller) first among equals;
   * a candidate that behaves like one kept is skipped.
   */
  readonly nearMisses: readonly Scored<T, P>[];
  /** Candidates lowered and checked. */
  readonly tried: number;
}

export function searchSkeletons<T, P>(search: SkeletonSearch<T, P>): SkeletonSearchResult<T, P> {
  const keep = search.keep ?? 0;
  const limit = search.limit ?? Infinity;
  if (!Number.isInteger(keep) || keep < 0) throw new RangeError(`keep must be a non-negative integer, got ${keep}`);
  const nearMisses: Scored<T, P>[] = [];
  const behaviours: string[] = [];
  let tried = 0;
  for (const term of search.terms) {
    if (tried >= limit) break;
    const program = search.lower(term);
    const { score, behaviour } = search.check(program);
    const scored = { term, program, score, index: tried };
    tried++;
    if (score === 1 && (search.accept?.(program) ?? true)) return { solution: scored, nearMisses, tried };
    if (keep === 0 || behaviours.includes(behaviour) || !(search.eligible?.(program) ?? true)) continue;
    // Insert after every candidate with at least this score: ties keep enumeration order.
    const at = nearMisses.findIndex((other) => other.score < score);
    if (at === -1 && nearMisses.length >= keep) continue;
    nearMisses.splice(at === -1 ? nearMisses.length : at, 0, scored);
    behaviours.splice(at === -1 ? behaviours.length : at, 0, behaviour);
    if (nearMisses.length > keep) {
      nearMisses.pop();
      behaviours.pop();
    }
  }
  return { solution: null, nearMisses, tried };
}
