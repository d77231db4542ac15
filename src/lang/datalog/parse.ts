import { ParseError } from "../parseError.js";
import { Cursor } from "./cursor.js";
import { tokenize, type Token } from "./lex.js";
import { toGround, type Atom, type Clause, type DatalogProgram, type GroundAtom } from "./syntax.js";

/**
 * Parser for Datalog text, the inverse of print.ts:
 *
 *     % a comment
 *     edge(a, b).                       % a fact
 *     path(X, Y) :- edge(X, Z), path(Z, Y).
 *
 * `←` may stand for `:-` (the paper's notation), `p()` for the propositional atom `p`. Whitespace
 * and line breaks are free. Besides syntax, the parser checks what the evaluators need, each
 * failure a `ParseError` at the offending token: one arity per predicate, facts ground, rules
 * safe (every head variable occurs in the body).
 */

export { ParseError };

const failParse = (line: number, column: number, detail: string): Error => new ParseError(line, column, detail);

/** Arity bookkeeping with the place each predicate was first seen, for precise errors. */
export class ArityTable {
  private readonly arities = new Map<string, { readonly arity: number; readonly token: Token }>();

  constructor(private readonly cursor: Cursor) {}

  use(a: Atom, token: Token): void {
    const known = this.arities.get(a.predicate);
    if (known === undefined) {
      this.arities.set(a.predicate, { arity: a.args.length, token });
    } else if (known.arity !== a.args.length) {
      throw this.cursor.error(
        token,
        `${a.predicate} has ${a.args.length} argument(s) here but ${known.arity} at line ${known.token.line}, column ${known.token.column}`,
      );
    }
  }

  arityOf(name: string): number | undefined {
    return this.arities.get(name)?.arity;
  }
}

function parseClause(cursor: Cursor, arities: ArityTable): Clause {
  const head = cursor.atom();
  arities.use(head.atom, head.token);
  const body: Atom[] = [];
  if (cursor.isSymbol(":-")) {
    cursor.next();
    while (true) {
      const parsed = cursor.atom();
      arities.use(parsed.atom, parsed.token);
      body.push(parsed.atom);
      if (!cursor.isSymbol(",")) break;
      cursor.next();
    }
  }
  const end = cursor.next();
  if (end.kind !== "symbol" || end.text !== ".") cursor.fail(end, body.length === 0 ? "\":-\" or \".\"" : "\",\" or \".\"");
  // Range restriction: a head variable missing from the body would make the clause derive
  // infinitely many (non-ground) facts.
  const bodyVariables = new Set(body.flatMap((a) => a.args.filter((t) => t.kind === "var").map((t) => t.name)));
  head.atom.args.forEach((term, i) => {
    if (term.kind === "var" && !bodyVariables.has(term.name)) {
      const token = head.terms[i] as Token;
      throw cursor.error(
        token,
        body.length === 0
          ? `a fact must be ground, but ${term.name} is a variable`
          : `head variable ${term.name} does not occur in the body (unsafe clause)`,
      );
    }
  });
  return { head: head.atom, body };
}

/** Parses a Datalog program (facts and rules). */
export function parseDatalog(text: string): DatalogProgram {
  const cursor = new Cursor(tokenize(text, failParse), failParse);
  const arities = new ArityTable(cursor);
  const clauses: Clause[] = [];
  while (cursor.peek().kind !== "end") clauses.push(parseClause(cursor, arities));
  return { clauses };
}

/** Parses a single atom such as `path(X, b)`, with nothing after it. */
export function parseAtom(text: string): Atom {
  const cursor = new Cursor(tokenize(text, failParse), failParse);
  const { atom } = cursor.atom();
  const rest = cursor.peek();
  if (rest.kind !== "end") cursor.fail(rest, "end of input");
  return atom;
}

/** Parses a single ground atom such as `edge(a, b)`. */
export function parseGroundAtom(text: string): GroundAtom {
  const cursor = new Cursor(tokenize(text, failParse), failParse);
  const { atom, terms } = cursor.atom();
  const rest = cursor.peek();
  if (rest.kind !== "end") cursor.fail(rest, "end of input");
  const ground = toGround(atom);
  if (ground === undefined) {
    const variable = terms.find((t) => t.kind === "variable") as Token;
    throw cursor.error(variable, `expected a ground atom, but ${variable.text} is a variable`);
  }
  return ground;
}
