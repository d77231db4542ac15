/**
 * The stored tuples of one predicate for semi-naive evaluation (internal to lang/datalog).
 * Tuples get consecutive ids in insertion order, so "facts known before round r" and "facts new
 * in round r − 1" (the delta) are id ranges. Hash indexes on one argument position map a constant
 * to the ascending ids of the tuples holding it there; they are built lazily, the first time a
 * join looks a relation up by that position, and only for relations large enough to pay for it.
 */
export class Relation {
  readonly tuples: (readonly string[])[] = [];
  private readonly keys = new Set<string>();
  private readonly indexes = new Map<number, Map<string, number[]>>();

  constructor(readonly arity: number) {}

  /** Below this size a scan is as cheap as a lookup, so no index is built. */
  static readonly INDEX_THRESHOLD = 8;

  has(args: readonly string[]): boolean {
    return this.keys.has(args.join(","));
  }

  /** Appends a tuple unless present; returns whether it was new. */
  add(args: readonly string[]): boolean {
    const key = args.join(",");
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    const id = this.tuples.length;
    this.tuples.push(args);
    for (const [position, index] of this.indexes) {
      const value = args[position] as string;
      const ids = index.get(value);
      if (ids === undefined) index.set(value, [id]);
      else ids.push(id);
    }
    return true;
  }

  get size(): number {
    return this.tuples.length;
  }

  /**
   * Ids in [lo, hi) of tuples whose argument `position` is `value`, ascending, through the index
   * on `position`; `undefined` when the relation is too small to index (then scan the range).
   */
  lookup(position: number, value: string, lo: number, hi: number): number[] | undefined {
    if (this.tuples.length < Relation.INDEX_THRESHOLD) return undefined;
    let index = this.indexes.get(position);
    if (index === undefined) {
      index = new Map();
      this.tuples.forEach((tuple, id) => {
        const key = tuple[position] as string;
        const ids = (index as Map<string, number[]>).get(key);
        if (ids === undefined) (index as Map<string, number[]>).set(key, [id]);
        else ids.push(id);
      });
      this.indexes.set(position, index);
    }
    const ids = index.get(value);
    if (ids === undefined) return [];
    const start = lowerBound(ids, lo);
    const result: number[] = [];
    for (let k = start; k < ids.length && (ids[k] as number) < hi; k++) result.push(ids[k] as number);
    return result;
  }
}

/** First position in an ascending array whose value is ≥ `target`. */
function lowerBound(values: readonly number[], target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
