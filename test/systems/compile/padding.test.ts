import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/engine/rng.js";
import { runAnc } from "../../../src/lang/asm/anc/evaluate.js";
import { parseAnc } from "../../../src/lang/asm/anc/parse.js";
import { compileProgram, decompile } from "../../../src/systems/compile/compiler.js";
import { padProgram } from "../../../src/systems/compile/padding.js";
import { arbAncProgram } from "../../lang/asm/arbitraries.js";

const M = 10;

describe("trainable padding (no-op lines appended to a skeleton)", () => {
  it("the padded program computes what the program does, on every tape", () => {
    fc.assert(
      fc.property(
        arbAncProgram(4, 5).map((p) => ({ ...p, registers: p.registers.map((v) => v ?? 0) })),
        fc.array(fc.integer({ min: 0, max: M - 1 }), { minLength: M, maxLength: M }),
        fc.integer({ min: 0, max: 5 }),
        (program, memory, padding) => {
          const padded = padProgram(program, padding, M);
          expect(padded.lines).toHaveLength(program.lines.length + padding);
          // The no-op lines are reached only on the way out (past the program's lines, or a jump there),
          // so a run that halts takes at most `padding` more steps, and one that does not is unchanged.
          const before = runAnc(program, memory, { base: M, maxSteps: 60 });
          const after = runAnc(padded, memory, { base: M, maxSteps: before.halted ? 60 + padding : 60 });
          expect(after.halted).toBe(before.halted);
          expect(after.memory).toEqual(before.memory);
          expect(after.registers.slice(0, program.registers.length)).toEqual(before.registers);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("compiles the padding lines with eq. 3 like any other line (trainable rows that decompile to the no-op)", () => {
    const program = parseAnc("registers 0 0\nr1 = READ r0\nr1 = INC r1\nr1 = WRITE r0 r1");
    const weights = compileProgram(padProgram(program, 3, M), new Rng(2), { base: M, gamma: 0.3 });
    expect(weights.shape).toEqual({ base: M, lines: 6, registers: 3 });
    const back = decompile(weights).program;
    expect(back.lines.slice(3)).toEqual(Array.from({ length: 3 }, () => ({ op: "ZERO", a: null, b: null, out: 2 })));
  });

  it("rejects a padding that does not fit the machine, or is not a count", () => {
    const program = parseAnc("registers 0\nr0 = INC r0");
    expect(padProgram(program, 0, M)).toBe(program);
    expect(padProgram(program, 8, M).lines).toHaveLength(9);
    expect(() => padProgram(program, 9, M)).toThrow("padding 9 gives 10 lines; at most 9 keep the program's halting");
    expect(() => padProgram(program, -1, M)).toThrow("padding must be a non-negative integer, got -1");
  });
});
