import { ParseError } from "../parseError.js";
import { TokenCursor } from "../tokenCursor.js";
/**
 * The line-oriented lexer shared by the two assembly parsers (parse.ts for the seed's assembly,
 * anc/parse.ts for ANC's encoding). Both languages have one statement per line; `#` starts a
 * comment running to the end of the line.
 */

export { ParseError };

export interface Token {
  /**
   * `name` (a letter or `_`, then letters, digits, `_`), `number` (decimal digits), `symbol` (`:` or
   * `=`); every line ends with one `newline` token, just after its last token.
   */
  readonly kind: "name" | "number" | "symbol" | "newline";
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

/** The tokens of one source line, ending with its `newline` token. */
export interface SourceLine {
  readonly line: number;
  readonly tokens: readonly Token[];
}

const SYMBOLS = new Set([":", "="]);

/** Splits `text` into lines of tokens (blank and comment-only lines have only their `newline`). */
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
    const last = tokens.at(-1);
    tokens.push({ kind: "newline", text: "", line, column: last === undefined ? 1 : last.column + last.text.length });
    return { line, tokens };
  });
}

/** Reads the tokens of one line left to right (TokenCursor); every failure names the offending position. */
export class LineCursor extends TokenCursor<Token> {
  constructor(source: SourceLine) {
    super(source.tokens);
  }

  /** A non-negative decimal integer that is a safe integer. */
  integer(expected: string): { readonly value: number; readonly token: Token } {
    const token = this.next();
    if (token.kind !== "number") this.fail(token, expected);
    const value = Number(token.text);
    if (!Number.isSafeInteger(value)) throw new ParseError(token.line, token.column, `${token.text} is too large`);
    return { value, token };
  }

  end(after: string): void {
    if (!this.atEnd()) this.fail(this.peek(), `end of line after ${after}`);
  }
}
