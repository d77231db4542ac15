import { ANC_OP_RULES, ancOpOfCode } from "./ops.js";
import type { AncArg, AncLine, AncProgram } from "./syntax.js";
import { validateAnc } from "./validate.js";

/**
 * ANC's numeric encoding of a program, as its configuration files write `config.program`
 * (albanD/adaptive-neural-compilation, adaptation/examples/*.lua): four rows with one entry per
 * line — first arguments, second arguments, target (output) registers, instruction codes — where
 * `null` stands for ANC's flat distribution `f`. The initial registers are `config.registers_init`.
 */
export interface AncEncoding {
  readonly arg1: readonly AncArg[];
  readonly arg2: readonly AncArg[];
  readonly out: readonly number[];
  readonly instr: readonly number[];
}

export function toAncEncoding(program: AncProgram): AncEncoding {
  validateAnc(program);
  return {
    arg1: program.lines.map((line) => line.a),
    arg2: program.lines.map((line) => line.b),
    out: program.lines.map((line) => line.out),
    instr: program.lines.map((line) => ANC_OP_RULES[line.op].code),
  };
}

export function fromAncEncoding(encoding: AncEncoding, registers: readonly (number | null)[]): AncProgram {
  const { arg1, arg2, out, instr } = encoding;
  const count = instr.length;
  if (arg1.length !== count || arg2.length !== count || out.length !== count) {
    throw new RangeError(`the four rows must have one entry per line, got ${arg1.length}, ${arg2.length}, ${out.length}, ${count}`);
  }
  const lines: AncLine[] = instr.map((code, n) => {
    const op = ancOpOfCode(code);
    if (op === undefined) throw new RangeError(`line ${n}: unknown instruction code ${code} (0..10)`);
    return { op, a: arg1[n] as AncArg, b: arg2[n] as AncArg, out: out[n] as number };
  });
  const program = { registers: [...registers], lines };
  validateAnc(program);
  return program;
}
