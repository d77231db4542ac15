import { BOUNDS } from "../../bounds.js";
import { Cursor } from "./cursor.js";
import { tokenize, type Token } from "./lex.js";
import { PREDICATE_NAME, toGround, type Predicate } from "./syntax.js";
import type { IlpTask, RuleTemplate } from "./task.js";
import { TaskFileError, type TaskFileOptions } from "../taskFileError.js";
import { validateTask, type Declared, type Label, type Statement, type TemplateLine } from "./taskValidate.js";

export { TaskFileError };
export type { TaskFileOptions };

/**
 * The ILP task file format (docs/formats.md, "ILP task files"): one plain-text file per task,
 *
 *     % comments run from % to the end of the line
 *     #target cyclic/1
 *     #aux pred/2                         % invented predicates, any number per line
 *     #template cyclic (0, true)          % (v, int) rule templates, one or two per predicate
 *     #template pred (0, false) (1, true)
 *     #steps 4                            % forward-chaining steps T
 *     edge(a, b). edge(b, a). edge(c, d). % background facts
 *     + cyclic(a).                        % positive example
 *     - cyclic(c).                        % negative example
 *     test edge(x, x).                    % a fact of the held-out test world only
 *     test + cyclic(x).                   % held-out positive example
 *     test - cyclic(d).                   % held-out negative example
 *
 * A directive occupies its own line; facts and examples end with a period and may share or span
 * lines. Constants are inferred from the facts and examples. Every malformed file raises a
 * `TaskFileError` naming the line (and column where there is one); it is an `InputError`, so the
 * CLI prints it as one line and exits with code 2.
 */

/** Parses and validates the text of an ILP task file. */
export function parseIlpTask(text: string, options: TaskFileOptions = {}): IlpTask {
  const { file } = options;
  const failWith = (line: number, column: number | undefined, detail: string): TaskFileError => new TaskFileError(line, column, detail, file);
  const tokens = tokenize(text, failWith, true);
  const cursor = new Cursor(tokens, failWith);
  const at = (token: Token, detail: string): TaskFileError => failWith(token.line, token.column, detail);

  let target: Declared<Predicate> | undefined;
  let steps: Declared<number> | undefined;
  const aux: Declared<Predicate>[] = [];
  const templates: TemplateLine[] = [];
  const statements: Statement[] = [];
  let lastStatementLine = 0;

  // Directive arguments are read token by token without crossing the end of the line.
  const argument = (expected: string): Token => {
    const token = cursor.nextRaw();
    if (token.kind === "newline" || token.kind === "end") cursor.fail(token, expected);
    return token;
  };
  const natural = (expected: string): number => {
    const token = argument(expected);
    if (token.kind !== "name" || !/^[0-9]+$/u.test(token.text)) cursor.fail(token, expected);
    return Number(token.text);
  };
  const symbol = (text: string): void => {
    const token = argument(JSON.stringify(text));
    if (token.kind !== "symbol" || token.text !== text) cursor.fail(token, JSON.stringify(text));
  };
  const predicateName = (): Token => {
    const token = argument("a predicate name");
    if (token.kind !== "name" || !PREDICATE_NAME.test(token.text)) cursor.fail(token, "a predicate name (starting with a lowercase letter)");
    return token;
  };
  const predicate = (): Declared<Predicate> => {
    const name = predicateName();
    symbol("/");
    return { value: { name: name.text, arity: natural("an arity (a non-negative integer)") }, token: name };
  };
  const atEndOfLine = (): boolean => {
    const kind = cursor.peekRaw().kind;
    return kind === "newline" || kind === "end";
  };

  const directive = (hash: Token): void => {
    if (hash.line === lastStatementLine) throw at(hash, "a directive must start its own line");
    const keyword = argument("a directive name after \"#\"");
    switch (keyword.text) {
      case "target":
        if (target !== undefined) throw at(keyword, `#target given twice (first at line ${target.token.line})`);
        target = predicate();
        break;
      case "aux":
        do aux.push(predicate());
        while (!atEndOfLine());
        break;
      case "template": {
        const name = predicateName();
        let arity: number | undefined;
        if (cursor.peekRaw().kind === "symbol" && cursor.peekRaw().text === "/") {
          cursor.nextRaw();
          arity = natural("an arity (a non-negative integer)");
        }
        const rules: RuleTemplate[] = [];
        do {
          const open = cursor.peekRaw();
          if (rules.length === 2) throw at(open, "at most two rule templates per predicate (∂ILP §4.2)");
          symbol("(");
          const existential = natural("the number of existential variables v (a non-negative integer)");
          symbol(",");
          const flag = argument("true or false");
          const lower = flag.text.toLowerCase();
          if ((flag.kind !== "name" && flag.kind !== "variable") || (lower !== "true" && lower !== "false")) {
            cursor.fail(flag, "true or false (whether intensional predicates may appear in the body)");
          }
          symbol(")");
          rules.push({ existential, intensional: lower === "true" });
        } while (!atEndOfLine());
        templates.push({ name: name.text, arity, rules, token: name });
        break;
      }
      case "steps": {
        if (steps !== undefined) throw at(keyword, `#steps given twice (first at line ${steps.token.line})`);
        const value = natural("the number of forward-chaining steps (a positive integer)");
        if (value < 1 || value > BOUNDS.ilpSteps) throw at(keyword, `#steps must be an integer from 1 to ${BOUNDS.ilpSteps}, got ${value}`);
        steps = { value, token: keyword };
        break;
      }
      default:
        throw at(keyword, `unknown directive #${keyword.text} (expected #target, #aux, #template or #steps)`);
    }
    const end = cursor.peekRaw();
    if (end.kind !== "newline" && end.kind !== "end") cursor.fail(end, "end of line");
  };

  const statement = (): void => {
    const first = cursor.peek();
    let test = false;
    if (first.kind === "name" && first.text === "test") {
      const second = cursor.peekSecond();
      if ((second.kind === "symbol" && (second.text === "+" || second.text === "-")) || second.kind === "name") {
        cursor.next();
        test = true;
      }
    }
    let label: Label = "fact";
    const sign = cursor.peek();
    if (sign.kind === "symbol" && (sign.text === "+" || sign.text === "-")) {
      cursor.next();
      label = sign.text === "+" ? "positive" : "negative";
    }
    const { atom, token, terms } = cursor.atom();
    const ground = toGround(atom);
    if (ground === undefined) {
      const variable = terms.find((t) => t.kind === "variable") as Token;
      throw at(variable, `facts and examples must be ground, but ${variable.text} is a variable (names starting with an uppercase letter are variables)`);
    }
    const end = cursor.next();
    if (end.kind === "symbol" && end.text === ":-") {
      throw at(end, "rules are not allowed in a task file: background knowledge is a set of ground facts");
    }
    if (end.kind !== "symbol" || end.text !== ".") cursor.fail(end, "\".\"");
    lastStatementLine = end.line;
    statements.push({ label, test, atom: ground, token });
  };

  while (true) {
    const token = cursor.peekRaw();
    if (token.kind === "end") break;
    if (token.kind === "newline") cursor.nextRaw();
    else if (token.kind === "symbol" && token.text === "#") directive(cursor.nextRaw());
    else statement();
  }

  const endOfFile = tokens[tokens.length - 1] as Token;
  return validateTask({ target, steps, aux, templates, statements, endOfFile }, options, at);
}
