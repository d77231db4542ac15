import { registerOperands } from "./ops.js";
import { OPS, type AsmProgram } from "./syntax.js";

/**
 * Well-formedness of a seed-assembly program built as data (the parser only builds well-formed
 * ones): known instructions, register operands that are non-negative integers, jump targets that
 * are lines of the program or its end, and labels that are unique identifiers, not instruction
 * names, naming lines of the program or its end.
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/u;

export function validateAsm(program: AsmProgram): void {
  const { instructions, labels } = program;
  const end = instructions.length;
  instructions.forEach((instruction, k) => {
    if (!OPS.includes(instruction.op)) throw new RangeError(`instruction ${k}: unknown instruction "${String(instruction.op)}"`);
    for (const register of registerOperands(instruction)) {
      if (!Number.isSafeInteger(register) || register < 0) {
        throw new RangeError(`instruction ${k} (${instruction.op}): register ${register} is not a non-negative integer`);
      }
    }
    if (instruction.op === "jump" && (!Number.isInteger(instruction.target) || instruction.target < 0 || instruction.target > end)) {
      throw new RangeError(`instruction ${k} (jump): target ${instruction.target} is not a line of the program (0..${end})`);
    }
  });
  const names = new Set<string>();
  for (const { name, line } of labels) {
    if (!IDENTIFIER.test(name)) throw new RangeError(`label ${JSON.stringify(name)} is not an identifier`);
    if ((OPS as readonly string[]).includes(name.toLowerCase())) throw new RangeError(`label "${name}" is an instruction name`);
    if (names.has(name)) throw new RangeError(`label "${name}" is defined twice`);
    names.add(name);
    if (!Number.isInteger(line) || line < 0 || line > end) {
      throw new RangeError(`label "${name}" names line ${line}, which is not a line of the program (0..${end})`);
    }
  }
}

/** The number of registers a program names: one more than its largest register operand (at least 1). */
export function registersUsed(program: AsmProgram): number {
  let count = 1;
  for (const instruction of program.instructions) {
    for (const register of registerOperands(instruction)) count = Math.max(count, register + 1);
  }
  return count;
}
