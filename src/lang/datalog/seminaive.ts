import { checkDatalogProgram } from "./check.js";
import { FactSet, checkMaxSteps, type Evaluation, type EvaluationOptions } from "./facts.js";
import { Relation } from "./relation.js";
import { clauseVariables, toGround, type Atom, type Clause, type DatalogProgram, type GroundAtom } from "./syntax.js";
import { assertNever } from "../../typeHelpers.js";

/**
 * Semi-naive bottom-up evaluation (Bancilhon 1986; Ceri, Gottlob & Tanca 1989, §3): round r only
 * tries rule instances whose body uses at least one fact that was new in round r − 1 (the delta),
 * because every other instance was already tried in an earlier round. For a rule with body
 * B1, ..., Bn the round evaluates, for each i, the join with Bi restricted to the delta, the atoms
 * before it to facts older than the delta and the atoms after it to all facts known at the start
 * of the round; each body instance is thereby enumerated once (by the position of its first
 * delta atom). The join starts from the delta atom (usually the smallest relation) and looks the
 * others up through argument indexes (relation.ts).
 *
 * Round r derives exactly T_P(I_{r−1}) \ I_{r−1}, the same facts as round r of naive evaluation,
 * so the two agree round by round, not only at the fixpoint.
 */
export function seminaiveEvaluate(program: DatalogProgram, facts: Iterable<GroundAtom> = [], options: EvaluationOptions = {}): Evaluation {
  const maxSteps = options.maxSteps ?? Infinity;
  checkMaxSteps(maxSteps);
  const given = [...facts];
  const arities = checkDatalogProgram(program, given);

  const relations = new Map<string, Relation>();
  for (const [name, arity] of arities) relations.set(name, new Relation(arity));
  const relationOf = (name: string): Relation => relations.get(name) as Relation; // every name is in `arities`

  const known = new FactSet();
  const insert = (fact: GroundAtom): void => {
    if (relationOf(fact.predicate).add(fact.args)) known.add(fact);
  };
  for (const fact of given) insert(fact);
  const rules: CompiledRule[] = [];
  for (const c of program.clauses) {
    if (c.body.length === 0) insert(toGround(c.head) as GroundAtom); // check.ts: facts are ground
    else rules.push(compile(c, relationOf));
  }

  // Tuples with ids in [deltaStart, deltaEnd) were new in the previous round; [0, deltaEnd) is
  // everything known at the start of this round. Initially every given fact is new.
  const deltaStart = new Map<Relation, number>();
  const deltaEnd = new Map<Relation, number>();
  for (const relation of relations.values()) {
    deltaStart.set(relation, 0);
    deltaEnd.set(relation, relation.size);
  }

  let steps = 0;
  while (steps < maxSteps) {
    const derived: GroundAtom[] = [];
    const derivedKeys = new Set<string>();
    for (const rule of rules) {
      rule.body.forEach((delta, i) => {
        if ((deltaEnd.get(delta.relation) as number) === (deltaStart.get(delta.relation) as number)) return;
        const ranges = rule.body.map((a, j): readonly [number, number] => {
          const start = deltaStart.get(a.relation) as number;
          const end = deltaEnd.get(a.relation) as number;
          return j < i ? [0, start] : j === i ? [start, end] : [0, end];
        });
        if (ranges.some(([lo, hi]) => lo >= hi)) return;
        const order = [i, ...rule.body.keys()].filter((j, k) => k === 0 || j !== i);
        join(rule, order, ranges, (args) => {
          const key = `${rule.head.predicate}(${args.join(",")})`;
          if (derivedKeys.has(key) || rule.headRelation.has(args)) return;
          derivedKeys.add(key);
          derived.push({ predicate: rule.head.predicate, args });
        });
      });
    }
    if (derived.length === 0) return { facts: known, steps, reachedFixpoint: true };
    for (const relation of relations.values()) deltaStart.set(relation, relation.size);
    for (const fact of derived) insert(fact);
    for (const relation of relations.values()) deltaEnd.set(relation, relation.size);
    steps += 1;
  }
  return { facts: known, steps, reachedFixpoint: false };
}

/** An argument of a compiled atom: a variable number or a constant. */
type Slot = { readonly kind: "var"; readonly index: number } | { readonly kind: "const"; readonly value: string };

interface CompiledAtom {
  readonly predicate: string;
  readonly relation: Relation;
  readonly slots: readonly Slot[];
}

interface CompiledRule {
  readonly head: CompiledAtom;
  readonly headRelation: Relation;
  readonly body: readonly CompiledAtom[];
  readonly variables: number;
}

function compile(c: Clause, relationOf: (name: string) => Relation): CompiledRule {
  const names = clauseVariables(c);
  const number = new Map(names.map((name, index) => [name, index]));
  const compileAtom = (a: Atom): CompiledAtom => ({
    predicate: a.predicate,
    relation: relationOf(a.predicate),
    slots: a.args.map((term): Slot => {
      switch (term.kind) {
        case "var":
          return { kind: "var", index: number.get(term.name) as number };
        case "const":
          return { kind: "const", value: term.name };
        default:
          return assertNever(term);
      }
    }),
  });
  const head = compileAtom(c.head);
  return { head, headRelation: head.relation, body: c.body.map(compileAtom), variables: names.length };
}

/**
 * Enumerates the bindings satisfying the body atoms in `order`, atom j ranging over tuple ids
 * `ranges[j]`, and emits the head's arguments for each (backtracking over one binding array).
 */
function join(rule: CompiledRule, order: readonly number[], ranges: readonly (readonly [number, number])[], emit: (args: string[]) => void): void {
  const binding: (string | undefined)[] = new Array<string | undefined>(rule.variables).fill(undefined);

  const valueOf = (slot: Slot): string | undefined => (slot.kind === "const" ? slot.value : binding[slot.index]);

  const step = (k: number): void => {
    const position = order[k];
    if (position === undefined) {
      emit(rule.head.slots.map((slot) => valueOf(slot) as string)); // safe rules bind every head variable
      return;
    }
    const a = rule.body[position] as CompiledAtom;
    const [lo, hi] = ranges[position] as readonly [number, number];

    // Look the relation up by its first argument whose value is already known, if any.
    let ids: number[] | undefined;
    for (let p = 0; p < a.slots.length && ids === undefined; p++) {
      const value = valueOf(a.slots[p] as Slot);
      if (value !== undefined) ids = a.relation.lookup(p, value, lo, hi);
    }

    const tryTuple = (tuple: readonly string[]): void => {
      const bound: number[] = [];
      let fits = true;
      for (let p = 0; p < a.slots.length && fits; p++) {
        const slot = a.slots[p] as Slot;
        const value = tuple[p] as string;
        if (slot.kind === "const") {
          fits = slot.value === value;
        } else {
          const current = binding[slot.index];
          if (current === undefined) {
            binding[slot.index] = value;
            bound.push(slot.index);
          } else {
            fits = current === value;
          }
        }
      }
      if (fits) step(k + 1);
      for (const index of bound) binding[index] = undefined;
    };

    if (ids !== undefined) {
      for (const id of ids) tryTuple(a.relation.tuples[id] as readonly string[]);
    } else {
      for (let id = lo; id < hi; id++) tryTuple(a.relation.tuples[id] as readonly string[]);
    }
  };

  step(0);
}
