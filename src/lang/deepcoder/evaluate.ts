import { LAMBDA_RULES, OPERATION_RULES, typeOf } from "./ops.js";
import type { Program, Statement, Value } from "./syntax.js";

/**
 * Exact semantics of DeepCoder programs, as ExeDec runs them: each statement's operation runs on the
 * values of its arguments, and a statement whose operation is undefined (Head of [], Access out of
 * range) or whose result holds an int outside [−maxInt, maxInt] makes the whole program fail.
 * ExeDec's experiments bound ints by 50 (the default here); its code's own default is 256.
 */
export const DEFAULT_MAX_INT = 50;

export interface RunOptions {
  /** Every int of every value must lie in [−maxInt, maxInt] (default DEFAULT_MAX_INT). */
  readonly maxInt?: number;
}

/** A program applied to values of the wrong number or types (a user's mistake, not a failing run). */
export class DeepCoderTypeError extends Error {
  override readonly name = "DeepCoderTypeError";
}

/** Whether every int of `value` is an integer in [−maxInt, maxInt]. */
export function inRange(value: Value, maxInt = DEFAULT_MAX_INT): boolean {
  if (typeof value === "number") return Number.isInteger(value) && value >= -maxInt && value <= maxInt;
  // A loop, not `every` with a closure: the enumerator checks every candidate's values.
  for (const x of value) if (!(Number.isInteger(x) && x >= -maxInt && x <= maxInt)) return false;
  return true;
}

/** The value of one statement over the variables bound so far, or null when it fails. */
export function runStatement(statement: Statement, variables: ReadonlyMap<string, Value>, options: RunOptions = {}): Value | null {
  const rule = OPERATION_RULES[statement.operation];
  const args = statement.args.map((name, k) => {
    const value = variables.get(name);
    if (value === undefined) throw new DeepCoderTypeError(`${statement.variable} = ${statement.operation}: ${name} is not defined before it`);
    const expected = rule.args[k];
    if (typeOf(value) !== expected) throw new DeepCoderTypeError(`${statement.variable} = ${statement.operation}: argument ${k + 1} (${name}) must be ${expected === "int" ? "an int" : "a list"}`);
    return value;
  });
  const result = rule.apply(args, statement.lambda === null ? null : LAMBDA_RULES[statement.lambda]);
  return result !== undefined && inRange(result, options.maxInt) ? result : null;
}

/**
 * Every variable's value after running `program` on `inputs` (inputs first, then one value per
 * statement), or null when a statement fails. Throws DeepCoderTypeError when the inputs do not fit
 * the program (their number, or a statement's argument types).
 */
export function runProgramState(program: Program, inputs: readonly Value[], options: RunOptions = {}): Value[] | null {
  if (inputs.length !== program.inputs.length) throw new DeepCoderTypeError(`the program takes ${program.inputs.length} inputs, got ${inputs.length}`);
  const variables = new Map<string, Value>(program.inputs.map((name, k) => [name, inputs[k] as Value]));
  const state = [...inputs];
  for (const statement of program.statements) {
    const value = runStatement(statement, variables, options);
    if (value === null) return null;
    variables.set(statement.variable, value);
    state.push(value);
  }
  return state;
}

/** The program's output (its last statement's value) on `inputs`, or null when it fails. */
export function runProgram(program: Program, inputs: readonly Value[], options: RunOptions = {}): Value | null {
  const state = runProgramState(program, inputs, options);
  return state === null ? null : (state[state.length - 1] as Value);
}

/** Whether two values are equal. */
export function sameValue(a: Value, b: Value): boolean {
  if (typeof a === "number" || typeof b === "number") return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
