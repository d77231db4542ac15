import { LineCursor, ParseError, tokenizeLines } from "../lexer.js";
import { ANC_OP_RULES } from "./ops.js";
import { ANC_OPS, type AncArg, type AncLine, type AncOp, type AncProgram } from "./syntax.js";

export { ParseError } from "../lexer.js";

/**
 * Parser for ANC programs in gradsynth's text form (printed by print.ts):
 *
 *     registers 0 0 _          # initial values of r0, r1, r2; `_` = unspecified (ANC's `f`)
 *     0: r1 = READ r0 _        # line 0: r1 ← M[r0]
 *     1: r1 = INC r1
 *
 * The `registers` line comes first. Each further line is `out = OP arg1 arg2` with an optional
 * `k:` prefix that must equal the line's index (the instruction-register value selecting it, which
 * JEZ targets). Arguments are registers `rK` or `_`; missing trailing arguments are `_`. An
 * argument the instruction reads must be a register. Instruction names are case-insensitive; `#`
 * starts a comment. Errors are `ParseError`s with the 1-based line and column.
 */

const OP_BY_NAME = new Map<string, AncOp>(ANC_OPS.map((op) => [op, op]));
const REGISTER = /^[rR]([0-9]+)$/u;

function register(cursor: LineCursor, count: number, expected: string): number {
  const token = cursor.next();
  const match = token.kind === "name" ? REGISTER.exec(token.text) : null;
  if (match === null) cursor.fail(token, expected);
  const index = Number(match[1]);
  if (index >= count) {
    throw new ParseError(token.line, token.column, `${token.text} is not one of the ${count} registers r0..r${count - 1}`);
  }
  return index;
}

function registersLine(cursor: LineCursor): (number | null)[] {
  const head = cursor.next();
  if (head.kind !== "name" || head.text.toLowerCase() !== "registers") {
    cursor.fail(head, "\"registers\" and the initial register values before the first line");
  }
  const values: (number | null)[] = [];
  while (!cursor.atEnd() || values.length === 0) {
    const token = cursor.peek();
    if (token.kind === "name" && token.text === "_") {
      cursor.next();
      values.push(null);
    } else {
      values.push(cursor.integer("an initial register value (a number, or _ for unspecified)").value);
    }
  }
  return values;
}

function instructionLine(cursor: LineCursor, index: number, count: number): AncLine {
  const first = cursor.peek();
  if (first.kind === "number") {
    const { value, token } = cursor.integer("a line number");
    if (value !== index) throw new ParseError(token.line, token.column, `expected line number ${index}, found ${value}`);
    cursor.symbol(":");
  }
  const out = register(cursor, count, "an output register rK (lines read `rK = OP arg1 arg2`)");
  cursor.symbol("=");
  const head = cursor.next();
  const op = head.kind === "name" ? OP_BY_NAME.get(head.text.toUpperCase()) : undefined;
  if (op === undefined) cursor.fail(head, `an instruction (${ANC_OPS.join(", ")})`);
  const rule = ANC_OP_RULES[op];
  const argument = (reads: boolean, which: string): AncArg => {
    const token = cursor.peek();
    const flat = token.kind === "newline" || (token.kind === "name" && token.text === "_");
    if (flat && reads) cursor.fail(token, `a register (${op} reads its ${which} argument)`);
    if (flat) {
      cursor.next();
      return null;
    }
    return register(cursor, count, `a register rK or _ (the ${which} argument)`);
  };
  const a = argument(rule.readsA, "first");
  const b = argument(rule.readsB, "second");
  cursor.end(`${op}'s two arguments`);
  return { op, a, b, out };
}

export function parseAnc(text: string): AncProgram {
  let registers: (number | null)[] | undefined;
  const lines: AncLine[] = [];
  const sources = tokenizeLines(text);
  for (const source of sources) {
    const cursor: LineCursor = new LineCursor(source);
    if (cursor.atEnd()) continue;
    if (registers === undefined) registers = registersLine(cursor);
    else lines.push(instructionLine(cursor, lines.length, registers.length));
  }
  if (registers === undefined) {
    throw new ParseError(sources.length, 1, "empty program: expected \"registers\" and the initial register values");
  }
  return { registers, lines };
}
