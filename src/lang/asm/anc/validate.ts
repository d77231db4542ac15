import { ANC_OP_RULES } from "./ops.js";
import { ANC_OPS, type AncArg, type AncProgram } from "./syntax.js";

/**
 * Well-formedness of an ANC program built as data (the parser only builds well-formed ones): at
 * least one register, initial values that are non-negative integers or unspecified, known
 * instructions, and registers r0..r(R−1) in every argument and output, where an argument the
 * instruction reads must be specified (ANC leaves only ignored arguments flat).
 */
export function validateAnc(program: AncProgram): void {
  const count = program.registers.length;
  if (count === 0) throw new RangeError("an ANC program needs at least one register");
  program.registers.forEach((value, k) => {
    if (value !== null && (!Number.isSafeInteger(value) || value < 0)) {
      throw new RangeError(`initial value of r${k} must be a non-negative integer or null (unspecified), got ${value}`);
    }
  });
  const isRegister = (k: number): boolean => Number.isInteger(k) && k >= 0 && k < count;
  program.lines.forEach((line, n) => {
    if (!ANC_OPS.includes(line.op)) throw new RangeError(`line ${n}: unknown instruction "${String(line.op)}"`);
    const rule = ANC_OP_RULES[line.op];
    const check = (name: string, arg: AncArg, reads: boolean): void => {
      if (arg === null) {
        if (reads) throw new RangeError(`line ${n}: ${line.op} reads its ${name} argument, which must be a register`);
      } else if (!isRegister(arg)) {
        throw new RangeError(`line ${n}: ${name} argument ${arg} is not one of the registers r0..r${count - 1}`);
      }
    };
    check("first", line.a, rule.readsA);
    check("second", line.b, rule.readsB);
    if (!isRegister(line.out)) throw new RangeError(`line ${n}: output ${line.out} is not one of the registers r0..r${count - 1}`);
  });
}
