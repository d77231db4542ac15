import { describe, expect, it } from "vitest";
import { Rng } from "../../../../src/engine/rng.js";
import { applyAlu } from "../../../../src/lang/asm/alu.js";
import { ANC_OP_RULES } from "../../../../src/lang/asm/anc/ops.js";
import { RELAXED_OUTPUTS, type OutputInputs } from "../../../../src/lang/asm/anc/relaxed/outputRules.js";
import { ANC_OPS } from "../../../../src/lang/asm/anc/syntax.js";

const M = 5;
const oneHot = (v: number): Float64Array => Float64Array.from({ length: M }, (_, i) => (i === v ? 1 : 0));
const distribution = (rng: Rng): Float64Array => {
  const x = Float64Array.from({ length: M }, () => 0.1 + rng.next());
  const total = x.reduce((s, v) => s + v, 0);
  return x.map((v) => v / total);
};
const inputs = (a: Float64Array, b: Float64Array, memory: Float64Array): OutputInputs => ({ M, a, b, state: memory, memory: 0 });
const output = (op: (typeof ANC_OPS)[number], x: OutputInputs): Float64Array => {
  const o = new Float64Array(M);
  RELAXED_OUTPUTS[op].forward(x, o);
  return o;
};

/** Each instruction's relaxed output rule (the table the ANC machine kernel iterates), one op at a time. */
describe.each(ANC_OPS)("RELAXED_OUTPUTS.%s", (op) => {
  it("on one-hot arguments is the one-hot of the exact result (ALU value, memory cell, or 0)", () => {
    const rng = new Rng(3);
    const tape = Array.from({ length: M }, () => rng.int(M));
    const memory = Float64Array.from(tape.flatMap((v) => [...oneHot(v)]));
    const rule = ANC_OP_RULES[op];
    for (let x = 0; x < M; x++) {
      for (let y = 0; y < M; y++) {
        const exact = op === "READ" ? (tape[x] as number) : rule.alu === undefined ? 0 : applyAlu(rule.alu, x, y, M);
        expect([...output(op, inputs(oneHot(x), oneHot(y), memory))]).toEqual([...oneHot(exact)]);
      }
    }
  });

  it("backward = central finite differences of Σ_v e_v o_v in a, b and the memory", () => {
    const rng = new Rng(7);
    const a = distribution(rng);
    const b = distribution(rng);
    const mem = Float64Array.from(Array.from({ length: M }, () => [...distribution(rng)]).flat());
    const e = Float64Array.from({ length: M }, () => rng.next() - 0.5);
    const loss = (x: OutputInputs): number => output(op, x).reduce((s, v, i) => s + v * (e[i] as number), 0);
    const g = { da: new Float64Array(M), db: new Float64Array(M), dState: new Float64Array(M * M), dMemory: 0, scratch: [new Float64Array(M), new Float64Array(M)] as [Float64Array, Float64Array] };
    RELAXED_OUTPUTS[op].backward(inputs(a, b, mem), e, g);
    const h = 1e-6;
    const central = (bump: (sign: number) => OutputInputs): number => (loss(bump(1)) - loss(bump(-1))) / (2 * h);
    const moved = (x: Float64Array, i: number, sign: number): Float64Array => x.map((v, j) => (j === i ? v + sign * h : v));
    for (let i = 0; i < M; i++) {
      expect(g.da[i]).toBeCloseTo(central((s) => inputs(moved(a, i, s), b, mem)), 7);
      expect(g.db[i]).toBeCloseTo(central((s) => inputs(a, moved(b, i, s), mem)), 7);
    }
    for (let i = 0; i < M * M; i++) expect(g.dState[i]).toBeCloseTo(central((s) => inputs(a, b, moved(mem, i, s))), 7);
  });
});
