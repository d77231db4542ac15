import { TokenCursor, type Fail } from "../tokenCursor.js";
import type { Token } from "./lex.js";
import type { Atom, DatalogTerm } from "./syntax.js";

/**
 * A left-to-right reader over tokens shared by the clause parser and the task-file parser
 * (internal to lang/datalog). Every failure names the offending token's position. Newline tokens,
 * when present, are skipped by everything except `peekRaw`/`nextRaw`.
 */
export class Cursor extends TokenCursor<Token> {
  constructor(tokens: readonly Token[], failWith: Fail) {
    super(tokens, failWith);
  }

  /** The next token, newlines included. */
  peekRaw(): Token {
    return super.peek();
  }

  nextRaw(): Token {
    return super.next();
  }

  /** The next token that is not a newline. */
  override peek(): Token {
    while (super.peek().kind === "newline") this.position += 1;
    return super.peek();
  }

  override next(): Token {
    this.peek();
    return super.next();
  }

  /** The token after the next significant one (newlines skipped), without consuming anything. */
  peekSecond(): Token {
    this.peek();
    let index = this.position + 1;
    while (this.tokens[index]?.kind === "newline") index += 1;
    return this.tokens[index] ?? this.peekRaw();
  }

  isSymbol(text: string): boolean {
    const token = this.peek();
    return token.kind === "symbol" && token.text === text;
  }

  /** `name(t1, ..., tn)`, `name()` or a bare `name` (arity 0). */
  atom(): { readonly atom: Atom; readonly token: Token; readonly terms: readonly Token[] } {
    const token = this.next();
    if (token.kind !== "name" || !/^[a-z]/u.test(token.text)) {
      this.fail(token, "a predicate name (starting with a lowercase letter)");
    }
    const args: DatalogTerm[] = [];
    const terms: Token[] = [];
    if (this.isSymbol("(")) {
      this.next();
      if (this.isSymbol(")")) {
        this.next();
      } else {
        while (true) {
          const term = this.next();
          if (term.kind === "variable") args.push({ kind: "var", name: term.text });
          else if (term.kind === "name") args.push({ kind: "const", name: term.text });
          else this.fail(term, "a variable or a constant");
          terms.push(term);
          const after = this.next();
          if (after.kind === "symbol" && after.text === ")") break;
          if (after.kind !== "symbol" || after.text !== ",") this.fail(after, "\",\" or \")\"");
        }
      }
    }
    return { atom: { predicate: token.text, args }, token, terms };
  }
}
