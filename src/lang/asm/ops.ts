import type { AluOp } from "./alu.js";
import type { Instruction, InstructionOf, Op } from "./syntax.js";

/**
 * Per-instruction rules of the seed's minimal assembly (DESIGN principle 1): the operands in their
 * textual order, and the meaning. Parsing, printing, validation and the arbitraries of the tests
 * are driven by this table, so adding an instruction without its rule fails the type check.
 */

/** An operand field of instruction K (every field but `op`). */
export type OperandOf<K extends Op> = Exclude<keyof InstructionOf<K>, "op">;

export interface OpRule<K extends Op> {
  /** Operand fields in the order they are written: `add a b out`, `jump a target`. */
  readonly operands: readonly OperandOf<K>[];
  /** The arithmetic it performs, for the instructions that compute `out` from registers alone. */
  readonly alu?: AluOp;
  /** Meaning, with r_k the value of register k and M the memory tape. */
  readonly summary: string;
}

export const OP_RULES: { readonly [K in Op]: OpRule<K> } = {
  read: { operands: ["a", "out"], summary: "r_out ← M[r_a]" },
  write: { operands: ["a", "b"], summary: "M[r_a] ← r_b" },
  inc: { operands: ["a", "out"], alu: "inc", summary: "r_out ← (r_a + 1) mod b" },
  dec: { operands: ["a", "out"], alu: "dec", summary: "r_out ← (r_a − 1) mod b" },
  add: { operands: ["a", "b", "out"], alu: "add", summary: "r_out ← (r_a + r_b) mod b" },
  sub: { operands: ["a", "b", "out"], alu: "sub", summary: "r_out ← (r_a − r_b) mod b" },
  max: { operands: ["a", "b", "out"], alu: "max", summary: "r_out ← max(r_a, r_b)" },
  min: { operands: ["a", "b", "out"], alu: "min", summary: "r_out ← min(r_a, r_b)" },
  mod: { operands: ["a", "b", "out"], alu: "mod", summary: "r_out ← r_a mod r_b (r_a when r_b = 0)" },
  jump: { operands: ["a", "target"], summary: "go to `target` if r_a = 0, else to the next line" },
  noop: { operands: [], summary: "nothing" },
  halt: { operands: [], summary: "stop the machine" },
};

/** The operand values of an instruction, in textual order. */
export function operandValues(instruction: Instruction): number[] {
  const fields = OP_RULES[instruction.op].operands as readonly string[];
  const record = instruction as unknown as Readonly<Record<string, number>>;
  return fields.map((field) => record[field] as number);
}

/** Builds instruction `op` from its operand values in textual order (the inverse of `operandValues`). */
export function makeInstruction(op: Op, values: readonly number[]): Instruction {
  const fields = OP_RULES[op].operands as readonly string[];
  if (values.length !== fields.length) {
    throw new RangeError(`${op} takes ${fields.length} operands, got ${values.length}`);
  }
  const instruction: Record<string, unknown> = { op };
  fields.forEach((field, i) => (instruction[field] = values[i]));
  return instruction as unknown as Instruction;
}

/** The register operands of an instruction (every operand but a jump target). */
export function registerOperands(instruction: Instruction): number[] {
  const fields = OP_RULES[instruction.op].operands as readonly string[];
  return operandValues(instruction).filter((_, i) => fields[i] !== "target");
}
