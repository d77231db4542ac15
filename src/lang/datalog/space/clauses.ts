import type { Atom, Clause, Predicate } from "../syntax.js";
import type { IlpTask, RuleTemplate } from "../task.js";
import { DilpLanguageError, type DilpLanguage } from "./language.js";

/**
 * Clause generation cl(τ) for one rule template τ = (v, int) and one head predicate (Evans &
 * Grefenstette 2018, §4.2). The restrictions, and where each comes from:
 *
 * 1. No constants: body atoms are over variables only (§4.2; seed slide "Restricting the Set of
 *    Rules": "We do not allow any constants in rules").
 * 2. Predicates of arity 0, 1 or 2 (§4.2; same slide). Checked by DilpLanguage.
 * 3. Exactly two atoms in the body (§4.2; same slide). The two may be identical, which is how a
 *    one-atom body such as `fizz(X) :- zero(X)` is expressed (§4.2's list for τ = (0, False) has
 *    `q(X,Y) ← p(X,Y), p(X,Y)`; crunchiness/lernd test_cl_1 reproduces that list of 8 clauses).
 * 4. The head is p(X0, ..., X(arity−1)) with distinct variables; the body ranges over those and
 *    *up to* v existential variables: v is the number "allowed", not required (§4.2; lernd
 *    `cl` and the ∂ILP reimplementation of ai-systems/DILP-core both enumerate body atoms over
 *    arity + v variables without requiring each existential one to occur; lernd test_cl_2 lists
 *    `q(A,B) <- p(A,B), q(A,A)` under τ = (1, True)).
 * 5. int = False: body predicates are extensional only. int = True: body predicates may be any
 *    predicate, intensional ones (including the head predicate: recursion) too, and at least one
 *    body atom must be intensional — otherwise the clause is one the (v, False) template already
 *    has. This is lernd's `check_int_flag_satisfied`; with it τ = (1, True) over P_e = {p/2},
 *    P_i = {q/2} yields 58 clauses (lernd test_cl_2, whose listed clauses all mix p and q); the
 *    option `requireIntensional: false` drops it.
 * 6. No unsafe clauses: every head variable occurs in the body (§4.2).
 * 7. No circular clauses: the head atom does not occur in the body (§4.2).
 * 8. No duplicates: clauses equal up to the order of the body atoms are generated once (§4.2), by
 *    generating body pairs (a_i, a_j) with i ≤ j in a fixed enumeration of candidate atoms.
 *    Clauses equal up to a renaming of existential variables (possible only for v ≥ 2) are *not*
 *    merged, as in the paper and lernd; none of the 20 tasks has v ≥ 2.
 *
 * Variables are named as in the paper: X, Y, Z, W, V, U (head variables first), then X6, X7, ...
 */

export const VARIABLE_NAMES: readonly string[] = ["X", "Y", "Z", "W", "V", "U"];

export function variableName(index: number): string {
  return VARIABLE_NAMES[index] ?? `X${index}`;
}

/** A body atom in index form: its predicate and the indices of its variables (0..arity−1 head, then existential). */
export interface BodyAtom {
  readonly predicate: Predicate;
  readonly vars: readonly number[];
}

export interface GeneratedClause {
  /** The clause as Datalog (printable with printClause). */
  readonly clause: Clause;
  readonly head: Predicate;
  readonly template: RuleTemplate;
  /** The two body atoms in canonical order. */
  readonly body: readonly [BodyAtom, BodyAtom];
  /** Number of distinct variables: head arity plus the existential variables used. */
  readonly variableCount: number;
}

export interface ClauseOptions {
  /** Under int = true, require an intensional predicate in the body (restriction 5; default true). */
  readonly requireIntensional?: boolean;
}

/** Candidate body atoms in canonical order: predicates in language order, variable tuples lexicographically. */
function candidateAtoms(predicates: readonly Predicate[], variables: number): BodyAtom[] {
  const out: BodyAtom[] = [];
  for (const predicate of predicates) {
    const total = variables ** predicate.arity;
    for (let code = 0; code < total; code++) {
      const vars: number[] = new Array<number>(predicate.arity);
      let rest = code;
      for (let a = predicate.arity - 1; a >= 0; a--) {
        vars[a] = rest % variables;
        rest = Math.floor(rest / variables);
      }
      out.push({ predicate, vars });
    }
  }
  return out;
}

function toAtom(a: BodyAtom): Atom {
  return { predicate: a.predicate.name, args: a.vars.map((v) => ({ kind: "var", name: variableName(v) })) };
}

function isHeadAtom(a: BodyAtom, head: Predicate): boolean {
  return a.predicate.name === head.name && a.vars.every((v, i) => v === i);
}

/** cl(τ): the clauses of template τ for head predicate `head`, in canonical order (deterministic). */
export function generateClauses(
  language: DilpLanguage,
  head: Predicate,
  template: RuleTemplate,
  options: ClauseOptions = {},
): GeneratedClause[] {
  const known = language.predicate(head.name);
  if (known === undefined || known.arity !== head.arity || !language.isIntensional(head.name)) {
    throw new DilpLanguageError(`${head.name}/${head.arity} is not an intensional predicate of the language`);
  }
  if (!Number.isInteger(template.existential) || template.existential < 0) {
    throw new DilpLanguageError(`rule template (${template.existential}, ${template.intensional}): v must be a natural number`);
  }
  const requireIntensional = options.requireIntensional ?? true;
  const variables = head.arity + template.existential;
  const allowed = template.intensional ? language.predicates : language.extensional;
  const candidates = candidateAtoms(allowed, variables).filter((a) => !isHeadAtom(a, head)); // restriction 7
  const headAtom: Atom = toAtom({ predicate: head, vars: head.arity === 0 ? [] : Array.from({ length: head.arity }, (_, i) => i) });

  const out: GeneratedClause[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const a = candidates[i];
    if (a === undefined) continue;
    for (let j = i; j < candidates.length; j++) {
      const b = candidates[j];
      if (b === undefined) continue;
      // Restriction 6: every head variable occurs in the body.
      let safe = true;
      for (let h = 0; h < head.arity && safe; h++) safe = a.vars.includes(h) || b.vars.includes(h);
      if (!safe) continue;
      // Restriction 5.
      if (
        template.intensional &&
        requireIntensional &&
        !language.isIntensional(a.predicate.name) &&
        !language.isIntensional(b.predicate.name)
      ) {
        continue;
      }
      const used = new Set<number>([...a.vars, ...b.vars]);
      for (let h = 0; h < head.arity; h++) used.add(h);
      out.push({
        clause: { head: headAtom, body: [toAtom(a), toAtom(b)] },
        head,
        template,
        body: [a, b],
        variableCount: used.size,
      });
    }
  }
  return out;
}

/** The generated clauses of one intensional predicate: one list per rule template (one or two). */
export interface PredicateClauses {
  readonly predicate: Predicate;
  readonly templates: readonly RuleTemplate[];
  readonly clauses: readonly (readonly GeneratedClause[])[];
}

/** cl(τ) for every rule template of a task, in the task's template order (target first). */
export function generateTaskClauses(language: DilpLanguage, task: IlpTask, options: ClauseOptions = {}): PredicateClauses[] {
  return task.templates.map(({ predicate, rules }) => ({
    predicate,
    templates: rules,
    clauses: rules.map((rule) => generateClauses(language, predicate, rule, options)),
  }));
}
