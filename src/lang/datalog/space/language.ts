import { InputError } from "../../../errors.js";
import type { GroundAtom, Predicate } from "../syntax.js";
import { intensionalPredicates, type IlpTask } from "../task.js";

/**
 * The language of an ∂ILP task (Evans & Grefenstette 2018, §3: a language L = (P_e, P_i, arity_e,
 * C)) and its ground atoms G (§4.1: "G is the set of all ground atoms", with the falsum ⊥ added so
 * that index 0 can pad the gather tensors of §4.3; a valuation always gives ⊥ the value 0).
 *
 * G is never materialised as strings: atoms of one predicate are contiguous and ordered
 * lexicographically by the indices of their constants, so an atom's index is arithmetic —
 * offset(p) + Σ_k c_k · n^(arity−1−k) for n constants. The order of G is ⊥, then the extensional
 * predicates in order of first appearance in the background, then the target, then the auxiliary
 * predicates in declaration order.
 */

/** Index of the falsum ⊥ in G (§4.3: pairs are padded with (0, 0), whose value is always 0). */
export const BOTTOM = 0;

/** ∂ILP restricts itself to nullary, unary and binary predicates (§4.2; seed slide "Restricting the Set of Rules"). */
export const MAX_ARITY = 2;

/** A task whose predicates lie outside ∂ILP's language (arity > 2, a name used twice). Exit code 2 in the CLI. */
export class DilpLanguageError extends InputError {}

export interface DilpLanguageParts {
  /** P_e: predicates of the background facts. */
  readonly extensional: readonly Predicate[];
  /** P_i: the target first, then the auxiliary (invented) predicates. */
  readonly intensional: readonly Predicate[];
  /** C: the constants, in the order that defines the atom order of G. */
  readonly constants: readonly string[];
}

export class DilpLanguage {
  readonly extensional: readonly Predicate[];
  readonly intensional: readonly Predicate[];
  /** Every predicate in G order: the extensional ones, then the intensional ones. */
  readonly predicates: readonly Predicate[];
  readonly constants: readonly string[];
  /** |G|, counting ⊥. */
  readonly size: number;
  private readonly byName = new Map<string, { readonly predicate: Predicate; readonly offset: number; readonly intensional: boolean }>();
  private readonly constantIndex = new Map<string, number>();
  /** offsets[i] is the index in G of the first atom of predicates[i]; offsets[predicates.length] = size. */
  private readonly offsets: readonly number[];

  constructor(parts: DilpLanguageParts) {
    this.extensional = [...parts.extensional];
    this.intensional = [...parts.intensional];
    this.predicates = [...this.extensional, ...this.intensional];
    this.constants = [...parts.constants];
    this.constants.forEach((c, i) => {
      if (this.constantIndex.has(c)) throw new DilpLanguageError(`constant ${c} is listed twice`);
      this.constantIndex.set(c, i);
    });
    const n = this.constants.length;
    const offsets: number[] = [];
    let next = BOTTOM + 1;
    this.predicates.forEach((p, i) => {
      if (!Number.isInteger(p.arity) || p.arity < 0 || p.arity > MAX_ARITY) {
        throw new DilpLanguageError(`predicate ${p.name}/${p.arity}: ∂ILP allows arity 0, 1 or 2 only`);
      }
      if (this.byName.has(p.name)) throw new DilpLanguageError(`predicate ${p.name} is declared twice`);
      this.byName.set(p.name, { predicate: p, offset: next, intensional: i >= this.extensional.length });
      offsets.push(next);
      next += n ** p.arity;
    });
    offsets.push(next);
    this.offsets = offsets;
    this.size = next;
  }

  /** The predicate called `name`, or undefined. */
  predicate(name: string): Predicate | undefined {
    return this.byName.get(name)?.predicate;
  }

  isIntensional(name: string): boolean {
    return this.byName.get(name)?.intensional ?? false;
  }

  /** Index in G of the first atom of a predicate (its atoms are the next n^arity indices). */
  offset(name: string): number {
    const entry = this.byName.get(name);
    if (entry === undefined) throw new RangeError(`unknown predicate ${name}`);
    return entry.offset;
  }

  /** Number of ground atoms of a predicate: n^arity. */
  count(name: string): number {
    const p = this.predicate(name);
    if (p === undefined) throw new RangeError(`unknown predicate ${name}`);
    return this.constants.length ** p.arity;
  }

  /** Index in G of `name(c_args[0], ...)`, given the indices of its constants. */
  atomIndex(name: string, args: readonly number[]): number {
    let index = 0;
    const n = this.constants.length;
    for (const c of args) index = index * n + c;
    return this.offset(name) + index;
  }

  /** Index in G of a ground atom, or undefined if its predicate or a constant is not in the language. */
  indexOf(g: GroundAtom): number | undefined {
    const entry = this.byName.get(g.predicate);
    if (entry === undefined || entry.predicate.arity !== g.args.length) return undefined;
    let index = 0;
    const n = this.constants.length;
    for (const name of g.args) {
      const c = this.constantIndex.get(name);
      if (c === undefined) return undefined;
      index = index * n + c;
    }
    return entry.offset + index;
  }

  /** The ground atom at index k of G; undefined for ⊥ (k = 0) and out-of-range k. */
  atomAt(k: number): GroundAtom | undefined {
    if (!Number.isInteger(k) || k <= BOTTOM || k >= this.size) return undefined;
    // Binary search over the offsets would do; the number of predicates is tiny.
    let i = 0;
    while ((this.offsets[i + 1] ?? Infinity) <= k) i++;
    const p = this.predicates[i];
    const start = this.offsets[i];
    if (p === undefined || start === undefined) return undefined;
    const n = this.constants.length;
    const args: string[] = new Array<string>(p.arity);
    let rest = k - start;
    for (let a = p.arity - 1; a >= 0; a--) {
      args[a] = this.constants[rest % n] ?? "";
      rest = Math.floor(rest / n);
    }
    return { predicate: p.name, args };
  }

  /** G without ⊥, in index order (index = position + 1). */
  *groundAtoms(): Generator<GroundAtom> {
    for (let k = BOTTOM + 1; k < this.size; k++) {
      const g = this.atomAt(k);
      if (g !== undefined) yield g;
    }
  }
}

export interface LanguageOptions {
  /** Constants to ground over instead of the training constants (e.g. the test world's). */
  readonly constants?: readonly string[];
}

/** The language of a task: P_e from the background, P_i = target + #aux, C = the training constants. */
export function taskLanguage(task: IlpTask, options: LanguageOptions = {}): DilpLanguage {
  return new DilpLanguage({
    extensional: task.extensional,
    intensional: intensionalPredicates(task),
    constants: options.constants ?? task.constants,
  });
}
