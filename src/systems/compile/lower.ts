import { checkBase } from "../../lang/asm/alu.js";
import type { AncLine, AncProgram } from "../../lang/asm/anc/syntax.js";
import type { AsmProgram, Instruction } from "../../lang/asm/syntax.js";
import { registersUsed, validateAsm } from "../../lang/asm/validate.js";
import { assertNever } from "../../typeHelpers.js";

/**
 * Lowering of the seed's minimal assembly (Saldyt 2022, §2.1, Listing 1) to ANC's 11-op machine
 * (Bunel et al. 2016), the differentiable machine gradsynth compiles into (anc/relaxed/). Line k of
 * the seed program becomes line k of the ANC program, so labels keep their line numbers:
 *
 *   read a out      → rOUT = READ ra _          inc/dec a out → rOUT = INC/DEC ra _
 *   add/sub/max/min a b out → rOUT = ADD/SUB/MAX/MIN ra rb
 *   write a b       → rS = WRITE ra rb          (rS: a scratch register, since every ANC op writes)
 *   jump a L        → rS = JEZ ra rL            (rL: a constant register holding the line L)
 *   noop            → rS = ZERO _ _             halt → rS = STOP _ _
 *
 * Registers: the seed's registers r0..r(n−1) keep their numbers and start at 0 (as `runAsm`'s
 * do); rS = rn; then one constant register per distinct jump target, initialised to that line
 * (ANC's jump target is the value of a register, the seed's a literal line, docs/asm.md). Nothing
 * writes rS's or the constants' numbers in the seed program, so they keep their values.
 *
 * The seed's `mod` has no ANC counterpart and is rejected. Running past the last line halts both
 * machines, but ANC's instruction register wraps mod M, so the program may have at most M − 1
 * lines: the value L is then the implicit halting line (and a label at the end names it).
 */

/** How the seed program's registers map onto the lowered program's. */
export interface LoweredProgram {
  readonly program: AncProgram;
  /** Registers 0..seedRegisters−1 of the ANC program are the seed program's registers. */
  readonly seedRegisters: number;
}

export function lowerToAnc(program: AsmProgram, base: number): LoweredProgram {
  validateAsm(program);
  checkBase(base);
  const { instructions } = program;
  if (instructions.length > base - 1) {
    throw new RangeError(
      `a base-${base} machine holds at most ${base - 1} lines of seed assembly (its instruction register is a base-${base} value and one value is the halt past the end), the program has ${instructions.length}`,
    );
  }
  const seedRegisters = registersUsed(program);
  const scratch = seedRegisters;
  const targets = [...new Set(instructions.flatMap((i) => (i.op === "jump" ? [i.target] : [])))].sort((x, y) => x - y);
  const constant = new Map(targets.map((line, k) => [line, scratch + 1 + k]));
  const lower = (instruction: Instruction, k: number): AncLine => {
    switch (instruction.op) {
      case "read":
        return { op: "READ", a: instruction.a, b: null, out: instruction.out };
      case "inc":
        return { op: "INC", a: instruction.a, b: null, out: instruction.out };
      case "dec":
        return { op: "DEC", a: instruction.a, b: null, out: instruction.out };
      case "add":
        return { op: "ADD", a: instruction.a, b: instruction.b, out: instruction.out };
      case "sub":
        return { op: "SUB", a: instruction.a, b: instruction.b, out: instruction.out };
      case "max":
        return { op: "MAX", a: instruction.a, b: instruction.b, out: instruction.out };
      case "min":
        return { op: "MIN", a: instruction.a, b: instruction.b, out: instruction.out };
      case "mod":
        throw new RangeError(`instruction ${k} (counting from 0): mod has no counterpart among ANC's instructions, so this program cannot be compiled`);
      case "write":
        return { op: "WRITE", a: instruction.a, b: instruction.b, out: scratch };
      case "jump":
        return { op: "JEZ", a: instruction.a, b: constant.get(instruction.target) as number, out: scratch };
      case "noop":
        return { op: "ZERO", a: null, b: null, out: scratch };
      case "halt":
        return { op: "STOP", a: null, b: null, out: scratch };
      default:
        return assertNever(instruction);
    }
  };
  const registers = [...new Array<number>(seedRegisters + 1).fill(0), ...targets];
  return { program: { registers, lines: instructions.map(lower) }, seedRegisters };
}
