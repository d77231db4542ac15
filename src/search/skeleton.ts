/**
 * A generic enumerator of program skeletons (seed 002 §2: "a program synthesis algorithm searches a
 * high-level language for abstract program templates"). The language is given as data, a regular
 * tree grammar: productions with a result sort and the sorts of their children. The enumerator
 * knows nothing of what a production means; the meaning of a term (its lowering to assembly) lives
 * with the language that defines the grammar (systems/compile/templates.ts for seed 002).
 *
 * The size of a term is its number of nodes. Terms of sort s and size n are the productions p of
 * sort s with k children, each combined with every split of n − 1 into k positive child sizes and
 * every tuple of child terms of those sizes. A term decomposes uniquely into its production and
 * children, so this construction yields every term once: no duplicates without a membership test.
 * `enumerateTerms` yields the terms of the start sort by increasing size, and within a size in the
 * order of the productions, then of the child sizes, then of the children.
 */

export interface Production<N extends string = string, S extends string = string> {
  readonly name: N;
  readonly sort: S;
  readonly children: readonly S[];
  /** A payload the language attaches to a leaf (e.g. a literal); opaque to the enumerator. */
  readonly value?: number;
}

export interface Term<N extends string = string, S extends string = string> {
  readonly production: Production<N, S>;
  readonly children: readonly Term<N, S>[];
}

export interface EnumerateTermsOptions {
  /** Largest term size (nodes) to enumerate. */
  readonly maxSize: number;
}

export function termSize(term: Term): number {
  return term.children.reduce((size, child) => size + termSize(child), 1);
}

/** `name(child, …)`; a leaf prints as its value when it has one, else as its name. */
export function printTerm(term: Term): string {
  const { production, children } = term;
  if (children.length === 0) return production.value === undefined ? production.name : String(production.value);
  return `${production.name}(${children.map(printTerm).join(", ")})`;
}

/** Every way to write `total` as an ordered sum of `parts` positive integers. */
function* splits(total: number, parts: number): Generator<number[]> {
  if (parts === 0) {
    if (total === 0) yield [];
    return;
  }
  for (let first = 1; first <= total - (parts - 1); first++) {
    for (const rest of splits(total - first, parts - 1)) yield [first, ...rest];
  }
}

/** Every tuple whose i-th entry is drawn from `lists[i]`, the last position varying fastest. */
function* tuples<T>(lists: readonly (readonly T[])[]): Generator<T[]> {
  const [first, ...rest] = lists;
  if (first === undefined) {
    yield [];
    return;
  }
  for (const head of first) for (const tail of tuples(rest)) yield [head, ...tail];
}

/** The terms of one grammar, memoised per (sort, size). */
class TermTable<N extends string, S extends string> {
  private readonly bySort = new Map<S, Production<N, S>[]>();
  private readonly memo = new Map<string, Term<N, S>[]>();

  constructor(productions: readonly Production<N, S>[]) {
    for (const production of productions) this.bySort.set(production.sort, [...(this.bySort.get(production.sort) ?? []), production]);
  }

  /** The terms of `sort` with exactly `size` nodes. */
  of(sort: S, size: number): readonly Term<N, S>[] {
    const key = `${sort}\u0000${size}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const terms: Term<N, S>[] = [];
    for (const production of this.bySort.get(sort) ?? []) {
      for (const sizes of splits(size - 1, production.children.length)) {
        const lists = production.children.map((child, i) => this.of(child, sizes[i] as number));
        for (const children of tuples(lists)) terms.push({ production, children });
      }
    }
    this.memo.set(key, terms);
    return terms;
  }
}

/** The terms of sort `start` with at most `options.maxSize` nodes, smallest first, each once. */
export function* enumerateTerms<N extends string, S extends string>(
  productions: readonly Production<N, S>[],
  start: S,
  options: EnumerateTermsOptions,
): Generator<Term<N, S>> {
  const { maxSize } = options;
  if (!Number.isInteger(maxSize) || maxSize < 0) throw new RangeError(`maxSize must be a non-negative integer, got ${maxSize}`);
  const table = new TermTable(productions);
  for (let size = 1; size <= maxSize; size++) yield* table.of(start, size);
}
