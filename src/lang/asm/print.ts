import { OP_RULES, operandValues } from "./ops.js";
import type { AsmProgram, Instruction } from "./syntax.js";
import { validateAsm } from "./validate.js";

/**
 * Printer for the seed's minimal assembly in the layout of its Listing 1 (golden-tested, DESIGN
 * principle 5): each label on a line of its own (`map_loop:`), then one instruction per line with
 * its operands in textual order (`read 1 2`, `jump 3 map_loop`), no indentation.
 *
 * Jump targets print as the first label naming their line; a target line without a label (a
 * program built as data, e.g. decompiled from weights) gets a fresh label `L<line>` so that the
 * text parses back to the same program.
 */

/** One instruction, with `labelOf` naming jump targets. */
export function printInstruction(instruction: Instruction, labelOf: (line: number) => string): string {
  const fields = OP_RULES[instruction.op].operands as readonly string[];
  const operands = operandValues(instruction).map((value, k) => (fields[k] === "target" ? labelOf(value) : String(value)));
  return [instruction.op, ...operands].join(" ");
}

export function printAsm(program: AsmProgram): string {
  validateAsm(program);
  const { instructions } = program;
  const byLine = new Map<number, string[]>();
  const taken = new Set<string>();
  const add = (line: number, name: string): void => {
    byLine.set(line, [...(byLine.get(line) ?? []), name]);
    taken.add(name);
  };
  for (const label of [...program.labels].sort((x, y) => x.line - y.line)) add(label.line, label.name);
  for (const instruction of instructions) {
    if (instruction.op !== "jump" || byLine.has(instruction.target)) continue;
    let name = `L${instruction.target}`;
    for (let k = 1; taken.has(name); k++) name = `L${instruction.target}_${k}`;
    add(instruction.target, name);
  }
  const labelOf = (line: number): string => (byLine.get(line) as string[])[0] as string;
  const text: string[] = [];
  for (let line = 0; line <= instructions.length; line++) {
    for (const name of byLine.get(line) ?? []) text.push(`${name}:`);
    const instruction = instructions[line];
    if (instruction !== undefined) text.push(printInstruction(instruction, labelOf));
  }
  return text.join("\n");
}
