import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/engine/rng.js";
import { runAnc } from "../../../src/lang/asm/anc/evaluate.js";
import { ANC_OP_RULES } from "../../../src/lang/asm/anc/ops.js";
import { ancStateLayout, argmaxRows } from "../../../src/lang/asm/anc/relaxed/index.js";
import type { AncProgram } from "../../../src/lang/asm/anc/syntax.js";
import { compileProgram, decompile, randomWeights, softmaxRows } from "../../../src/systems/compile/compiler.js";
import { weightParts } from "../../../src/systems/compile/weights.js";
import { arbAncProgram } from "../../lang/asm/arbitraries.js";
import { finalStateOffset, runCompiled } from "./helpers.js";

const M = 10;

/** The program with the arguments its instructions ignore unspecified (what decompilation reads back). */
function canonical(program: AncProgram): AncProgram {
  return {
    registers: program.registers,
    lines: program.lines.map((line) => ({
      ...line,
      a: ANC_OP_RULES[line.op].readsA ? line.a : null,
      b: ANC_OP_RULES[line.op].readsB ? line.b : null,
    })),
  };
}

/** ANC programs whose initial registers are all given (an unspecified one has no value to read back). */
const arbSpecifiedProgram = arbAncProgram(M, 5)
  .filter((p) => p.lines.length > 0)
  .map((p) => ({ ...p, registers: p.registers.map((v) => v ?? 0) }));

describe("neural compiler (seed eq. 3) and decompiler", () => {
  it.each([0, 0.3, 1])("decompile ∘ compile = the program, γ = %s", (gamma) => {
    const rng = new Rng(1);
    fc.assert(
      fc.property(arbSpecifiedProgram, (program) => {
        const { program: back, confidence } = decompile(compileProgram(program, rng, { base: M, gamma }));
        expect(back).toEqual(canonical(program));
        expect(confidence).toHaveLength(program.lines.length);
        for (const c of confidence) expect(c).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });

  it("γ = 0 gives one-hot rows up to ε, so every line has confidence ≈ 1", () => {
    const program = canonical(fc.sample(arbSpecifiedProgram, { numRuns: 1, seed: 4 })[0] as AncProgram);
    const { confidence } = decompile(compileProgram(program, new Rng(2), { base: M, gamma: 0, epsilon: 1e-9 }));
    for (const c of confidence) expect(c).toBeGreaterThan(0.9999);
  });

  it("γ = 0.3 keeps the compiled instruction the most likely one but leaves room to move (seed §3)", () => {
    const program: AncProgram = { registers: [0, 0], lines: [{ op: "INC", a: 0, b: null, out: 1 }] };
    const weights = compileProgram(program, new Rng(3), { base: M, gamma: 0.3 });
    const ops = softmaxRows(weightParts(weights).ops, 11);
    const inc = ANC_OP_RULES.INC.code;
    expect(ops[inc]).toBeGreaterThan(0.3);
    expect(ops[inc]).toBeLessThan(0.7);
  });

  it("is deterministic under the seed and different across seeds", () => {
    const program = fc.sample(arbSpecifiedProgram, { numRuns: 1, seed: 5 })[0] as AncProgram;
    const a = compileProgram(program, new Rng(9), { base: M });
    expect(compileProgram(program, new Rng(9), { base: M }).params).toEqual(a.params);
    expect(compileProgram(program, new Rng(10), { base: M }).params).not.toEqual(a.params);
  });

  it("rejects what a base-M machine cannot hold", () => {
    const line = { op: "STOP", a: null, b: null, out: 0 } as const;
    expect(() => compileProgram({ registers: [0], lines: new Array(11).fill(line) }, new Rng(1), { base: M })).toThrow(/1\.\.10 lines/);
    expect(() => compileProgram({ registers: [12], lines: [line] }, new Rng(1), { base: M })).toThrow(/registers\[0\] = 12/);
    expect(() => compileProgram({ registers: [0], lines: [line] }, new Rng(1), { base: M, gamma: -1 })).toThrow(/gamma/);
  });

  it("initial registers start at the program's values: eq. 3's noise is for the controller only (seed §2.1)", () => {
    const program: AncProgram = { registers: [0, 3, null], lines: [{ op: "INC", a: 0, b: null, out: 1 }] };
    const registers = (options: { registerGamma?: number }) => softmaxRows(weightParts(compileProgram(program, new Rng(3), { base: M, ...options })).registers, M);
    const sharp = registers({});
    expect(sharp[0]).toBeGreaterThan(0.9999);
    expect(sharp[M + 3]).toBeGreaterThan(0.9999);
    for (let v = 0; v < M; v++) expect(sharp[2 * M + v]).toBeCloseTo(1 / M, 6); // unspecified: uniform
    expect(registers({ registerGamma: 0.3 })[M + 3]).toBeLessThan(0.7);
  });

  it("random weights start every register at 0 unless asked to draw them", () => {
    const shape = { base: M, lines: 3, registers: 4 };
    const start = softmaxRows(weightParts(randomWeights(shape, new Rng(5))).registers, M);
    for (let r = 0; r < 4; r++) expect(start[r * M]).toBeGreaterThan(0.9999);
    const drawn = softmaxRows(weightParts(randomWeights(shape, new Rng(5), { randomRegisters: true })).registers, M);
    expect(drawn[0]).toBeLessThan(0.9);
  });

  it("random weights have the requested shape and decompile to some well-formed program", () => {
    const weights = randomWeights({ base: M, lines: 7, registers: 4 }, new Rng(4));
    expect(weights.params).toHaveLength(7 * 11 + 3 * 7 * 4 + 4 * M);
    const { program } = decompile(weights);
    expect(program.lines).toHaveLength(7);
    expect(program.registers).toHaveLength(4);
  });
});

describe("the compiled machine with sharp weights agrees with the exact interpreter", () => {
  it("on random programs and random tapes (final memory, registers and halting)", () => {
    const rng = new Rng(6);
    // "Sharp" means ε → 0: the relaxed machine is a mean-field approximation (registers, memory
    // and the instruction pointer are independent distributions), so in a loop the ε leak can
    // grow geometrically: on registers [0], `JEZ 0 0; READ 0` it grows ×1.85 per step, and
    // ε = 1e-9 gave a halting probability of 5.4e-4 after 19 steps. ε = 1e-15 keeps 25 steps of
    // such growth far below the tolerance, in float64.
    fc.assert(
      fc.property(arbSpecifiedProgram, fc.integer({ min: 1, max: 25 }), (program, K) => {
        const weights = compileProgram(program, rng, { base: M, gamma: 0, epsilon: 1e-15 });
        const tapes = Array.from({ length: 4 }, () => Array.from({ length: M }, () => rng.int(M)));
        const states = runCompiled(weights, tapes, K);
        const nR = program.registers.length;
        const layout = ancStateLayout(M, nR);
        tapes.forEach((tape, e) => {
          const exact = runAnc(program, tape, { base: M, maxSteps: K });
          const offset = finalStateOffset(e, K, layout.size, exact);
          expect(argmaxRows(states, offset + layout.memory, M, M)).toEqual(exact.memory);
          expect(argmaxRows(states, offset + layout.registers, nR, M)).toEqual(exact.registers);
          expect(states[offset + layout.halt]).toBeCloseTo(exact.halted ? 1 : 0, 3);
        });
      }),
      { numRuns: 60 },
    );
  });
});
