import { ParseError } from "../parseError.js";
import { TokenCursor, type Token } from "../tokenCursor.js";
import { LAMBDA_RULES, OPERATION_RULES } from "./ops.js";
import { LAMBDAS, OPERATIONS, type LambdaName, type OperationName, type Program, type Statement, type Value, type ValueType } from "./syntax.js";

/**
 * Parsers of ExeDec's text forms, which separate every token by spaces:
 * - a program, `x0 = INPUT | x1 = INPUT | x2 = Scanl1 (*) x1 | x3 = ZipWith (-) x0 x2`;
 * - a value, `9`, `-2` or `[ 0 2 4 ]` (`[ ]` is the empty list);
 * - a program state, `x0 = 1 | x1 = [ 0 2 4 ]` (the inputs of one example).
 * Beyond ExeDec's own checks (variables x0 … x9, each defined once, inputs first, a lambda exactly
 * for a higher-order operation, the operation's arity), a statement is type-checked where its
 * arguments' types are known (earlier statements' outputs; inputs are typed by their values when
 * the program runs) and its lambda must have the type its operation takes: ExeDec's generator never
 * writes such a program, and Python would run some of them by accident (`Count (+1)`).
 */

/** ExeDec's variables: x0 … x9. */
export const MAX_VARIABLES = 10;

type Kind = "name" | "number" | "symbol" | "end";

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/\S+/gu)) {
    const word = match[0];
    const kind: Kind = /^-?\d+$/u.test(word) ? "number" : ["=", "|", "[", "]"].includes(word) ? "symbol" : "name";
    tokens.push({ kind, text: word, line: 1, column: match.index + 1 });
  }
  return [...tokens, { kind: "end", text: "", line: 1, column: text.length + 1 }];
}

class Cursor extends TokenCursor<Token> {
  constructor(text: string) {
    super(tokenize(text));
  }

  /** A variable x0 … x9. */
  variable(): Token {
    const token = this.next();
    const match = /^x(\d+)$/u.exec(token.text);
    if (token.kind !== "name" || match === null) this.fail(token, "a variable x0 … x9");
    if (Number(match[1]) >= MAX_VARIABLES) throw this.error(token, `${token.text}: variables are x0 … x${MAX_VARIABLES - 1}`);
    return token;
  }

  /** An int, or a list of ints in brackets. */
  value(): Value {
    const token = this.next();
    if (token.kind === "number") return this.int(token);
    if (token.kind !== "symbol" || token.text !== "[") this.fail(token, "an int or a list [ … ]");
    const items: number[] = [];
    while (this.peek().kind === "number") items.push(this.int(this.next()));
    this.symbol("]");
    return items;
  }

  private int(token: Token): number {
    const value = Number(token.text);
    if (!Number.isSafeInteger(value)) throw this.error(token, `${token.text} is too large`);
    return value;
  }

  /** The end of one `|`-separated line: `|` (true) or the end of the text (false). */
  lineEnd(what: string): boolean {
    const token = this.next();
    if (token.kind === "end") return false;
    if (token.kind !== "symbol" || token.text !== "|") this.fail(token, `"|" or the end after ${what}`);
    return true;
  }
}

const OPERATION_SET: ReadonlySet<string> = new Set(OPERATIONS);
const LAMBDA_SET: ReadonlySet<string> = new Set(LAMBDAS);
const LAMBDA_TYPES = { unary: "int -> int", predicate: "int -> bool", binary: "(int, int) -> int" } as const;

/** Parses a program in ExeDec's text form; throws ParseError naming the offending token's column. */
export function parseProgram(text: string): Program {
  const cursor = new Cursor(text);
  const inputs: string[] = [];
  const statements: Statement[] = [];
  // The type of every variable defined so far: null for an input (typed when the program runs).
  const types = new Map<string, ValueType | null>();
  let more = true;
  while (more) {
    const variable = cursor.variable();
    if (types.has(variable.text)) throw cursor.error(variable, `${variable.text} is defined twice`);
    cursor.symbol("=");
    const head = cursor.next();
    if (head.kind === "name" && head.text === "INPUT") {
      if (statements.length > 0) throw cursor.error(head, "inputs must come before every statement");
      inputs.push(variable.text);
      types.set(variable.text, null);
      more = cursor.lineEnd("INPUT");
      continue;
    }
    if (head.kind !== "name" || !OPERATION_SET.has(head.text)) cursor.fail(head, `INPUT or an operation (${OPERATIONS.join(", ")})`);
    const operation = head.text as OperationName;
    const rule = OPERATION_RULES[operation];
    let lambda: LambdaName | null = null;
    if (rule.lambda !== null) {
      const token = cursor.next();
      if (!LAMBDA_SET.has(token.text)) cursor.fail(token, `a lambda for ${operation} (${LAMBDAS.filter((l) => LAMBDA_RULES[l].kind === rule.lambda).join(" ")})`);
      lambda = token.text as LambdaName;
      if (LAMBDA_RULES[lambda].kind !== rule.lambda) throw cursor.error(token, `${operation} takes a lambda of type ${LAMBDA_TYPES[rule.lambda]}, and ${lambda} has type ${LAMBDA_TYPES[LAMBDA_RULES[lambda].kind]}`);
    }
    const args = rule.args.map((expected, k) => {
      const token = cursor.variable();
      const type = types.get(token.text);
      if (type === undefined) throw cursor.error(token, `${token.text} is not defined before this statement`);
      if (type !== null && type !== expected) throw cursor.error(token, `argument ${k + 1} of ${operation} must be ${expected === "int" ? "an int" : "a list"}, and ${token.text} is ${type === "int" ? "an int" : "a list"}`);
      return token.text;
    });
    statements.push({ variable: variable.text, operation, lambda, args });
    types.set(variable.text, rule.output);
    more = cursor.lineEnd(`the ${rule.args.length} argument${rule.args.length === 1 ? "" : "s"} of ${operation}`);
  }
  if (statements.length === 0) throw new ParseError(1, text.length + 1, "a program needs at least one statement after its inputs");
  return { inputs, statements };
}

/** Parses a value, `9` or `[ 0 2 4 ]`. */
export function parseValue(text: string): Value {
  const cursor = new Cursor(text);
  const value = cursor.value();
  const rest = cursor.next();
  if (rest.kind !== "end") cursor.fail(rest, "the end after the value");
  return value;
}

/** Parses a program state `x0 = 1 | x1 = [ 0 2 4 ]` into its variables' names and values, in order. */
export function parseState(text: string): { readonly variables: readonly string[]; readonly values: readonly Value[] } {
  const cursor = new Cursor(text);
  const variables: string[] = [];
  const values: Value[] = [];
  let more = true;
  while (more) {
    const variable = cursor.variable();
    if (variables.includes(variable.text)) throw cursor.error(variable, `${variable.text} is given twice`);
    cursor.symbol("=");
    variables.push(variable.text);
    values.push(cursor.value());
    more = cursor.lineEnd("a value");
  }
  return { variables, values };
}
