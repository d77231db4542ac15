import { BOUNDS } from "../../bounds.js";
import { LineCursor, ParseError, tokenizeLines, type Token } from "./lexer.js";
import { OP_RULES, makeInstruction } from "./ops.js";
import { OPS, type AsmProgram, type Instruction, type Label, type Op } from "./syntax.js";

export { ParseError } from "./lexer.js";

/**
 * Parser for the seed's minimal assembly, written as in its Listing 1: one instruction per line,
 * `op` followed by its operands separated by spaces (`read 1 2`, `add 1 2 1`, `jump 3 map_loop`),
 * and labels `name:` on a line of their own or before an instruction on the same line. Register
 * operands are decimal numbers; a jump's target is a label, defined anywhere in the program
 * (possibly after the last instruction, naming the end). Instruction names are case-insensitive;
 * `#` starts a comment. Errors are `ParseError`s with the 1-based line and column.
 */

const OP_SET: ReadonlySet<string> = new Set(OPS);

/** Whether the cursor stands at a label definition: a name followed by `:`. */
function atLabelDefinition(cursor: LineCursor): boolean {
  const colon = cursor.peek(1);
  return cursor.peek().kind === "name" && colon.kind === "symbol" && colon.text === ":";
}

export function parseAsm(text: string): AsmProgram {
  const raw: { op: Op; values: number[] }[] = [];
  const labels: Label[] = [];
  const defined = new Map<string, Token>();
  const references: { readonly token: Token; readonly instruction: number; readonly operand: number }[] = [];

  for (const source of tokenizeLines(text)) {
    const cursor: LineCursor = new LineCursor(source);
    while (atLabelDefinition(cursor)) {
      const token = cursor.next();
      cursor.next();
      if (OP_SET.has(token.text.toLowerCase())) {
        throw new ParseError(token.line, token.column, `"${token.text}" is an instruction name and cannot be a label`);
      }
      const previous = defined.get(token.text);
      if (previous !== undefined) {
        throw new ParseError(token.line, token.column, `label "${token.text}" is already defined on line ${previous.line}`);
      }
      defined.set(token.text, token);
      labels.push({ name: token.text, line: raw.length });
    }
    if (cursor.atEnd()) continue;
    const head = cursor.next();
    const op = head.text.toLowerCase();
    if (head.kind !== "name" || !OP_SET.has(op)) cursor.fail(head, `an instruction (${OPS.join(", ")}) or a label "name:"`);
    const rule = OP_RULES[op as Op];
    const operands = rule.operands as readonly string[];
    const values = operands.map((field, k) => {
      if (field === "target") {
        const token = cursor.next();
        if (token.kind !== "name") cursor.fail(token, `a label (the target of ${op})`);
        references.push({ token, instruction: raw.length, operand: k });
        return -1;
      }
      const { value, token } = cursor.integer(`a register number (operand ${k + 1} of ${op} ${operands.join(" ")})`);
      if (value >= BOUNDS.registers) throw new ParseError(token.line, token.column, `register ${value} is out of range: registers are numbered 0 to ${BOUNDS.registers - 1}`);
      return value;
    });
    cursor.end(operands.length === 0 ? op : `the ${operands.length} operands of ${op}`);
    raw.push({ op: op as Op, values });
  }

  const lineOf = new Map(labels.map((label) => [label.name, label.line]));
  for (const { token, instruction, operand } of references) {
    const line = lineOf.get(token.text);
    if (line === undefined) throw new ParseError(token.line, token.column, `undefined label "${token.text}"`);
    (raw[instruction] as { values: number[] }).values[operand] = line;
  }
  const instructions: Instruction[] = raw.map(({ op, values }) => makeInstruction(op, values));
  return { instructions, labels };
}
