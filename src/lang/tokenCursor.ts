import { ParseError } from "./parseError.js";

/**
 * A token of one of gradsynth's textual languages. A token list ends with one terminal token: `end`
 * (the end of the input), or `newline` for the line-oriented assembly languages, read a line at a time.
 */
export interface Token {
  readonly kind: string;
  readonly text: string;
  /** 1-based position of the token's first character. */
  readonly line: number;
  readonly column: number;
}

/** Builds a language's error for a failure at a position (ParseError by default). */
export type Fail = (line: number, column: number, detail: string) => Error;

/** How a failure names the token it found. */
export function describeToken(token: Token): string {
  return token.kind === "end" ? "end of input" : token.kind === "newline" ? "end of line" : JSON.stringify(token.text);
}

/**
 * Reads a token list left to right, never past its terminal token; every failure names the
 * offending token's position. The parsers of the arithmetic language, of Datalog and of the two
 * assembly languages extend it.
 */
export class TokenCursor<T extends Token> {
  protected position = 0;

  constructor(
    protected readonly tokens: readonly T[],
    private readonly failWith: Fail = (line, column, detail) => new ParseError(line, column, detail),
  ) {}

  /** The token `offset` places ahead of the next one (the terminal token past the end). */
  peek(offset = 0): T {
    // The list ends with its terminal token, and `next` never moves past it.
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)] as T;
  }

  next(): T {
    // Not `this.peek()`: a subclass that skips tokens in `peek` still reads them one by one here.
    const token = this.tokens[this.position] as T;
    if (this.position < this.tokens.length - 1) this.position += 1;
    return token;
  }

  /** Whether the next token is the list's terminal one. */
  atEnd(): boolean {
    return this.position === this.tokens.length - 1;
  }

  error(token: T, detail: string): Error {
    return this.failWith(token.line, token.column, detail);
  }

  fail(token: T, expected: string): never {
    throw this.error(token, `expected ${expected}, found ${describeToken(token)}`);
  }

  /** The next token, which must be the symbol `text`. */
  symbol(text: string): T {
    const token = this.next();
    if (token.kind !== "symbol" || token.text !== text) this.fail(token, JSON.stringify(text));
    return token;
  }
}
