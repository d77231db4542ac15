import { CONSTANT_NAME, PREDICATE_NAME, VARIABLE_NAME, type Atom, type Clause, type DatalogProgram, type GroundAtom } from "./syntax.js";

/**
 * Well-formedness of programs built in code (parsed programs are checked by the parser, with
 * positions). A program is well formed when every name is legal (so printing and parsing round
 * trip), each predicate has one arity, and every clause is safe: each head variable occurs in the
 * body (range restriction, which makes the least model finite and made of ground atoms; a fact
 * therefore has no variables). Body variables absent from the head are allowed: they are the
 * existentially quantified variables of ∂ILP's rule templates (§4.2).
 */

/** Checks a program and extra facts; returns the arity of every predicate they use. */
export function checkDatalogProgram(program: DatalogProgram, facts: Iterable<GroundAtom> = []): Map<string, number> {
  const arities = new Map<string, number>();
  const usePredicate = (name: string, arity: number, where: string): void => {
    if (!PREDICATE_NAME.test(name)) throw new RangeError(`${where}: invalid predicate name ${JSON.stringify(name)}`);
    const known = arities.get(name);
    if (known === undefined) arities.set(name, arity);
    else if (known !== arity) throw new RangeError(`${where}: ${name} is used with arity ${arity} and ${known}`);
  };
  program.clauses.forEach((c, index) => {
    const where = `clause ${index + 1}`;
    for (const a of [c.head, ...c.body]) {
      usePredicate(a.predicate, a.args.length, where);
      for (const term of a.args) {
        const legal = term.kind === "var" ? VARIABLE_NAME : CONSTANT_NAME;
        if (!legal.test(term.name)) throw new RangeError(`${where}: invalid ${term.kind === "var" ? "variable" : "constant"} name ${JSON.stringify(term.name)}`);
      }
    }
    const unsafe = unsafeVariable(c);
    if (unsafe !== undefined) {
      throw new RangeError(`${where}: head variable ${unsafe} does not occur in the body (unsafe clause)`);
    }
  });
  for (const fact of facts) {
    const where = `fact ${fact.predicate}(${fact.args.join(", ")})`;
    usePredicate(fact.predicate, fact.args.length, where);
    for (const name of fact.args) {
      if (!CONSTANT_NAME.test(name)) throw new RangeError(`${where}: invalid constant name ${JSON.stringify(name)}`);
    }
  }
  return arities;
}

/** The first head variable of a clause that occurs in no body atom, if any. */
export function unsafeVariable(c: Clause): string | undefined {
  const bodyVariables = new Set<string>();
  for (const a of c.body) for (const term of a.args) if (term.kind === "var") bodyVariables.add(term.name);
  return c.head.args.find((term) => term.kind === "var" && !bodyVariables.has(term.name))?.name;
}

/** Whether an atom has no variables. */
export function isGround(a: Atom): boolean {
  return a.args.every((term) => term.kind === "const");
}
