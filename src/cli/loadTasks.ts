import { basename, extname } from "node:path";
import type { ArithExample, ArithTask } from "../lang/arith/task.js";
import { InputError } from "../errors.js";
import { jsonErrorOffset, lineAndColumn } from "./jsonPosition.js";
import { plural } from "../text.js";

/**
 * The task file format of `gradsynth solve` (docs/formats.md):
 *
 *     {"tasks": [{"name": "sum", "examples": [{"input": [1, 2], "output": 3}, ...]}, ...]}
 *
 * or a single task `{"name": "sum", "examples": [...]}` ("name" optional, defaulting to the file's
 * base name). Unnamed tasks in a list are called task1, task2, ... by position. Other keys (e.g.
 * "comment") are ignored.
 *
 * Every violation is reported as one `InputError` line naming the file and the place: tasks and
 * examples are counted from 1 (like line numbers); `input[i]` is the 0-based array index.
 */

/** Parses the text of a task file and validates it; `file` names the file in error messages. */
export function parseTaskFile(text: string, file: string): ArithTask[] {
  return loadTasks(parseJson(text, file), file);
}

/** JSON.parse; on failure an `InputError` with the line and column and the parser's message. */
export function parseJson(source: string, file: string): unknown {
  // Editors on some systems save a byte-order mark, which JSON.parse rejects.
  const text = source.startsWith("\uFEFF") ? source.slice(1) : source;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // The parser's message, on one line (V8 quotes a snippet of the text, newlines included).
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/gu, " ").trim();
    const parserOffset = /at position (\d+)/u.exec(message)?.[1];
    const offset = jsonErrorOffset(text) ?? (parserOffset !== undefined ? Number(parserOffset) : undefined);
    if (offset === undefined) throw new InputError(`${file}: invalid JSON: ${message}`);
    const { line, column } = lineAndColumn(text, offset);
    throw new InputError(`${file}: invalid JSON at line ${line}, column ${column}: ${message}`);
  }
}

/** Validates parsed JSON as a task file (see the module comment) and returns its tasks. */
export function loadTasks(data: unknown, file: string): ArithTask[] {
  const fail = (message: string): never => {
    throw new InputError(`${file}: ${message}`);
  };
  if (!isObject(data)) {
    return fail(`expected a JSON object with "tasks" (or "examples") at the top level, got ${describe(data)}`);
  }
  const hasTasks = Object.hasOwn(data, "tasks");
  const hasExamples = Object.hasOwn(data, "examples");
  if (hasTasks && hasExamples) return fail(`has both "tasks" and "examples" at the top level; use one`);
  if (hasExamples) return [loadTask(data, undefined, defaultName(file), fail)];
  if (!hasTasks) return fail(`missing "tasks" (expected {"tasks": [...]} or a single task {"examples": [...]})`);
  const tasks = data["tasks"];
  if (!Array.isArray(tasks)) return fail(`"tasks" must be an array, got ${describe(tasks)}`);
  if (tasks.length === 0) return fail(`"tasks" is empty`);
  return tasks.map((task: unknown, t) => {
    if (!isObject(task)) return fail(`task ${t + 1}: expected an object with "examples", got ${describe(task)}`);
    return loadTask(task, t + 1, `task${t + 1}`, fail);
  });
}

/**
 * One task object. `position` is its 1-based index in "tasks" (undefined for a single-task file);
 * `fallbackName` is used when the task has no "name".
 */
function loadTask(
  task: Readonly<Record<string, unknown>>,
  position: number | undefined,
  fallbackName: string,
  fail: (message: string) => never,
): ArithTask {
  const name = task["name"];
  const unnamedPlace = position === undefined ? "task" : `task ${position}`;
  if (name !== undefined && (typeof name !== "string" || name.length === 0)) {
    return fail(`${unnamedPlace}: "name" must be a non-empty string, got ${describe(name)}`);
  }
  // `task "sum"`, `task 2` (unnamed, in a list) or nothing (unnamed single-task file).
  const label = name !== undefined ? `task ${JSON.stringify(name)}` : position !== undefined ? unnamedPlace : "";
  const place = label === "" ? "" : `${label}: `;
  const examples = task["examples"];
  if (examples === undefined) return fail(`${place}missing "examples"`);
  if (!Array.isArray(examples)) return fail(`${place}"examples" must be an array, got ${describe(examples)}`);
  if (examples.length === 0) return fail(`${place}"examples" is empty`);
  let arity = 0;
  const loaded = examples.map((example: unknown, e): ArithExample => {
    const at = `${label === "" ? "" : `${label} `}example ${e + 1}: `;
    if (!isObject(example)) return fail(`${at}expected an object with "input" and "output", got ${describe(example)}`);
    if (!Object.hasOwn(example, "input")) return fail(`${at}missing "input"`);
    if (!Object.hasOwn(example, "output")) return fail(`${at}missing "output"`);
    const input = example["input"];
    const output = example["output"];
    if (!Array.isArray(input)) return fail(`${at}"input" must be an array of numbers, got ${describe(input)}`);
    if (input.length === 0) return fail(`${at}"input" is empty`);
    const values = input.map((value: unknown, i) => {
      if (!isFiniteNumber(value)) return fail(`${at}input[${i}] is not a finite number (got ${describe(value)})`);
      return value;
    });
    if (!isFiniteNumber(output)) return fail(`${at}"output" is not a finite number (got ${describe(output)})`);
    if (e === 0) arity = values.length;
    else if (values.length !== arity) {
      return fail(`${at}"input" has ${values.length} ${plural(values.length, "value")} but example 1 has ${arity}`);
    }
    return { input: values, output };
  });
  return { name: name ?? fallbackName, examples: loaded };
}

/** Default name of a single-task file: its base name without the extension. */
function defaultName(file: string): string {
  const base = basename(file, extname(file));
  return base.length > 0 ? base : "task1";
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON cannot spell NaN or ±Infinity, but a literal like 1e999 parses to Infinity. */
function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** A short description of a JSON value for error messages (kept to one line). */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string": {
      const text = JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value);
      return `a string ${text}`;
    }
    case "number":
      return String(value);
    case "boolean":
      return String(value);
    case "object":
      return "an object";
    default:
      return typeof value;
  }
}
