/**
 * Syntax of Datalog: function-free definite clauses (Evans & Grefenstette 2018, "Learning
 * Explanatory Rules from Noisy Data", §2.1: "a definite clause is a rule of the form
 * α ← α1, ..., αm where each α is an atom"; terms are variables or constants, never function
 * applications, so the Herbrand base of a finite program is finite and bottom-up evaluation halts).
 *
 * Names follow Prolog: variables start with an uppercase letter (`X`, `Y1`), constants with a
 * lowercase letter or a digit (`a`, `bob`, `0`, `10`), predicates with a lowercase letter. A
 * predicate is identified by its name; every use of a name has the same arity (checked by
 * check.ts), so `name/arity` and `name` denote the same predicate.
 */

export type DatalogTerm =
  | { readonly kind: "var"; readonly name: string }
  | { readonly kind: "const"; readonly name: string };

/** `predicate(t1, ..., tn)`; n = 0 is a propositional atom, printed without parentheses. */
export interface Atom {
  readonly predicate: string;
  readonly args: readonly DatalogTerm[];
}

/** A definite clause `head :- body.`; an empty body makes it a fact (then the head must be ground). */
export interface Clause {
  readonly head: Atom;
  readonly body: readonly Atom[];
}

/** A Datalog program: clauses in the order written (order never changes the meaning). */
export interface DatalogProgram {
  readonly clauses: readonly Clause[];
}

/** A ground atom (every argument a constant): the unit of facts, models and examples. */
export interface GroundAtom {
  readonly predicate: string;
  readonly args: readonly string[];
}

/** A predicate symbol with its arity, written `name/arity` (∂ILP §3: "p/n"). */
export interface Predicate {
  readonly name: string;
  readonly arity: number;
}

export const VARIABLE_NAME = /^[A-Z][A-Za-z0-9_]*$/u;
export const CONSTANT_NAME = /^[a-z0-9][A-Za-z0-9_]*$/u;
export const PREDICATE_NAME = /^[a-z][A-Za-z0-9_]*$/u;

export const varTerm = (name: string): DatalogTerm => ({ kind: "var", name });
export const constTerm = (name: string): DatalogTerm => ({ kind: "const", name });

/** An atom from argument names: uppercase-initial names become variables, the rest constants. */
export function atom(predicate: string, ...args: readonly string[]): Atom {
  return { predicate, args: args.map((name) => (VARIABLE_NAME.test(name) ? varTerm(name) : constTerm(name))) };
}

export const clause = (head: Atom, ...body: readonly Atom[]): Clause => ({ head, body });
export const groundAtom = (predicate: string, ...args: readonly string[]): GroundAtom => ({ predicate, args });

/** The ground atom of an atom without variables, or `undefined` if it has one. */
export function toGround(a: Atom): GroundAtom | undefined {
  const args: string[] = [];
  for (const term of a.args) {
    if (term.kind === "var") return undefined;
    args.push(term.name);
  }
  return { predicate: a.predicate, args };
}

/** A ground atom as an atom whose terms are all constants. */
export function fromGround(g: GroundAtom): Atom {
  return { predicate: g.predicate, args: g.args.map(constTerm) };
}

/**
 * A string identifying a ground atom, `p(a,b)` (`p()` for arity 0). Injective because constant
 * and predicate names cannot contain `(`, `,` or `)`.
 */
export function groundAtomKey(g: GroundAtom): string {
  return `${g.predicate}(${g.args.join(",")})`;
}

/** `name/arity`, as written in task files and error messages. */
export function predicateKey(p: Predicate): string {
  return `${p.name}/${p.arity}`;
}

/** Variables of a clause in order of first occurrence, head first. */
export function clauseVariables(c: Clause): string[] {
  const seen = new Set<string>();
  for (const a of [c.head, ...c.body]) {
    for (const term of a.args) if (term.kind === "var") seen.add(term.name);
  }
  return [...seen];
}
