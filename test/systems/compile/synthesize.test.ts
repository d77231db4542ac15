import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/engine/rng.js";
import { runAsm } from "../../../src/lang/asm/evaluate.js";
import { fastAsmRunner } from "../../../src/lang/asm/fastRun.js";
import { parseAsm } from "../../../src/lang/asm/parse.js";
import { makeTask, matchesExample, sampleExamples, type TaskName } from "../../../src/lang/asm/tasks.js";
import { enumerateTerms, printTerm } from "../../../src/search/skeleton.js";
import { exampleData, taskData } from "../../../src/systems/compile/data.js";
import { findSkeleton, synthesizeSkeleton } from "../../../src/systems/compile/synthesize.js";
import { lowerSkeleton, skeletonGrammar } from "../../../src/systems/compile/templates.js";
import { arbAsmProgram } from "../../lang/asm/arbitraries.js";

const seedListing = (name: string) => parseAsm(readFileSync(`examples/asm/seed/${name}.asm`, "utf8")).instructions;

describe("template lowering (seed 002 Listing 1, Appendix A.1)", () => {
  it("lowers map(inc(x), 0), reduce(add(a, x), 2) and loop(2) to the seed's listings", () => {
    expect(lowerSkeleton(findSkeleton("map(inc(x), 0)", 10)).instructions).toEqual(seedListing("map-inc"));
    expect(lowerSkeleton(findSkeleton("reduce(add(a, x), 2)", 10)).instructions).toEqual(seedListing("sum"));
    expect(lowerSkeleton(findSkeleton("loop(2)", 10)).instructions).toEqual(seedListing("loop-noop"));
  });

  it("lowers the conditional to jumps: ifz(x, a, inc(a)) counts the non-zero cells", () => {
    const program = lowerSkeleton(findSkeleton("reduce(ifz(x, a, inc(a)), 3)", 10, 9));
    for (const tape of [[0, 0, 0, 0], [3, 0, 5, 1], [1, 2, 3, 4], [0, 7, 0, 0]]) {
      expect(runAsm(program, tape, { base: 10, maxSteps: 200 }).memory[4]).toBe(tape.filter((v) => v !== 0).length);
    }
  });

  it("lowers every skeleton to a program that runs (sizes up to 6)", () => {
    for (const term of enumerateTerms(skeletonGrammar({ base: 10 }), "program", { maxSize: 6 })) {
      expect(() => runAsm(lowerSkeleton(term), [1, 2, 3], { base: 10, maxSteps: 50 }), printTerm(term)).not.toThrow();
    }
  });
});

describe("fastAsmRunner", () => {
  it("leaves the same tape as runAsm", () => {
    fc.assert(
      fc.property(arbAsmProgram(8, 5), fc.array(fc.nat({ max: 6 }), { maxLength: 7 }), fc.nat({ max: 40 }), (program, tape, maxSteps) => {
        expect([...fastAsmRunner(program, 7)(tape, maxSteps)]).toEqual(runAsm(program, tape, { base: 7, maxSteps }).memory);
      }),
      { numRuns: 500 },
    );
  });
});

describe("synthesizeSkeleton (seed 002 'Synthesis')", () => {
  const solves = (task: TaskName, maxSize: number, expected: string) => {
    const data = taskData(makeTask(task), new Rng(3));
    const result = synthesizeSkeleton(data, new Rng(4), { maxSize });
    expect(result.solution?.skeleton).toBe(expected);
    // Every returned program satisfies every example, the held-out ones and freshly drawn ones.
    const program = result.solution?.program;
    if (program === undefined) throw new Error("no solution");
    const check = sampleExamples(makeTask(task), 200, new Rng(99));
    for (const example of [...data.validation, ...check]) {
      expect(matchesExample(runAsm(program, example.memory, { base: data.base, maxSteps: data.maxSteps }).memory, example)).toBe(true);
    }
  };

  it("finds inc, map inc, map dec and reduce", () => {
    solves("inc", 6, "apply(inc(x))");
    solves("map-inc", 6, "map(inc(x), 0)");
    solves("map-dec", 6, "map(dec(x), 0)");
    solves("reduce", 6, "reduce(add(a, x), 2)");
  });

  it("every solution on a user's examples satisfies every example", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 9 }), fc.nat({ max: 9 })), { minLength: 1, maxLength: 4 }), (pairs) => {
        const examples = pairs.map(([x, y]) => ({ memory: [x, 5, 5, 5, 5, 5, 5, 5, 5, 5], output: [y, 5, 5, 5, 5, 5, 5, 5, 5, 5], mask: [true, ...new Array<boolean>(9).fill(false)] }));
        const data = exampleData(10, 10, examples);
        const result = synthesizeSkeleton(data, new Rng(1), { maxSize: 5 });
        if (result.solution === null) return;
        for (const example of examples) expect(matchesExample(runAsm(result.solution.program, example.memory, { base: 10, maxSteps: 10 }).memory, example)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it("keeps compilable near misses, best first, when nothing solves the task", () => {
    const data = taskData(makeTask("fibonacci"), new Rng(3));
    const result = synthesizeSkeleton(data, new Rng(4), { maxSize: 5, nearMisses: 3 });
    expect(result.solution).toBeNull();
    expect(result.nearMisses).toHaveLength(3);
    for (const miss of result.nearMisses) {
      expect(miss.lowered).not.toBeNull();
      expect(miss.score).toBeLessThan(1);
    }
    expect(result.nearMisses.map((m) => m.score)).toEqual([...result.nearMisses.map((m) => m.score)].sort((a, b) => b - a));
  });
});
