import type { Program, Statement, Value } from "./syntax.js";

/** ExeDec's text forms (parse.ts reads them back): every token separated by one space. */

/** `9`, `-2`, `[ 0 2 4 ]`, `[ ]`. */
export function printValue(value: Value): string {
  return typeof value === "number" ? String(value) : ["[", ...value.map(String), "]"].join(" ");
}

/** `x2 = Scanl1 (*) x1`. */
export function printStatement(statement: Statement): string {
  return [statement.variable, "=", statement.operation, ...(statement.lambda === null ? [] : [statement.lambda]), ...statement.args].join(" ");
}

/** `x0 = INPUT | x1 = INPUT | x2 = Scanl1 (*) x1`. */
export function printProgram(program: Program): string {
  return [...program.inputs.map((name) => `${name} = INPUT`), ...program.statements.map(printStatement)].join(" | ");
}

/** `x0 = 1 | x1 = [ 0 2 4 ]`. */
export function printState(variables: readonly string[], values: readonly Value[]): string {
  return variables.map((name, k) => `${name} = ${printValue(values[k] as Value)}`).join(" | ");
}
