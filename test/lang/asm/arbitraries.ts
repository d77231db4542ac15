import fc from "fast-check";
import { ANC_OP_RULES } from "../../../src/lang/asm/anc/ops.js";
import { ANC_OPS, type AncArg, type AncProgram } from "../../../src/lang/asm/anc/syntax.js";
import { OP_RULES, makeInstruction } from "../../../src/lang/asm/ops.js";
import { OPS, type AsmProgram, type Instruction } from "../../../src/lang/asm/syntax.js";

/** fast-check arbitraries for the two assembly languages, shared by their tests. */

/** Label names, including `L<k>` names that collide with the printer's fresh labels. */
const LABEL_NAMES = ["loop", "done", "L0", "L1", "L2", "L1_1", "start", "x_1", "_"];

/**
 * A well-formed seed-assembly program of at most `maxInstructions` instructions over registers
 * 0..registers−1, jumps to any line or the end, and labels (unique names) on random lines.
 */
export function arbAsmProgram(maxInstructions = 8, registers = 6): fc.Arbitrary<AsmProgram> {
  return fc.integer({ min: 0, max: maxInstructions }).chain((count) => {
    const instruction: fc.Arbitrary<Instruction> = fc
      .tuple(fc.constantFrom(...OPS), fc.array(fc.nat({ max: registers - 1 }), { minLength: 3, maxLength: 3 }), fc.nat({ max: count }))
      .map(([op, values, target]) => {
        const fields = OP_RULES[op].operands as readonly string[];
        return makeInstruction(op, fields.map((field, k) => (field === "target" ? target : (values[k] as number))));
      });
    const labels = fc
      .uniqueArray(fc.constantFrom(...LABEL_NAMES), { maxLength: 4 })
      .chain((names) => fc.tuple(...names.map((name) => fc.nat({ max: count }).map((line) => ({ name, line })))));
    return fc.record({ instructions: fc.array(instruction, { minLength: count, maxLength: count }), labels });
  });
}

/** A well-formed ANC program with 1..maxRegisters registers and at most `maxLines` lines. */
export function arbAncProgram(maxLines = 8, maxRegisters = 5): fc.Arbitrary<AncProgram> {
  return fc.integer({ min: 1, max: maxRegisters }).chain((count) => {
    const register = fc.nat({ max: count - 1 });
    const arg: fc.Arbitrary<AncArg> = fc.option(register, { nil: null });
    const line = fc.record({ op: fc.constantFrom(...ANC_OPS), a: arg, b: arg, out: register }).map((raw) => ({
      ...raw,
      // An argument the instruction reads must be a register.
      a: raw.a ?? (ANC_OP_RULES[raw.op].readsA ? 0 : null),
      b: raw.b ?? (ANC_OP_RULES[raw.op].readsB ? 0 : null),
    }));
    return fc.record({
      registers: fc.array(fc.option(fc.nat({ max: 9 }), { nil: null }), { minLength: count, maxLength: count }),
      lines: fc.array(line, { maxLength: maxLines }),
    });
  });
}
