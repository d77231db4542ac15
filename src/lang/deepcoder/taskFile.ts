import { TaskFileError } from "../taskFileError.js";
import { ParseError } from "../parseError.js";
import { DEFAULT_MAX_INT, inRange, runProgram, sameValue } from "./evaluate.js";
import { parseProgram, parseState, parseValue } from "./parse.js";
import { printProgram, printState, printValue } from "./print.js";
import type { Program, Value } from "./syntax.js";

/**
 * DeepCoder problems in JSON Lines, one problem per line, as ExeDec publishes them:
 *   {"index": 0, "inputs": ["x0 = 1 | x1 = [ 0 2 4 ]", …], "outputs": ["[ -2 -2 -1 ]", …], "program": "x0 = INPUT | …"}
 * Each example's inputs are a program state (parse.ts) naming the same input variables in the same
 * order; each output a value. Also read: ExeDec's few-shot files, whose lines hold the problem under
 * "test_problem" with "inputs" as {"x0": [values per example], …} and "outputs" as JSON values.
 * "program" (the gold program) and "index" are optional; a problem needs at least one example.
 */

export interface DeepCoderExample {
  readonly inputs: readonly Value[];
  readonly output: Value;
}

export interface DeepCoderProblem {
  /** The problem's index in its file ("index", else its 0-based line among the problems). */
  readonly index: number;
  /** The input variables, in order. */
  readonly inputNames: readonly string[];
  readonly examples: readonly DeepCoderExample[];
  /** The gold program, when the file gives one. */
  readonly program: Program | null;
}

type Fail = (detail: string) => never;

/** Reads every problem of a JSON Lines file; a malformed line throws TaskFileError naming it. */
export function parseDeepCoderProblems(text: string, file?: string): DeepCoderProblem[] {
  const problems: DeepCoderProblem[] = [];
  text.split("\n").forEach((line, k) => {
    if (line.trim() === "") return;
    const fail: Fail = (detail) => {
      throw new TaskFileError(k + 1, undefined, detail, file);
    };
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      fail(`not JSON: ${(error as Error).message}`);
    }
    problems.push(problemOf(json, problems.length, fail));
  });
  return problems;
}

function problemOf(json: unknown, position: number, fail: Fail): DeepCoderProblem {
  if (!isRecord(json)) return fail("a problem must be a JSON object");
  const record = isRecord(json["test_problem"]) ? json["test_problem"] : json;
  const index = json["index"] ?? position;
  if (!Number.isSafeInteger(index)) fail(`"index" must be an integer, got ${JSON.stringify(index)}`);
  const { inputNames, inputs } = inputsOf(record["inputs"], fail);
  const outputs = record["outputs"];
  if (!Array.isArray(outputs)) return fail('"outputs" must be a list, one output per example');
  if (outputs.length !== inputs.length) fail(`${inputs.length} examples' inputs but ${outputs.length} outputs`);
  if (inputs.length === 0) fail("a problem needs at least one example");
  const examples = inputs.map((values, e) => ({ inputs: values, output: valueOf(outputs[e], `output ${e + 1}`, fail) }));
  const text = record["program"];
  if (text !== undefined && typeof text !== "string") fail('"program" must be a string');
  const program = text === undefined ? null : located(() => parseProgram(text), '"program"', fail);
  if (program !== null && program.inputs.join(" ") !== inputNames.join(" ")) {
    fail(`the program's inputs (${program.inputs.join(", ")}) are not the examples' (${inputNames.join(", ")})`);
  }
  return { index: index as number, inputNames, examples, program };
}

/** Inputs as program-state strings, one per example, or as {"x0": [values per example], …}. */
function inputsOf(json: unknown, fail: Fail): { inputNames: readonly string[]; inputs: Value[][] } {
  if (Array.isArray(json)) {
    const states = json.map((state, e) => {
      if (typeof state !== "string") return fail(`input ${e + 1} must be a string such as "x0 = 1 | x1 = [ 0 2 4 ]"`);
      return located(() => parseState(state), `input ${e + 1}`, fail);
    });
    const names = states[0]?.variables ?? [];
    states.forEach((s, e) => {
      if (s.variables.join(" ") !== names.join(" ")) fail(`input ${e + 1} names ${s.variables.join(", ")}, input 1 ${names.join(", ")}`);
    });
    return { inputNames: names, inputs: states.map((s) => s.values.map((v, i) => checked(v, `input ${i + 1}`, fail))) };
  }
  if (!isRecord(json)) return fail('"inputs" must be a list of program states or an object {"x0": [values per example], …}');
  const names = Object.keys(json);
  const columns = names.map((name) => {
    const values = json[name];
    if (!Array.isArray(values)) return fail(`"inputs"."${name}" must be a list of values, one per example`);
    return values.map((v, e) => valueOf(v, `${name} of example ${e + 1}`, fail));
  });
  const count = columns[0]?.length ?? 0;
  if (columns.some((c) => c.length !== count)) fail('every input of "inputs" needs one value per example');
  return { inputNames: names, inputs: Array.from({ length: count }, (_, e) => columns.map((c) => c[e] as Value)) };
}

/** A value as text ("[ 1 2 ]") or as JSON (an int or a list of ints), within the DSL's range. */
function valueOf(json: unknown, what: string, fail: Fail): Value {
  if (typeof json === "string") return checked(located(() => parseValue(json), what, fail), what, fail);
  const isInt = (x: unknown): x is number => Number.isSafeInteger(x);
  if (isInt(json)) return checked(json, what, fail);
  if (Array.isArray(json) && json.every(isInt)) return checked(json, what, fail);
  return fail(`${what} must be an int, a list of ints, or their text form, got ${JSON.stringify(json)}`);
}

function checked(value: Value, what: string, fail: Fail): Value {
  if (!inRange(value)) fail(`${what} (${printValue(value)}) has an int outside [-${DEFAULT_MAX_INT}, ${DEFAULT_MAX_INT}]`);
  return value;
}

/** Runs a parser, turning its ParseError into the line's error, prefixed with what was parsed. */
function located<T>(parse: () => T, what: string, fail: Fail): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ParseError) return fail(`${what}: ${error.message.replace(/^line 1, /u, "")}`);
    throw error;
  }
}

function isRecord(json: unknown): json is Record<string, unknown> {
  return typeof json === "object" && json !== null && !Array.isArray(json);
}

/** One problem as a line of ExeDec's JSON Lines (parseDeepCoderProblems reads it back). */
export function printDeepCoderProblem(problem: DeepCoderProblem): string {
  return JSON.stringify({
    index: problem.index,
    inputs: problem.examples.map((e) => printState(problem.inputNames, e.inputs)),
    outputs: problem.examples.map((e) => printValue(e.output)),
    ...(problem.program === null ? {} : { program: printProgram(problem.program) }),
  });
}

/** Whether `program` reproduces every example of `problem` (ints bounded as the DSL bounds them). */
export function solvesProblem(program: Program, problem: DeepCoderProblem): boolean {
  return problem.examples.every((e) => {
    const output = runProgram(program, e.inputs);
    return output !== null && sameValue(output, e.output);
  });
}
