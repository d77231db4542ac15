import { ParseError } from "../parseError.js";
import { TokenCursor } from "../tokenCursor.js";
import { OP_RULES } from "./ops.js";
import { BINARY_OPS, binary, variable, type BinaryOp, type Expr, type Line, type StraightLineProgram } from "./syntax.js";

/**
 * Parsers for the two textual forms printed by print.ts (line form `v4 = v1 * v2`, formula form
 * `(s1 + s3) * (s1 - s3)`). `#` starts a comment running to the end of the line. The formula
 * parser also accepts the paper's `×` and `−` (ROAP §4.1 writes "(s1+s3)×(s1−s3)").
 */

export { ParseError };

interface Token {
  /** `name` (letters then digits), `symbol` (one operator or punctuation character), `newline`, `end`. */
  readonly kind: "name" | "symbol" | "newline" | "end";
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

const SYMBOL_ALIASES: Readonly<Record<string, string>> = { "×": "*", "−": "-" };
const PUNCTUATION = new Set(["=", "(", ")"]);
const OP_BY_SYMBOL = new Map<string, BinaryOp>(BINARY_OPS.map((op) => [OP_RULES[op].symbol, op]));

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /(#[^\n]*)|([ \t\r]+)|(\n)|([A-Za-z_][A-Za-z0-9_]*)|(.)/gu;
  let line = 1;
  let lineStart = 0;
  for (const match of text.matchAll(pattern)) {
    const [lexeme, comment, space, newline, name, other] = match;
    const column = match.index - lineStart + 1;
    if (comment !== undefined || space !== undefined) continue;
    if (newline !== undefined) {
      tokens.push({ kind: "newline", text: lexeme, line, column });
      line += 1;
      lineStart = match.index + 1;
    } else if (name !== undefined) {
      tokens.push({ kind: "name", text: name, line, column });
    } else {
      const symbol = SYMBOL_ALIASES[other ?? ""] ?? other ?? "";
      if (!OP_BY_SYMBOL.has(symbol) && !PUNCTUATION.has(symbol)) {
        throw new ParseError(line, column, `unexpected character ${JSON.stringify(lexeme)}`);
      }
      tokens.push({ kind: "symbol", text: symbol, line, column });
    }
  }
  tokens.push({ kind: "end", text: "", line, column: text.length - lineStart + 1 });
  return tokens;
}

/** The arithmetic parsers' cursor: a token cursor that also reads 1-based variables. */
class Cursor extends TokenCursor<Token> {
  /** A 1-based variable `<prefix>K`; returns its 0-based index. */
  variable(prefix: string): { readonly index: number; readonly token: Token } {
    const token = this.next();
    const match = token.kind === "name" ? new RegExp(`^${prefix}([1-9][0-9]*)$`, "u").exec(token.text) : null;
    if (match === null) this.fail(token, `a variable ${prefix}1, ${prefix}2, ...`);
    return { index: Number(match[1]) - 1, token };
  }
}

function checkInputs(inputs: number | undefined): void {
  if (inputs !== undefined && (!Number.isInteger(inputs) || inputs < 0)) {
    throw new RangeError(`inputs must be a non-negative integer, got ${inputs}`);
  }
}

/**
 * Parses a formula over s1..sN with + - * and parentheses; all operators are left-associative and
 * bind by `OP_RULES` precedence (precedence climbing). With `inputs`, variables beyond s{inputs}
 * are rejected.
 */
export function parseExpr(text: string, inputs?: number): Expr {
  checkInputs(inputs);
  const cursor: Cursor = new Cursor(tokenize(text).filter((token) => token.kind !== "newline"));

  const primary = (): Expr => {
    const token = cursor.peek();
    if (token.kind === "symbol" && token.text === "(") {
      cursor.next();
      const inner = climb(0);
      cursor.symbol(")");
      return inner;
    }
    if (token.kind !== "name") cursor.fail(token, "a variable or \"(\"");
    const { index } = cursor.variable("s");
    if (inputs !== undefined && index >= inputs) {
      throw new ParseError(token.line, token.column, `s${index + 1} is not one of the ${inputs} inputs`);
    }
    return variable(index);
  };

  const climb = (minPrecedence: number): Expr => {
    let left = primary();
    while (true) {
      const token = cursor.peek();
      const op = token.kind === "symbol" ? OP_BY_SYMBOL.get(token.text) : undefined;
      if (op === undefined || OP_RULES[op].precedence < minPrecedence) return left;
      cursor.next();
      left = binary(op, left, climb(OP_RULES[op].precedence + 1));
    }
  };

  const expr = climb(0);
  const rest = cursor.peek();
  if (rest.kind !== "end") cursor.fail(rest, "an operator or end of input");
  return expr;
}

/**
 * Parses a straight-line program in line form: one assignment per line, `vK = vA op vB` or
 * `vK = vA` (skip, whose right argument is set to A), defining consecutive variables. Blank lines
 * and comments are ignored. When `inputs` is omitted it is inferred from the first assignment
 * (`v4 = ...` means 3 inputs); an empty text then has no defined arity and is an error.
 */
export function parseProgram(text: string, inputs?: number): StraightLineProgram {
  checkInputs(inputs);
  const cursor: Cursor = new Cursor(tokenize(text));
  const lines: Line[] = [];
  let arity = inputs;
  while (cursor.peek().kind !== "end") {
    if (cursor.peek().kind === "newline") {
      cursor.next();
      continue;
    }
    const target = cursor.variable("v");
    arity ??= target.index;
    const defined = arity + lines.length;
    if (target.index !== defined) {
      throw new ParseError(target.token.line, target.token.column, `expected v${defined + 1} (lines define consecutive variables)`);
    }
    const argument = (): number => {
      const { index, token } = cursor.variable("v");
      if (index >= defined) {
        throw new ParseError(token.line, token.column, `v${index + 1} is not defined before v${defined + 1}`);
      }
      return index;
    };
    cursor.symbol("=");
    const left = argument();
    const after = cursor.next();
    if (after.kind === "newline" || after.kind === "end") {
      lines.push({ op: "skip", left, right: left });
      continue;
    }
    const op = after.kind === "symbol" ? OP_BY_SYMBOL.get(after.text) : undefined;
    if (op === undefined) cursor.fail(after, `an operator (${[...OP_BY_SYMBOL.keys()].join(" ")}) or end of line`);
    lines.push({ op, left, right: argument() });
    const end = cursor.next();
    if (end.kind !== "newline" && end.kind !== "end") cursor.fail(end, "end of line");
  }
  if (arity === undefined || arity + lines.length === 0) {
    const end = cursor.peek();
    throw new ParseError(end.line, end.column, "empty program: no assignments and no inputs");
  }
  return { inputs: arity, lines };
}
