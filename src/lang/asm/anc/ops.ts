import type { AluOp } from "../alu.js";
import { ANC_OPS, type AncOp } from "./syntax.js";

/**
 * Per-instruction rules of ANC's machine (DESIGN principle 1). Codes and meanings follow
 * albanD/adaptive-neural-compilation: the code is the position in `instruction_set`
 * (adaptation/layers/machine.lua) minus one, and the meanings are the `updateOutput` of
 * adaptation/ops/*.lua plus the side effects machine.lua applies for WRITE, JEZ and STOP.
 */
export interface AncOpRule {
  /** ANC's instruction code (STOP = 0 … JEZ = 10). */
  readonly code: number;
  /** Whether the instruction reads its first and its second argument. */
  readonly readsA: boolean;
  readonly readsB: boolean;
  /** The arithmetic that computes the output, for the instructions that only do arithmetic. */
  readonly alu?: AluOp;
  /** Meaning, with a, b the argument values, M the memory tape, IR the instruction register. */
  readonly summary: string;
}

export const ANC_OP_RULES: { readonly [K in AncOp]: AncOpRule } = {
  STOP: { code: 0, readsA: false, readsB: false, summary: "out ← 0; the machine stops (stop_op.lua, machine.lua)" },
  ZERO: { code: 1, readsA: false, readsB: false, alu: "zero", summary: "out ← 0 (zero_op.lua)" },
  INC: { code: 2, readsA: true, readsB: false, alu: "inc", summary: "out ← (a + 1) mod M (inc_op.lua)" },
  ADD: { code: 3, readsA: true, readsB: true, alu: "add", summary: "out ← (a + b) mod M (add_op.lua)" },
  SUB: { code: 4, readsA: true, readsB: true, alu: "sub", summary: "out ← (a − b) mod M (sub_op.lua)" },
  DEC: { code: 5, readsA: true, readsB: false, alu: "dec", summary: "out ← (a − 1) mod M (dec_op.lua)" },
  MIN: { code: 6, readsA: true, readsB: true, alu: "min", summary: "out ← min(a, b) (min_op.lua)" },
  MAX: { code: 7, readsA: true, readsB: true, alu: "max", summary: "out ← max(a, b) (max_op.lua)" },
  READ: { code: 8, readsA: true, readsB: false, summary: "out ← M[a] (read_op.lua)" },
  WRITE: { code: 9, readsA: true, readsB: true, summary: "M[a] ← b; out ← 0 (write_op.lua)" },
  JEZ: { code: 10, readsA: true, readsB: true, summary: "IR ← b if a = 0, else IR + 1; out ← 0 (jez_op.lua, machine.lua)" },
};

/** The instruction with ANC code `code`, if any. */
export function ancOpOfCode(code: number): AncOp | undefined {
  return ANC_OPS[code];
}
