import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { loadTasks, parseJson, parseTaskFile } from "../../src/cli/loadTasks.js";

const FILE = "examples/x.json";

/** The InputError thrown by `run`, checked to carry exit code 2. */
function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    return error as InputError;
  }
  throw new Error("expected an InputError");
}

const example = (input: unknown, output: unknown = 1) => ({ input, output });
const good = [example([1, 2], 3), example([2, 5], 7)];

describe("loadTasks", () => {
  it("loads a task list, naming unnamed tasks by position", () => {
    const tasks = loadTasks({ tasks: [{ name: "sum", examples: good }, { examples: good, comment: "ignored" }] }, FILE);
    expect(tasks).toEqual([
      { name: "sum", examples: [{ input: [1, 2], output: 3 }, { input: [2, 5], output: 7 }] },
      { name: "task2", examples: [{ input: [1, 2], output: 3 }, { input: [2, 5], output: 7 }] },
    ]);
  });

  it("accepts a single task, named by its \"name\" or else the file's base name", () => {
    expect(loadTasks({ examples: good }, "dir/my-task.json")[0]?.name).toBe("my-task");
    expect(loadTasks({ name: "sum", examples: good }, FILE)[0]?.name).toBe("sum");
  });

  it("accepts negative and fractional numbers", () => {
    expect(loadTasks({ examples: [example([-1.5, 0], -2.25)] }, FILE)[0]?.examples).toEqual([{ input: [-1.5, 0], output: -2.25 }]);
  });

  it.each([
    ["a top level that is not an object", [1], `expected a JSON object with "tasks" (or "examples") at the top level, got an array`],
    ["a null top level", null, `expected a JSON object with "tasks" (or "examples") at the top level, got null`],
    ["missing tasks", { task: [] }, `missing "tasks" (expected {"tasks": [...]} or a single task {"examples": [...]})`],
    ["both tasks and examples", { tasks: [], examples: [] }, `has both "tasks" and "examples" at the top level; use one`],
    ["tasks not an array", { tasks: { a: 1 } }, `"tasks" must be an array, got an object`],
    ["empty tasks", { tasks: [] }, `"tasks" is empty`],
    ["a task that is not an object", { tasks: [{ examples: good }, "sum"] }, `task 2: expected an object with "examples", got a string "sum"`],
    ["a bad name", { tasks: [{ name: 7, examples: good }] }, `task 1: "name" must be a non-empty string, got 7`],
    ["an empty name", { tasks: [{ name: "", examples: good }] }, `task 1: "name" must be a non-empty string, got a string ""`],
    ["missing examples", { tasks: [{ name: "sum" }] }, `task "sum": missing "examples"`],
    ["missing examples (unnamed)", { tasks: [{ examples: good }, {}] }, `task 2: missing "examples"`],
    ["examples not an array", { tasks: [{ name: "sum", examples: 3 }] }, `task "sum": "examples" must be an array, got 3`],
    ["empty examples", { tasks: [{ name: "sum", examples: [] }] }, `task "sum": "examples" is empty`],
    ["empty examples (single task)", { examples: [] }, `"examples" is empty`],
    ["an example that is not an object", { tasks: [{ name: "sum", examples: [[1, 2]] }] }, `task "sum" example 1: expected an object with "input" and "output", got an array`],
    ["missing input", { tasks: [{ name: "sum", examples: [...good, { output: 3 }] }] }, `task "sum" example 3: missing "input"`],
    ["missing output", { tasks: [{ name: "sum", examples: [{ input: [1] }] }] }, `task "sum" example 1: missing "output"`],
    ["input not an array", { tasks: [{ name: "sum", examples: [example(5)] }] }, `task "sum" example 1: "input" must be an array of numbers, got 5`],
    ["empty input", { tasks: [{ name: "sum", examples: [example([])] }] }, `task "sum" example 1: "input" is empty`],
    ["a string input value", { tasks: [{ name: "sum", examples: [...good, example([1, "3"])] }] }, `task "sum" example 3: input[1] is not a finite number (got a string "3")`],
    ["a null input value", { tasks: [{ name: "sum", examples: [example([null, 1])] }] }, `task "sum" example 1: input[0] is not a finite number (got null)`],
    ["a boolean input value", { tasks: [{ name: "sum", examples: [example([true])] }] }, `task "sum" example 1: input[0] is not a finite number (got true)`],
    ["a non-finite input value", { tasks: [{ name: "sum", examples: [example([1, Infinity])] }] }, `task "sum" example 1: input[1] is not a finite number (got Infinity)`],
    ["a non-numeric output", { tasks: [{ name: "sum", examples: [example([1], "x")] }] }, `task "sum" example 1: "output" is not a finite number (got a string "x")`],
    ["a non-finite output", { tasks: [{ examples: [example([1], -Infinity)] }] }, `task 1 example 1: "output" is not a finite number (got -Infinity)`],
    ["a missing output value", { examples: [example([1], null)] }, `example 1: "output" is not a finite number (got null)`],
    ["ragged inputs", { tasks: [{ name: "sum", examples: [...good, example([1, 2, 3])] }] }, `task "sum" example 3: "input" has 3 values but example 1 has 2`],
    ["ragged inputs (one value)", { tasks: [{ name: "sum", examples: [...good, example([1])] }] }, `task "sum" example 3: "input" has 1 value but example 1 has 2`],
  ])("rejects %s with one line naming the file and place", (_case, data, message) => {
    const error = inputError(() => loadTasks(data, FILE));
    expect(error.message).toBe(`${FILE}: ${message}`);
    expect(error.message).not.toContain("\n");
  });

  it("keeps task names with odd characters on one line", () => {
    const error = inputError(() => loadTasks({ tasks: [{ name: "a\nb", examples: [] }] }, FILE));
    expect(error.message).toBe(`${FILE}: task "a\\nb": "examples" is empty`);
  });
});

describe("parseJson", () => {
  it.each([
    ['{"tasks": [1,]}', `line 1, column 14: Unexpected token ']', "{"tasks": [1,]}" is not valid JSON`],
    ['{\n  "a" 1\n}', `line 2, column 7: Expected ':' after property name in JSON at position 8`],
    ["", "line 1, column 1: Unexpected end of JSON input"],
    ['{\n  "examples": [1, 2,, 3]\n}', `line 2, column 21: Unexpected token ',', ..."s": [1, 2,, 3] }" is not valid JSON`],
  ])("reports where %j goes wrong, on one line", (text, message) => {
    const error = inputError(() => parseJson(text, FILE));
    expect(error.message).toBe(`${FILE}: invalid JSON at ${message}`);
  });

  it("ignores a byte-order mark", () => {
    expect(parseJson('\uFEFF{"a": 1}', FILE)).toEqual({ a: 1 });
  });

  it("parses and validates in one call", () => {
    expect(parseTaskFile('{"examples": [{"input": [2], "output": 4}]}', "sq.json")).toEqual([{ name: "sq", examples: [{ input: [2], output: 4 }] }]);
    expect(inputError(() => parseTaskFile("[]", FILE)).message).toContain("at the top level, got an array");
  });
});
