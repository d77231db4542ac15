import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/engine/rng.js";
import { runAnc } from "../../../src/lang/asm/anc/evaluate.js";
import { ancStateLayout, argmaxRows } from "../../../src/lang/asm/anc/relaxed/index.js";
import { runAsm } from "../../../src/lang/asm/evaluate.js";
import { parseAsm } from "../../../src/lang/asm/parse.js";
import { makeTask, matchesExample, sampleExamples } from "../../../src/lang/asm/tasks.js";
import { compileProgram } from "../../../src/systems/compile/compiler.js";
import { lowerToAnc } from "../../../src/systems/compile/lower.js";
import { arbAsmProgram } from "../../lang/asm/arbitraries.js";
import { finalStateOffset, runCompiled } from "./helpers.js";

const M = 10;
const asm = (path: string) => parseAsm(readFileSync(new URL(`../../../examples/asm/${path}.asm`, import.meta.url), "utf8"));

describe("lowering the seed's assembly to ANC's machine", () => {
  it("the lowered program runs like the seed program (tape, the seed's registers, halting, steps)", () => {
    const rng = new Rng(1);
    const programs = arbAsmProgram(M - 1, 6).filter((p) => p.instructions.every((i) => i.op !== "mod"));
    fc.assert(
      fc.property(programs, fc.integer({ min: 0, max: 40 }), (program, maxSteps) => {
        const { program: lowered, seedRegisters } = lowerToAnc(program, M);
        for (let k = 0; k < 3; k++) {
          const tape = Array.from({ length: M }, () => rng.int(M));
          const seed = runAsm(program, tape, { base: M, maxSteps });
          const anc = runAnc(lowered, tape, { base: M, maxSteps });
          expect(anc.memory).toEqual(seed.memory);
          expect(anc.registers.slice(0, seedRegisters)).toEqual(seed.registers);
          expect({ halted: anc.halted, steps: anc.steps }).toEqual({ halted: seed.halted, steps: seed.steps });
        }
      }),
      { numRuns: 200 },
    );
  });

  it("writes, jumps, no-ops and halts go to a scratch register; jump targets live in constant registers", () => {
    const { program, seedRegisters } = lowerToAnc(parseAsm("loop:\nnoop\nwrite 1 2\njump 0 end\njump 3 loop\nhalt\nend:"), M);
    expect(seedRegisters).toBe(4);
    // r4 is the scratch register; r5 = 0 and r6 = 5 hold the targets `loop` and `end`.
    expect(program.registers).toEqual([0, 0, 0, 0, 0, 0, 5]);
    expect(program.lines).toEqual([
      { op: "ZERO", a: null, b: null, out: 4 },
      { op: "WRITE", a: 1, b: 2, out: 4 },
      { op: "JEZ", a: 0, b: 6, out: 4 },
      { op: "JEZ", a: 3, b: 5, out: 4 },
      { op: "STOP", a: null, b: null, out: 4 },
    ]);
  });

  it("rejects mod and programs longer than M − 1 lines", () => {
    expect(() => lowerToAnc(asm("seed/filter"), M)).toThrow(/instruction 1 \(counting from 0\): mod has no counterpart/);
    expect(() => lowerToAnc(asm("map-inc"), M)).toThrow(/holds at most 9 lines of seed assembly .*, the program has 11/);
  });

  it.each([
    ["seed/map-inc", "map-inc"],
    ["seed/sum", "reduce"],
    ["seed/fibonacci", "fibonacci"],
    ["seed/access", "access"],
    ["inc", "inc"],
  ] as const)("%s, lowered and compiled with sharp weights, solves %s in the relaxed machine", (path, name) => {
    const task = makeTask(name);
    const rng = new Rng(2);
    const { program } = lowerToAnc(asm(path), task.base);
    const weights = compileProgram(program, rng, { base: task.base, gamma: 0, epsilon: 1e-9 });
    const examples = sampleExamples(task, 12, rng);
    const K = task.maxSteps;
    const states = runCompiled(weights, examples.map((e) => e.memory), K);
    const layout = ancStateLayout(task.base, program.registers.length);
    examples.forEach((example, e) => {
      const exact = runAnc(program, example.memory, { base: task.base, maxSteps: K });
      const tape = argmaxRows(states, finalStateOffset(e, K, layout.size, exact) + layout.memory, task.base, task.base);
      expect(tape).toEqual(exact.memory);
      expect(matchesExample(tape, example)).toBe(true);
    });
  });
});
