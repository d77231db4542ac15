import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/engine/rng.js";
import { runAnc } from "../../../src/lang/asm/anc/evaluate.js";
import { parseAnc } from "../../../src/lang/asm/anc/parse.js";
import { runAsm } from "../../../src/lang/asm/evaluate.js";
import { parseAsm } from "../../../src/lang/asm/parse.js";
import { TASK_NAMES, isTaskName, makeTask, matchesExample, sampleExamples, type AsmTask, type TaskName } from "../../../src/lang/asm/tasks.js";

const example = (path: string): string => readFileSync(new URL(`../../../examples/asm/${path}`, import.meta.url), "utf8");

/** How many of `count` sampled examples of `task` the seed-assembly program solves (halting or not). */
function solved(task: AsmTask, path: string, count: number, seed: number, requireHalt: boolean): number {
  const program = parseAsm(example(path));
  return sampleExamples(task, count, new Rng(seed)).filter((ex) => {
    const state = runAsm(program, ex.memory, { base: task.base, maxSteps: task.maxSteps });
    return matchesExample(state.memory, ex) && (state.halted || !requireHalt);
  }).length;
}

describe("task parameters", () => {
  it("has the seed's Table 1 tasks, filter and ANC's three, with documented defaults (golden)", () => {
    const table = TASK_NAMES.map((name) => {
      const { base, length, maxSteps } = makeTask(name);
      return [name, base, length ?? "-", maxSteps].join(" ");
    });
    expect(table).toEqual([
      "inc 10 - 10",
      "map-inc 10 4 40",
      "map-dec 10 4 40",
      "reduce 10 3 40",
      "parity 10 4 50",
      "fibonacci 10 6 60",
      "filter 10 4 60",
      "access 10 - 10",
      "increment 7 - 50",
      "swap 10 - 15",
    ]);
    expect(isTaskName("map-inc")).toBe(true);
    expect(isTaskName("map_inc")).toBe(false);
  });

  it("takes base, length and budget options and rejects impossible ones", () => {
    expect(makeTask("map-inc", { base: 16, length: 9 })).toMatchObject({ base: 16, length: 9, maxSteps: 90 });
    expect(makeTask("reduce", { maxSteps: 7 }).maxSteps).toBe(7);
    expect(() => makeTask("filter", { length: 6 })).toThrow("2n = 12 cells");
    expect(() => makeTask("reduce", { length: 10 })).toThrow("must fit on the 10-cell tape");
    expect(() => makeTask("access", { length: 3 })).toThrow("task access has no list length to set");
    expect(() => makeTask("inc", { base: 1 })).toThrow("base must be an integer ≥ 2");
    expect(() => makeTask("swap", { base: 4 })).toThrow("swap needs a base of at least 5");
    expect(() => makeTask("inc", { maxSteps: 0 })).toThrow("maxSteps must be a positive integer");
    expect(() => makeTask("nope" as TaskName)).toThrow("unknown task \"nope\"");
  });
});

describe.each(TASK_NAMES)("task %s", (name) => {
  const task = makeTask(name);

  it("samples full tapes of base-b values, deterministic in the seed; unchecked cells keep their values", () => {
    const examples = sampleExamples(task, 50, new Rng(7));
    expect(sampleExamples(task, 50, new Rng(7))).toEqual(examples);
    expect(sampleExamples(task, 50, new Rng(8))).not.toEqual(examples);
    for (const { memory, output, mask } of examples) {
      for (const tape of [memory, output]) {
        expect(tape).toHaveLength(task.base);
        for (const value of tape) expect(Number.isInteger(value) && value >= 0 && value < task.base).toBe(true);
      }
      expect(mask).toHaveLength(task.base);
      expect(mask.some(Boolean)).toBe(true);
      mask.forEach((checked, i) => checked || expect(output[i]).toBe(memory[i]));
    }
  });

  it(`is solved by examples/asm/${name}.asm on 100 sampled inputs, halting within the budget`, () => {
    expect(solved(task, `${name}.asm`, 100, 11, true)).toBe(100);
  });

  it("is not solved by the empty program (the checked cells carry the answer)", () => {
    expect(solved(task, "seed/loop-noop.asm", 100, 12, false)).toBeLessThan(100);
  });
});

describe("task conventions", () => {
  const first = (name: TaskName, seed = 3) => makeTask(name).sample(new Rng(seed));

  it("fibonacci checks 1, 2, 3, 5, 8, 13 mod b in cells 0..n−1", () => {
    const { output, mask } = first("fibonacci");
    expect(output.slice(0, 6)).toEqual([1, 2, 3, 5, 8, 3]);
    expect(mask).toEqual([true, true, true, true, true, true, false, false, false, false]);
    expect(makeTask("fibonacci", { base: 100, length: 10 }).sample(new Rng(1)).output.slice(0, 10)).toEqual([1, 2, 3, 5, 8, 13, 21, 34, 55, 89]);
  });

  it("reduce, parity, filter, access, increment and swap lay out their tapes as documented", () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const reduce = first("reduce", seed);
      expect(reduce.output[3]).toBe(((reduce.memory[0] ?? 0) + (reduce.memory[1] ?? 0) + (reduce.memory[2] ?? 0)) % 10);
      const parity = first("parity", seed);
      expect(parity.memory.slice(0, 4).every((bit) => bit === 0 || bit === 1)).toBe(true);
      const filter = first("filter", seed);
      expect(filter.memory.slice(4, 8)).toEqual([0, 0, 0, 0]);
      const evens = filter.memory.slice(0, 4).filter((x) => x % 2 === 0);
      expect(filter.output.slice(4, 8)).toEqual([...evens, 0, 0, 0, 0].slice(0, 4));
      const access = first("access", seed);
      expect(access.output[0]).toBe(access.memory[(access.memory[0] ?? 0) + 1]);
      const increment = first("increment", seed);
      const end = increment.memory.indexOf(0);
      expect(increment.mask.lastIndexOf(true)).toBe(end);
      expect(increment.output.slice(0, end)).toEqual(increment.memory.slice(0, end).map((x) => (x + 1) % 7));
      const swap = first("swap", seed);
      const [p, q] = [swap.memory[0] ?? 0, swap.memory[1] ?? 0];
      expect([swap.output[2 + p], swap.output[2 + q]]).toEqual([swap.memory[2 + q], swap.memory[2 + p]]);
      expect(swap.memory[2 + p]).not.toBe(0);
    }
  });

  it("matchesExample compares the checked cells only", () => {
    const ex = { memory: [1, 2, 3], output: [1, 5, 3], mask: [false, true, false] };
    expect(matchesExample([9, 5, 9], ex)).toBe(true);
    expect(matchesExample([1, 2, 3], ex)).toBe(false);
  });
});

describe("the seed's listings solve the tasks they were written for, under the default budget", () => {
  it.each([
    ["seed/map-inc.asm", "map-inc"],
    ["seed/sum.asm", "reduce"],
    ["seed/fibonacci.asm", "fibonacci"],
    ["seed/access.asm", "access"],
  ] as const)("%s solves %s on 100 sampled inputs", (path, name) => {
    expect(solved(makeTask(name), path, 100, 13, false)).toBe(100);
  });

  it("the never-ending map loop fails once the budget lets it wrap round the tape", () => {
    // At base 10 the loop increments cell 0 a second time on step 5·10 + 3.
    expect(solved(makeTask("map-inc", { maxSteps: 52 }), "seed/map-inc.asm", 20, 14, false)).toBe(20);
    expect(solved(makeTask("map-inc", { maxSteps: 53 }), "seed/map-inc.asm", 20, 14, false)).toBe(0);
  });
});

describe("ANC's own programs solve ANC's tasks", () => {
  it.each(["access", "increment", "swap"] as const)("examples/asm/anc/%s.anc on 100 inputs, whatever its unspecified registers hold", (name) => {
    const task = makeTask(name);
    const program = parseAnc(example(`anc/${name}.anc`));
    const rng = new Rng(15);
    for (const ex of sampleExamples(task, 100, rng)) {
      const state = runAnc(program, ex.memory, { base: task.base, maxSteps: task.maxSteps, flat: rng.int(task.base) });
      expect(state.halted).toBe(true);
      expect(matchesExample(state.memory, ex)).toBe(true);
    }
  });
});
