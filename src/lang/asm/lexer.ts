import { ParseError } from "../parseError.js";
/**
 * The line-oriented lexer shared by the two assembly parsers (parse.ts for the seed's assembly,
 * anc/parse.ts for ANC's encoding). Both languages have one statement per line; `#` starts a
 * comment running to the end of the line.
 */

export { ParseError };

export interface Token {
  /** `name` (a letter or `_`, then letters, digits, `_`), `number` (decimal digits), `symbol` (`:` or `=`). */
  readonly kind: "name" | "number" | "symbol";
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

/** The tokens of one source line. */
export interface SourceLine {
  readonly line: number;
  readonly tokens: readonly Token[];
}

const SYMBOLS = new Set([":", "="]);

/** Splits `text` into lines of tokens (blank and comment-only lines have no tokens). */
export function tokenizeLines(text: string): SourceLine[] {
  return text.split("\n").map((source, index) => {
    const line = index + 1;
    const tokens: Token[] = [];
    const pattern = /(#.*)|([ \t\r]+)|([A-Za-z_][A-Za-z0-9_]*)|([0-9]+)|(.)/gu;
    for (const match of source.matchAll(pattern)) {
      const [lexeme, comment, space, name, number, other] = match;
      const column = match.index + 1;
      if (comment !== undefined) break;
      if (space !== undefined) continue;
      if (name !== undefined) tokens.push({ kind: "name", text: name, line, column });
      else if (number !== undefined) tokens.push({ kind: "number", text: number, line, column });
      else if (other !== undefined && SYMBOLS.has(other)) tokens.push({ kind: "symbol", text: other, line, column });
      else throw new ParseError(line, column, `unexpected character ${JSON.stringify(lexeme)}`);
    }
    return { line, tokens };
  });
}

/** Reads the tokens of one line left to right; every failure names the offending position. */
export class LineCursor {
  private position = 0;

  constructor(private readonly source: SourceLine) {}

  /** The token `offset` places ahead of the next one, if any. */
  peek(offset = 0): Token | undefined {
    return this.source.tokens[this.position + offset];
  }

  next(): Token | undefined {
    const token = this.peek();
    if (token !== undefined) this.position += 1;
    return token;
  }

  /** The position just after the last token, where a missing token would have been. */
  private endColumn(): number {
    const last = this.source.tokens[this.source.tokens.length - 1];
    return last === undefined ? 1 : last.column + last.text.length;
  }

  fail(token: Token | undefined, expected: string): never {
    if (token === undefined) {
      throw new ParseError(this.source.line, this.endColumn(), `expected ${expected}, found end of line`);
    }
    throw new ParseError(token.line, token.column, `expected ${expected}, found ${JSON.stringify(token.text)}`);
  }

  /** A non-negative decimal integer that is a safe integer. */
  integer(expected: string): { readonly value: number; readonly token: Token } {
    const token = this.next();
    if (token === undefined || token.kind !== "number") this.fail(token, expected);
    const value = Number(token.text);
    if (!Number.isSafeInteger(value)) throw new ParseError(token.line, token.column, `${token.text} is too large`);
    return { value, token };
  }

  symbol(text: string): void {
    const token = this.next();
    if (token === undefined || token.kind !== "symbol" || token.text !== text) this.fail(token, JSON.stringify(text));
  }

  end(after: string): void {
    const token = this.peek();
    if (token !== undefined) this.fail(token, `end of line after ${after}`);
  }
}
