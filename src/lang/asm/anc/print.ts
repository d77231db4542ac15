import type { AncArg, AncProgram } from "./syntax.js";
import { validateAnc } from "./validate.js";

/**
 * Printer for ANC programs (golden-tested): the `registers` line with the initial values (`_` for
 * unspecified), then one line `k: rOUT = OP ARG1 ARG2` per instruction-register value k, both
 * arguments always written (`_` for an unspecified one), as the four rows of ANC's encoding hold
 * them. parse.ts reads this text back to the same program.
 */
export function printAnc(program: AncProgram): string {
  validateAnc(program);
  const value = (v: number | null): string => (v === null ? "_" : String(v));
  const arg = (a: AncArg): string => (a === null ? "_" : `r${a}`);
  const header = ["registers", ...program.registers.map(value)].join(" ");
  const lines = program.lines.map((line, k) => `${k}: r${line.out} = ${line.op} ${arg(line.a)} ${arg(line.b)}`);
  return [header, ...lines].join("\n");
}
