import { checkDatalogProgram } from "./check.js";
import { FactSet, checkMaxSteps, type Evaluation, type EvaluationOptions } from "./facts.js";
import { toGround, type Atom, type DatalogProgram, type GroundAtom } from "./syntax.js";

/**
 * Naive bottom-up evaluation: every round applies every rule to all facts known so far, until a
 * round derives nothing new (the least fixpoint of T_P, Ceri, Gottlob & Tanca 1989). Deliberately
 * simple — nested loops, no indexes — because it is the reference that the semi-naive evaluator
 * is tested against.
 */
export function naiveEvaluate(program: DatalogProgram, facts: Iterable<GroundAtom> = [], options: EvaluationOptions = {}): Evaluation {
  const maxSteps = options.maxSteps ?? Infinity;
  checkMaxSteps(maxSteps);
  const given = [...facts];
  checkDatalogProgram(program, given);
  const known = new FactSet(given);
  const rules = program.clauses.filter((c) => {
    if (c.body.length > 0) return true;
    known.add(toGround(c.head) as GroundAtom); // check.ts: a clause with an empty body is ground
    return false;
  });

  let steps = 0;
  while (steps < maxSteps) {
    const derived = new FactSet();
    for (const rule of rules) {
      for (const binding of matches(rule.body, known, new Map())) {
        const head = instantiate(rule.head, binding);
        if (!known.has(head)) derived.add(head);
      }
    }
    if (derived.size === 0) return { facts: known, steps, reachedFixpoint: true };
    for (const fact of derived) known.add(fact);
    steps += 1;
  }
  return { facts: known, steps, reachedFixpoint: false };
}

/** All extensions of `binding` under which every atom of `body` is a known fact. */
function* matches(body: readonly Atom[], known: FactSet, binding: Map<string, string>): Generator<Map<string, string>> {
  const [first, ...rest] = body;
  if (first === undefined) {
    yield binding;
    return;
  }
  // Snapshot: the caller adds derived facts only after the round, but copy to be safe anyway.
  for (const fact of [...known.ofPredicate(first.predicate)]) {
    if (fact.args.length !== first.args.length) continue;
    const extended = new Map(binding);
    const fits = first.args.every((term, i) => {
      const value = fact.args[i] as string;
      if (term.kind === "const") return term.name === value;
      const bound = extended.get(term.name);
      if (bound === undefined) extended.set(term.name, value);
      return bound === undefined || bound === value;
    });
    if (fits) yield* matches(rest, known, extended);
  }
}

function instantiate(head: Atom, binding: Map<string, string>): GroundAtom {
  return {
    predicate: head.predicate,
    args: head.args.map((term) => (term.kind === "const" ? term.name : (binding.get(term.name) as string))),
  };
}
