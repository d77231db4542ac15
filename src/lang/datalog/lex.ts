import type { Fail, Token as BaseToken } from "../tokenCursor.js";

/**
 * Tokens of Datalog text and of ILP task files (internal to lang/datalog). `%` starts a comment
 * running to the end of the line, as in Prolog. The paper's arrow `←` is read as `:-`.
 */

export interface Token extends BaseToken {
  /**
   * `name` (starts with a lowercase letter or a digit: constants and predicates), `variable`
   * (starts with an uppercase letter), `symbol` (punctuation), `newline`, `end`.
   */
  readonly kind: "name" | "variable" | "symbol" | "newline" | "end";
  readonly text: string;
  /** 1-based position of the token's first character. */
  readonly line: number;
  readonly column: number;
}

/** Punctuation of clauses, plus `+ - / #` used by task files (a clause parser rejects them). */
const SYMBOLS = new Set([":-", "(", ")", ",", ".", "+", "-", "/", "#"]);
const SYMBOL_ALIASES: Readonly<Record<string, string>> = { "←": ":-" };


/**
 * Splits `text` into tokens ending with one `end` token. Newline tokens are kept only when
 * `newlines` is set (task files are line-oriented for directives; clauses may span lines).
 */
export function tokenize(text: string, fail: Fail, newlines = false): Token[] {
  const tokens: Token[] = [];
  const pattern = /(%[^\n]*)|([ \t\r\f\v\uFEFF]+)|(\n)|([a-z0-9][A-Za-z0-9_]*)|([A-Z][A-Za-z0-9_]*)|(:-|←)|(.)/gu;
  let line = 1;
  let lineStart = 0;
  for (const match of text.matchAll(pattern)) {
    const [lexeme, comment, space, newline, name, variable, arrow, other] = match;
    const column = match.index - lineStart + 1;
    if (comment !== undefined || space !== undefined) continue;
    if (newline !== undefined) {
      if (newlines) tokens.push({ kind: "newline", text: lexeme, line, column });
      line += 1;
      lineStart = match.index + 1;
    } else if (name !== undefined) {
      tokens.push({ kind: "name", text: name, line, column });
    } else if (variable !== undefined) {
      tokens.push({ kind: "variable", text: variable, line, column });
    } else {
      const symbol = SYMBOL_ALIASES[arrow ?? ""] ?? arrow ?? other ?? "";
      if (!SYMBOLS.has(symbol)) {
        const hint = symbol === "_" ? " (names may not start with \"_\")" : "";
        throw fail(line, column, `unexpected character ${JSON.stringify(lexeme)}${hint}`);
      }
      tokens.push({ kind: "symbol", text: symbol, line, column });
    }
  }
  tokens.push({ kind: "end", text: "", line, column: text.length - lineStart + 1 });
  return tokens;
}
