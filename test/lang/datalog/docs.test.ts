import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDatalog } from "../../../src/lang/datalog/parse.js";
import { printDatalog } from "../../../src/lang/datalog/print.js";
import { seminaiveEvaluate } from "../../../src/lang/datalog/seminaive.js";
import { predicateKey } from "../../../src/lang/datalog/syntax.js";
import { testWorld } from "../../../src/lang/datalog/task.js";
import { parseIlpTask } from "../../../src/lang/datalog/taskFile.js";

/** docs/formats.md, section "ILP task files": its examples parse and its task table is current. */
const docs = readFileSync(new URL("../../../docs/formats.md", import.meta.url), "utf8");
const section = docs.slice(docs.indexOf("## ILP task files"));
const codeBlocks = [...section.matchAll(/```\n([\s\S]*?)```/gu)].map((m) => m[1] as string);

describe("docs/formats.md, ILP task files", () => {
  it("the example task file parses, and the example program solves it", () => {
    const [taskText, programText] = codeBlocks;
    const task = parseIlpTask(taskText as string);
    expect(task.test.constants).toEqual(["a", "b", "c", "d", "x", "y"]);
    const program = parseDatalog(programText as string);
    expect(printDatalog(program)).toBe((programText as string).trim());
    const model = seminaiveEvaluate(program, task.background, { maxSteps: task.steps });
    expect(task.positive.every((a) => model.facts.has(a)) && !task.negative.some((a) => model.facts.has(a))).toBe(true);
    const test = seminaiveEvaluate(program, testWorld(task));
    expect(task.test.positive.every((a) => test.facts.has(a)) && !task.test.negative.some((a) => test.facts.has(a))).toBe(true);
  });

  it("the table of the 20 tasks matches the files", () => {
    const rows = section.split("\n").filter((line) => /^\| `[a-z0-9-]+\.dl` \|/u.test(line));
    expect(rows).toHaveLength(20);
    for (const row of rows) {
      const cells = row.split("|").map((cell) => cell.trim());
      const file = (cells[1] as string).replaceAll("`", "");
      const task = parseIlpTask(readFileSync(new URL(`../../../examples/ilp/${file}`, import.meta.url), "utf8"));
      const templates = task.templates
        .map((t) => `${t.predicate.name} ${t.rules.map((r) => `(${r.existential}, ${r.intensional})`).join(" ")}`)
        .join("; ");
      expect(cells.slice(2, 8)).toEqual([
        `\`${predicateKey(task.target)}\``,
        task.aux.map((p) => `\`${predicateKey(p)}\``).join(" ") || "—",
        templates,
        String(task.steps),
        `${task.positive.length} / ${task.negative.length}`,
        `${task.test.positive.length} / ${task.test.negative.length}`,
      ]);
    }
  });
});
