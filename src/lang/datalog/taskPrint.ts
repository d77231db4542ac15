import { printGroundAtom } from "./print.js";
import { predicateKey, type GroundAtom } from "./syntax.js";
import type { IlpTask, RuleTemplate } from "./task.js";

/**
 * The canonical text of an ILP task (docs/formats.md, "ILP task files"): directives, then the
 * background facts, the examples, and the test data, one statement per line in the task's order.
 * `parseIlpTask(printIlpTask(task), { name: task.name })` rebuilds the task; comments are not kept.
 */
export function printIlpTask(task: IlpTask): string {
  const template = (t: RuleTemplate): string => `(${t.existential}, ${t.intensional})`;
  const lines = [`#target ${predicateKey(task.target)}`];
  if (task.aux.length > 0) lines.push(`#aux ${task.aux.map(predicateKey).join(" ")}`);
  for (const { predicate, rules } of task.templates) lines.push(`#template ${predicate.name} ${rules.map(template).join(" ")}`);
  lines.push(`#steps ${task.steps}`);

  const section = (prefix: string, atoms: readonly GroundAtom[]): void => {
    if (atoms.length === 0) return;
    lines.push("", ...atoms.map((a) => `${prefix}${printGroundAtom(a)}.`));
  };
  section("", task.background);
  section("+ ", task.positive);
  section("- ", task.negative);
  section("test ", task.test.background);
  section("test + ", task.test.positive);
  section("test - ", task.test.negative);
  return `${lines.join("\n")}\n`;
}
