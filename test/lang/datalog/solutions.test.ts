import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { naiveEvaluate } from "../../../src/lang/datalog/naive.js";
import { parseDatalog } from "../../../src/lang/datalog/parse.js";
import { printFacts, printGroundAtom } from "../../../src/lang/datalog/print.js";
import { seminaiveEvaluate } from "../../../src/lang/datalog/seminaive.js";
import { testWorld } from "../../../src/lang/datalog/task.js";
import { parseIlpTask } from "../../../src/lang/datalog/taskFile.js";
import { printIlpTask } from "../../../src/lang/datalog/taskPrint.js";
import { templateViolations } from "./templateFit.js";

/**
 * The guarantee that the 20 task files of examples/ilp (Evans & Grefenstette 2018, Appendix G)
 * are right: for each, a hand-written reference solution obeying the task's template entails every
 * positive example and no negative one — in the training world within the task's T steps, and in
 * the held-out test world at the fixpoint.
 */

const EXAMPLES = new URL("../../../examples/ilp/", import.meta.url);
const SOLUTIONS = new URL("./solutions/", import.meta.url);

const TASKS = [
  "predecessor", "even-odd", "even-succ2", "less-than", "fizz", "buzz", // arithmetic
  "member", "length", // lists
  "son", "grandparent", "husband", "uncle", "relatedness", "father", // family trees
  "undirected-edge", "adjacent-to-red", "two-children", "graph-colouring", "connectedness", "cyclic", // graphs
];

it("examples/ilp holds exactly the paper's 20 tasks, each with a reference solution", () => {
  const files = (dir: URL): string[] => readdirSync(dir).filter((f) => f.endsWith(".dl")).map((f) => f.slice(0, -3)).sort();
  expect(files(EXAMPLES)).toEqual([...TASKS].sort());
  expect(files(SOLUTIONS)).toEqual([...TASKS].sort());
});

describe.each(TASKS)("%s", (name) => {
  const file = `examples/ilp/${name}.dl`;
  const task = parseIlpTask(readFileSync(new URL(`${name}.dl`, EXAMPLES), "utf8"), { file });
  const solution = parseDatalog(readFileSync(new URL(`${name}.dl`, SOLUTIONS), "utf8"));
  const show = (atoms: readonly { predicate: string; args: readonly string[] }[]): string[] => atoms.map(printGroundAtom);

  it("the reference solution fits the task's program template", () => {
    expect(templateViolations(solution, task)).toEqual([]);
  });

  it("the reference solution entails every positive and no negative training example", () => {
    const model = seminaiveEvaluate(solution, task.background);
    expect(model.reachedFixpoint).toBe(true);
    expect(show(task.positive.filter((atom) => !model.facts.has(atom)))).toEqual([]);
    expect(show(task.negative.filter((atom) => model.facts.has(atom)))).toEqual([]);
    // Naive evaluation, the reference evaluator, finds the same model.
    expect(printFacts(naiveEvaluate(solution, task.background).facts)).toBe(printFacts(model.facts));
  });

  it("within the task's T forward-chaining steps", () => {
    const bounded = seminaiveEvaluate(solution, task.background, { maxSteps: task.steps });
    expect(show(task.positive.filter((atom) => !bounded.facts.has(atom)))).toEqual([]);
  });

  it("and on the held-out test world: every test positive, no test negative", () => {
    expect(task.test.positive.length + task.test.negative.length).toBeGreaterThan(0);
    const model = seminaiveEvaluate(solution, testWorld(task));
    expect(show(task.test.positive.filter((atom) => !model.facts.has(atom)))).toEqual([]);
    expect(show(task.test.negative.filter((atom) => model.facts.has(atom)))).toEqual([]);
  });

  it("the task file is labelled consistently and prints back to the same task", () => {
    expect(task.name).toBe(name);
    expect(task.templates.every((t) => t.rules.length >= 1 && t.rules.length <= 2)).toBe(true);
    expect([task.target, ...task.aux, ...task.extensional].every((p) => p.arity <= 2)).toBe(true);
    expect(parseIlpTask(printIlpTask(task), { name })).toEqual(task);
  });
});
