import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseErrorOf } from "../../helpers/thrown.js";
import { fromAncEncoding, toAncEncoding } from "../../../src/lang/asm/anc/encoding.js";
import { initialAncState, runAnc, stepAnc, type AncState } from "../../../src/lang/asm/anc/evaluate.js";
import { ANC_OP_RULES } from "../../../src/lang/asm/anc/ops.js";
import { parseAnc } from "../../../src/lang/asm/anc/parse.js";
import { printAnc } from "../../../src/lang/asm/anc/print.js";
import { ANC_OPS, type AncProgram } from "../../../src/lang/asm/anc/syntax.js";
import { arbAncProgram } from "./arbitraries.js";

const example = (name: string): string => readFileSync(new URL(`../../../examples/asm/anc/${name}.anc`, import.meta.url), "utf8");
const f = null; // ANC's flat distribution `f`

describe("ANC's encoding", () => {
  it("numbers the instructions as ANC does: STOP=0, ZERO=1, …, JEZ=10", () => {
    expect(ANC_OPS.map((op) => [op, ANC_OP_RULES[op].code])).toEqual([
      ["STOP", 0], ["ZERO", 1], ["INC", 2], ["ADD", 3], ["SUB", 4], ["DEC", 5],
      ["MIN", 6], ["MAX", 7], ["READ", 8], ["WRITE", 9], ["JEZ", 10],
    ]);
  });

  // The four rows of `config.program` and `config.registers_init` of
  // albanD/adaptive-neural-compilation, adaptation/examples/{access,increment,swap}.lua.
  it.each([
    ["access", { arg1: [0, 1, 1, 0, f], arg2: [f, f, f, 1, f], out: [1, 1, 1, 2, 2], instr: [8, 2, 8, 9, 0] }, [0, 0, f]],
    [
      "increment",
      { arg1: [0, 1, 1, 0, 0, 4, f], arg2: [f, 2, f, 1, f, 3, f], out: [1, 5, 1, 5, 0, 5, 5], instr: [8, 10, 2, 9, 2, 10, 0] },
      [0, f, 6, 0, 0, f],
    ],
    [
      "swap",
      { arg1: [0, 0, 1, 1, 0, 1, 0, 1, f], arg2: [f, 4, f, 4, f, f, 3, 2, f], out: [0, 0, 1, 1, 2, 3, 4, 4, 4], instr: [8, 3, 8, 3, 8, 8, 9, 9, 0] },
      [0, 1, f, f, 2],
    ],
  ])("examples/asm/anc/%s.anc is ANC's configuration, row for row", (name, encoding, registers) => {
    const program = parseAnc(example(name));
    expect(program).toEqual(fromAncEncoding(encoding, registers));
    expect(toAncEncoding(program)).toEqual(encoding);
  });

  it("rejects unknown codes and ragged rows", () => {
    expect(() => fromAncEncoding({ arg1: [f], arg2: [f], out: [0], instr: [11] }, [0])).toThrow("line 0: unknown instruction code 11");
    expect(() => fromAncEncoding({ arg1: [f], arg2: [], out: [0], instr: [0] }, [0])).toThrow("one entry per line");
    expect(() => fromAncEncoding({ arg1: [f], arg2: [f], out: [0], instr: [8] }, [0])).toThrow("READ reads its first argument");
  });
});

describe("parseAnc and printAnc", () => {
  it("prints every argument, `_` for unspecified ones (golden)", () => {
    const text = "registers 0 _ 6\nr1 = read r0\nr2=JEZ r1 r2 # comment\n\n  2 : r0 = stop";
    expect(printAnc(parseAnc(text))).toBe(["registers 0 _ 6", "0: r1 = READ r0 _", "1: r2 = JEZ r1 r2", "2: r0 = STOP _ _"].join("\n"));
  });

  it.each([
    ["", "line 1, column 1: empty program: expected \"registers\" and the initial register values"],
    ["r1 = INC r0", "line 1, column 1: expected \"registers\" and the initial register values before the first line, found \"r1\""],
    ["registers", "line 1, column 10: expected an initial register value (a number, or _ for unspecified), found end of line"],
    ["registers 0 x", "line 1, column 13: expected an initial register value (a number, or _ for unspecified), found \"x\""],
    ["registers 0 0\n1: r1 = INC r0", "line 2, column 1: expected line number 0, found 1"],
    ["registers 0 0\nr2 = INC r0", "line 2, column 1: r2 is not one of the 2 registers r0..r1"],
    ["registers 0 0\nr1 INC r0", "line 2, column 4: expected \"=\", found \"INC\""],
    ["registers 0 0\nr1 = NOP r0", "line 2, column 6: expected an instruction (STOP, ZERO, INC, ADD, SUB, DEC, MIN, MAX, READ, WRITE, JEZ), found \"NOP\""],
    ["registers 0 0\nr1 = READ _ r0", "line 2, column 11: expected a register (READ reads its first argument), found \"_\""],
    ["registers 0 0\nr1 = ADD r0", "line 2, column 12: expected a register (ADD reads its second argument), found end of line"],
    ["registers 0 0\nr1 = INC r0 r1 r1", "line 2, column 16: expected end of line after INC's two arguments, found \"r1\""],
    ["registers 0 0\nr1 = INC 0", "line 2, column 10: expected a register rK or _ (the first argument), found \"0\""],
  ])("reports %j with its line and column", (text, message) => {
    expect(parseErrorOf(() => parseAnc(text)).message).toBe(message);
  });

  it("print ∘ parse ∘ print = print and parse ∘ print = id", () => {
    fc.assert(
      fc.property(arbAncProgram(), (program) => {
        const text = printAnc(program);
        expect(parseAnc(text)).toEqual(program);
        expect(printAnc(parseAnc(text))).toBe(text);
      }),
      { numRuns: 120 },
    );
  });
});

describe("runAnc (machine.lua at one-hot distributions)", () => {
  const program = (text: string): AncProgram => parseAnc(text);
  const run = (text: string, memory: number[], base = 10, maxSteps?: number): AncState =>
    runAnc(program(text), memory, { base, ...(maxSteps === undefined ? {} : { maxSteps }) });

  it("computes INC, DEC, ADD, SUB mod M and MIN, MAX, ZERO into the output register", () => {
    const text = ["registers 3 9 0 0 0 0 0 0 5", "r2 = INC r1", "r3 = DEC r2", "r4 = ADD r0 r1", "r5 = SUB r0 r1", "r6 = MIN r0 r1", "r7 = MAX r0 r1", "r8 = ZERO", "r0 = STOP"].join("\n");
    expect(run(text, []).registers).toEqual([0, 9, 0, 9, 2, 4, 3, 9, 0]);
  });

  it("READ reads the tape; WRITE writes it and clears its output register; STOP clears its own too", () => {
    const state = run("registers 2 7 5\nr1 = READ r0\nr2 = WRITE r0 r1\nr0 = STOP", [0, 0, 4]);
    expect(state.memory.slice(0, 3)).toEqual([0, 0, 4]);
    expect(state.registers).toEqual([0, 4, 0]);
    const write = run("registers 2 7 5\nr2 = WRITE r0 r1\nr1 = STOP", []);
    expect(write.memory.slice(0, 3)).toEqual([0, 0, 7]);
    expect(write.registers).toEqual([2, 0, 0]);
    expect(write).toMatchObject({ steps: 2, halted: true });
  });

  it("JEZ jumps to the line held by its second argument when the first is 0, and writes 0", () => {
    const text = "registers 0 3 1 9\nr3 = JEZ r0 r1\nr0 = INC r0\nr3 = STOP\nr2 = JEZ r0 r1\nr3 = STOP";
    // Line 0 jumps to line 3 (r1 = 3), clearing r3; line 3 jumps to itself forever, clearing r2.
    const state = runAnc(program(text), [], { base: 10, maxSteps: 5 });
    expect(state).toMatchObject({ registers: [0, 3, 0, 0], ir: 3, steps: 5, halted: false });
    const falls = run("registers 1 3 1 9\nr3 = JEZ r0 r1\nr3 = STOP", []);
    expect(falls).toMatchObject({ registers: [1, 3, 1, 0], ir: 2, steps: 2, halted: true });
  });

  it("advances the instruction register mod M, and halts on IR values past the last line", () => {
    // Three lines at M = 3: line 2 wraps to line 0.
    const wraps = runAnc(program("registers 0\nr0 = INC r0\nr0 = INC r0\nr0 = INC r0"), [], { base: 3, maxSteps: 4 });
    expect(wraps).toMatchObject({ registers: [1], ir: 1, steps: 4, halted: false });
    const past = run("registers 0 7\nr0 = INC r0\nr0 = JEZ r0 r1", []);
    expect(past).toMatchObject({ registers: [0, 7], ir: 2, steps: 3, halted: true });
    expect(run("registers 0 7\nr0 = ZERO\nr1 = JEZ r0 r1", [])).toMatchObject({ ir: 7, steps: 3, halted: true });
  });

  it("checks the program against the base and fills unspecified registers with `flat`", () => {
    expect(() => initialAncState(program("registers 0\nr0 = INC r0\nr0 = INC r0\nr0 = INC r0"), [], { base: 2 })).toThrow(
      "a base-2 machine selects lines with an IR in 0..1, but the program has 3 lines",
    );
    expect(() => initialAncState(program("registers 12"), [], { base: 10 })).toThrow("registers[0] = 12");
    expect(initialAncState(program("registers 1 _ 2"), [], { base: 10, flat: 7 }).registers).toEqual([1, 7, 2]);
    expect(() => initialAncState(program("registers _"), [], { base: 10, flat: 10 })).toThrow("flat[0] = 10");
  });

  it("stepAnc reproduces runAnc one step at a time; every value stays in 0..M−1", () => {
    fc.assert(
      fc.property(arbAncProgram(8, 4), fc.array(fc.nat({ max: 9 }), { maxLength: 10 }), fc.nat({ max: 25 }), (p, memory, maxSteps) => {
        const base = 10;
        let state = initialAncState(p, memory, { base, flat: 3 });
        do state = stepAnc(p, state, base);
        while (!state.halted && state.steps < maxSteps);
        expect(state).toEqual(runAnc(p, memory, { base, flat: 3, maxSteps: Math.max(1, maxSteps) }));
        for (const value of [...state.memory, ...state.registers, state.ir]) expect(value >= 0 && value < base).toBe(true);
      }),
      { numRuns: 120 },
    );
  });
});
