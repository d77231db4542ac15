/**
 * Syntax of Adaptive Neural Compilation's register machine (Bunel et al. 2016; official code
 * albanD/adaptive-neural-compilation, Lua Torch). A program is what ANC's configuration files hold
 * (adaptation/examples/*.lua): the initial value of every register (`config.registers_init`) and
 * one line per instruction-register value, each line a tuple (op, arg1, arg2, output register)
 * (`config.program`, four rows: first arguments, second arguments, target registers,
 * instructions).
 *
 * An argument an instruction does not read may be left unspecified, and so may an initial register
 * value the program never relies on: ANC writes these as `f` (`distUtils.flatDist`, a uniform
 * distribution); here they are `null`.
 */

/** ANC's 11 instructions; the index is ANC's code (adaptation/layers/machine.lua, the order of `instruction_set`). */
export const ANC_OPS = ["STOP", "ZERO", "INC", "ADD", "SUB", "DEC", "MIN", "MAX", "READ", "WRITE", "JEZ"] as const;
export type AncOp = (typeof ANC_OPS)[number];

/** A register number, or `null` for ANC's flat (unspecified) argument. */
export type AncArg = number | null;

/** One line: `out = op(a, b)`. Every line names an output register, as every ANC line does. */
export interface AncLine {
  readonly op: AncOp;
  readonly a: AncArg;
  readonly b: AncArg;
  readonly out: number;
}

export interface AncProgram {
  /** Initial register values (registers r0, r1, …; the instruction register is separate and starts at 0). */
  readonly registers: readonly (number | null)[];
  /** Line k is executed when the instruction register holds k. */
  readonly lines: readonly AncLine[];
}
