import { groundAtomKey, type GroundAtom } from "./syntax.js";

/** A duplicate-free set of ground atoms that remembers insertion order, grouped by predicate. */
export class FactSet implements Iterable<GroundAtom> {
  private readonly keys = new Set<string>();
  private readonly byPredicate = new Map<string, GroundAtom[]>();
  private readonly ordered: GroundAtom[] = [];

  constructor(facts: Iterable<GroundAtom> = []) {
    for (const fact of facts) this.add(fact);
  }

  /** Adds a fact; returns false if it was already present. */
  add(fact: GroundAtom): boolean {
    const key = groundAtomKey(fact);
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    this.ordered.push(fact);
    const list = this.byPredicate.get(fact.predicate);
    if (list === undefined) this.byPredicate.set(fact.predicate, [fact]);
    else list.push(fact);
    return true;
  }

  has(fact: GroundAtom): boolean {
    return this.keys.has(groundAtomKey(fact));
  }

  get size(): number {
    return this.ordered.length;
  }

  /** The facts of one predicate, in insertion order (empty if none). */
  ofPredicate(name: string): readonly GroundAtom[] {
    return this.byPredicate.get(name) ?? [];
  }

  /** Predicate names with at least one fact, in order of first insertion. */
  predicates(): string[] {
    return [...this.byPredicate.keys()];
  }

  [Symbol.iterator](): Iterator<GroundAtom> {
    return this.ordered[Symbol.iterator]();
  }
}

/** Result of bottom-up evaluation. */
export interface Evaluation {
  /** The given facts followed by the derived ones, round by round. */
  readonly facts: FactSet;
  /**
   * Number of rounds that derived at least one new fact. A round applies every rule once to all
   * facts known before it (the immediate-consequence operator T_P), so after `steps` rounds the
   * facts are T_P^steps(facts): ∂ILP's T steps of forward chaining (§4.4) computed exactly.
   */
  readonly steps: number;
  /** True iff the last round derived nothing, i.e. `facts` is the least fixpoint (the least model). */
  readonly reachedFixpoint: boolean;
}

export interface EvaluationOptions {
  /** Stop after this many productive rounds (default: run to the fixpoint). */
  readonly maxSteps?: number;
}

export function checkMaxSteps(maxSteps: number): void {
  if (maxSteps !== Infinity && (!Number.isInteger(maxSteps) || maxSteps < 0)) {
    throw new RangeError(`maxSteps must be a non-negative integer, got ${maxSteps}`);
  }
}
