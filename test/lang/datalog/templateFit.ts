import type { Clause, DatalogProgram } from "../../../src/lang/datalog/syntax.js";
import type { IlpTask, RuleTemplate } from "../../../src/lang/datalog/task.js";

/**
 * Whether a hand-written program lies in the space of programs a task's template allows (∂ILP,
 * Evans & Grefenstette 2018, §4.2): each clause defines an intensional predicate, its head has
 * distinct variables, its body one or two atoms (one atom stands for ∂ILP's two identical atoms)
 * without constants, it is safe and not circular (the head does not occur in the body), and the
 * clauses of each predicate can be matched one-to-one to its rule templates (v, int): at most v
 * existential variables, and intensional predicates in the body only if int is true.
 * Returns the list of violations (empty when the program fits).
 */
export function templateViolations(program: DatalogProgram, task: IlpTask): string[] {
  const intensional = new Set([task.target.name, ...task.aux.map((p) => p.name)]);
  const extensional = new Set(task.extensional.map((p) => p.name));
  const problems: string[] = [];
  const byPredicate = new Map<string, Clause[]>();

  program.clauses.forEach((c, index) => {
    const where = `clause ${index + 1} (${c.head.predicate})`;
    if (!intensional.has(c.head.predicate)) problems.push(`${where}: defines a predicate that is neither the target nor auxiliary`);
    const headVariables = c.head.args.map((t) => (t.kind === "var" ? t.name : undefined));
    if (headVariables.some((v) => v === undefined) || new Set(headVariables).size !== headVariables.length) {
      problems.push(`${where}: the head must have distinct variables`);
    }
    if (c.body.length < 1 || c.body.length > 2) problems.push(`${where}: the body must have one or two atoms`);
    for (const a of c.body) {
      if (a.args.some((t) => t.kind === "const")) problems.push(`${where}: constants are not allowed`);
      if (!intensional.has(a.predicate) && !extensional.has(a.predicate)) problems.push(`${where}: unknown body predicate ${a.predicate}`);
      if (a.predicate === c.head.predicate && a.args.every((t, i) => t.name === c.head.args[i]?.name)) {
        problems.push(`${where}: circular (the head occurs in the body)`);
      }
    }
    const list = byPredicate.get(c.head.predicate) ?? [];
    list.push(c);
    byPredicate.set(c.head.predicate, list);
  });

  for (const { predicate, rules } of task.templates) {
    const clauses = byPredicate.get(predicate.name) ?? [];
    if (clauses.length > rules.length) {
      problems.push(`${predicate.name}: ${clauses.length} clauses but only ${rules.length} rule template(s)`);
      continue;
    }
    const fits = (c: Clause, rule: RuleTemplate): boolean => {
      const head = new Set(c.head.args.map((t) => t.name));
      const existential = new Set(c.body.flatMap((a) => a.args.map((t) => t.name)).filter((name) => !head.has(name)));
      return existential.size <= rule.existential && (rule.intensional || c.body.every((a) => !intensional.has(a.predicate)));
    };
    // At most two clauses and two templates: try both assignments.
    const [first, second] = clauses;
    const [r1, r2] = rules;
    const ok =
      first === undefined ||
      (second === undefined
        ? rules.some((r) => fits(first, r))
        : r1 !== undefined && r2 !== undefined && ((fits(first, r1) && fits(second, r2)) || (fits(first, r2) && fits(second, r1))));
    if (!ok) problems.push(`${predicate.name}: the clauses do not match the rule templates ${JSON.stringify(rules)}`);
  }
  return problems;
}
