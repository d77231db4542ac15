import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { initialAsmState, runAsm, stepAsm, type AsmState } from "../../../src/lang/asm/evaluate.js";
import { parseAsm } from "../../../src/lang/asm/parse.js";
import type { AsmProgram } from "../../../src/lang/asm/syntax.js";
import { arbAsmProgram } from "./arbitraries.js";

const run = (text: string, memory: number[], base = 10, registers?: number | number[], maxSteps?: number): AsmState =>
  runAsm(parseAsm(text), memory, { base, ...(registers === undefined ? {} : { registers }), ...(maxSteps === undefined ? {} : { maxSteps }) });

describe("runAsm: one instruction at a time", () => {
  it("read and write move values between the tape (addressed by a register) and registers", () => {
    const state = run("inc 0 0\nread 0 1\ninc 0 2\nwrite 2 1", [5, 7, 9]);
    expect(state.registers).toEqual([1, 7, 2]);
    expect(state.memory).toEqual([5, 7, 7, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("does all arithmetic mod b, with the output register last", () => {
    // r1 = 3, r2 = 9 (0 − 1 mod 10), then each binary instruction into r3..r8.
    const text = "inc 1 1\ninc 1 1\ninc 1 1\ndec 2 2\nadd 1 2 3\nsub 1 2 4\nmax 1 2 5\nmin 1 2 6\nmod 2 1 7\nmod 1 0 8";
    expect(run(text, []).registers).toEqual([0, 3, 9, 2, 4, 9, 3, 0, 3]);
  });

  it("reads the arguments before writing the output (add 1 2 1 uses the old r1)", () => {
    expect(run("add 1 2 1\nadd 1 2 1", [], 10, [0, 4, 3]).registers).toEqual([0, 0, 3]);
  });

  it("jumps to the label when the register is 0 and falls through otherwise", () => {
    const taken = run("jump 0 skip\ninc 1 1\nskip:\ninc 2 2", []);
    expect(taken.registers).toEqual([0, 0, 1]);
    const notTaken = run("jump 0 skip\ninc 1 1\nskip:\ninc 2 2", [], 10, [1, 0, 0]);
    expect(notTaken.registers).toEqual([1, 1, 1]);
  });

  it("halts at halt (the halt step counts) and at the end of the program (as if padded with halt)", () => {
    expect(run("inc 1 1\nhalt\ninc 1 1", [])).toMatchObject({ registers: [0, 1], halted: true, steps: 2, pc: 1 });
    expect(run("inc 1 1\nnoop", [])).toMatchObject({ registers: [0, 1], halted: true, steps: 3, pc: 2 });
    expect(run("", [4])).toMatchObject({ registers: [0], memory: [4, 0, 0, 0, 0, 0, 0, 0, 0, 0], halted: true, steps: 1, pc: 0 });
  });

  it("stops after maxSteps without halting, for loops that never end", () => {
    const state = run("loop:\ninc 1 1\njump 0 loop", [], 10, undefined, 7);
    expect(state).toMatchObject({ registers: [0, 4], halted: false, steps: 7, pc: 1 });
    expect(run("loop:\njump 0 loop", [], 10, undefined, 0)).toMatchObject({ steps: 0, halted: false, pc: 0 });
  });
});

describe("runAsm: the seed's listings (Listing 1)", () => {
  it("map-inc increments the tape cell by cell, five steps per cell", () => {
    const mapInc = "map_loop:\nread 1 2\ninc 2 2\nwrite 1 2\ninc 1 1\njump 3 map_loop";
    const tape = [3, 9, 0, 4, 1, 1, 2, 8, 5, 6];
    const state = run(mapInc, tape, 10, undefined, 15);
    expect(state.memory).toEqual([4, 0, 1, 4, 1, 1, 2, 8, 5, 6]);
    expect(state).toMatchObject({ halted: false, steps: 15, pc: 0 });
  });

  it("sum-reduce sums cells 0..2 into cell 3 and halts at the end", () => {
    const sum = "inc 4 4\ninc 4 4\nsum_loop:\nread 3 2\nadd 1 2 1\ninc 3 3\nmax 3 4 5\nsub 4 5 5\njump 5 sum_loop\nwrite 3 1";
    expect(run(sum, [4, 5, 6, 0, 7])).toMatchObject({ memory: [4, 5, 6, 5, 7, 0, 0, 0, 0, 0], halted: true, steps: 22 });
  });

  it("fibonacci writes 1, 2, 3, 5, 8, 13, … mod b, whatever the tape held", () => {
    const fib = "inc 2 2\nfib_loop:\nwrite 3 2\nadd 1 2 2\nread 3 1\nwrite 3 2\ninc 3 3\njump 4 fib_loop";
    const state = run(fib, [9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9], 16, undefined, 1 + 6 * 7);
    expect(state.memory.slice(0, 8)).toEqual([1, 2, 3, 5, 8, 13, 21 % 16, 9]);
  });
});

describe("runAsm: machine set-up", () => {
  const program: AsmProgram = parseAsm("inc 3 3");

  it("pads the tape with zeros to b cells and defaults to as many zero registers as the program names", () => {
    const state = initialAsmState(program, [1, 2], { base: 4 });
    expect(state).toEqual({ pc: 0, registers: [0, 0, 0, 0], memory: [1, 2, 0, 0], steps: 0, halted: false });
    expect(initialAsmState(program, [], { base: 4, registers: 6 }).registers).toEqual([0, 0, 0, 0, 0, 0]);
    expect(initialAsmState(program, [], { base: 4, registers: [3, 2, 1, 0] }).registers).toEqual([3, 2, 1, 0]);
  });

  it("rejects bad bases, tapes, register values and register counts", () => {
    expect(() => initialAsmState(program, [], { base: 1 })).toThrow("base must be an integer ≥ 2, got 1");
    expect(() => initialAsmState(program, [0, 0, 0, 0, 0], { base: 4 })).toThrow("the base-4 machine has 4 memory cells, got 5 values");
    expect(() => initialAsmState(program, [0, 4], { base: 4 })).toThrow("memory[1] = 4 is not a value of the base-4 machine (0..3)");
    expect(() => initialAsmState(program, [], { base: 4, registers: [0, 0, 0, 7] })).toThrow("registers[3] = 7");
    expect(() => initialAsmState(program, [], { base: 4, registers: 3 })).toThrow("the program uses registers 0..3 but the machine has 3");
    expect(() => runAsm(program, [], { base: 4, maxSteps: -1 })).toThrow("maxSteps must be a non-negative integer");
  });

  it("stepAsm reproduces runAsm one step at a time and leaves its input state untouched", () => {
    fc.assert(
      fc.property(arbAsmProgram(6, 4), fc.array(fc.nat({ max: 4 }), { maxLength: 5 }), fc.nat({ max: 30 }), (p, memory, maxSteps) => {
        const base = 5;
        let state = initialAsmState(p, memory, { base, registers: 4 });
        const before = JSON.stringify(state);
        const first = stepAsm(p, state, base);
        expect(JSON.stringify(state)).toBe(before);
        state = first;
        while (!state.halted && state.steps < maxSteps) state = stepAsm(p, state, base);
        expect(state).toEqual(runAsm(p, memory, { base, registers: 4, maxSteps: Math.max(1, maxSteps) }));
        // Every value stays in 0..b−1 and the tape keeps b cells.
        expect(state.memory).toHaveLength(base);
        for (const value of [...state.memory, ...state.registers]) expect(value >= 0 && value < base).toBe(true);
        // A halted machine stays put.
        if (state.halted) expect(stepAsm(p, state, base)).toEqual(state);
      }),
      { numRuns: 120 },
    );
  });
});
