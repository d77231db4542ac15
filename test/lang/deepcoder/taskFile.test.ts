import { describe, expect, it } from "vitest";
import { TaskFileError } from "../../../src/lang/taskFileError.js";
import { parseProgram } from "../../../src/lang/deepcoder/parse.js";
import { parseDeepCoderProblems, printDeepCoderProblem, solvesProblem } from "../../../src/lang/deepcoder/taskFile.js";

const LINES = [
  '{"index": 7, "inputs": ["x0 = 1 | x1 = [ 0 2 4 ]", "x0 = 2 | x1 = [ 3 -1 ]"], "outputs": ["[ 0 ]", "[ 3 2 ]"], "program": "x0 = INPUT | x1 = INPUT | x2 = Scanl1 (+) x1 | x3 = Take x0 x2"}',
  "",
  '{"inputs": ["x0 = [ 5 -3 ]"], "outputs": ["2"]}',
];

describe("DeepCoder problems in ExeDec's JSON Lines", () => {
  it("reads problems with and without a gold program, and the gold program reproduces the outputs", () => {
    const [first, second] = parseDeepCoderProblems(LINES.join("\n"));
    expect(first).toMatchObject({ index: 7, inputNames: ["x0", "x1"], examples: [{ inputs: [1, [0, 2, 4]], output: [0] }, { inputs: [2, [3, -1]], output: [3, 2] }] });
    expect(first?.program).not.toBeNull();
    expect(solvesProblem(first!.program!, first!)).toBe(true);
    expect(solvesProblem(parseProgram("x0 = INPUT | x1 = INPUT | x2 = Take x0 x1"), first!)).toBe(false);
    expect(second).toMatchObject({ index: 1, inputNames: ["x0"], program: null });
    expect(solvesProblem(parseProgram("x0 = INPUT | x1 = Sum x0"), second!)).toBe(true);
  });

  it("writes problems that read back the same", () => {
    const problems = parseDeepCoderProblems(LINES.join("\n"));
    const again = parseDeepCoderProblems(problems.map(printDeepCoderProblem).join("\n"));
    expect(again).toEqual(problems);
    expect(printDeepCoderProblem(problems[0]!)).toBe(LINES[0]!.replaceAll(": ", ":").replaceAll(", \"", ",\""));
  });

  it("reads ExeDec's few-shot form: the problem under test_problem, inputs by variable, JSON values", () => {
    const line = JSON.stringify({ test_problem: { inputs: { x0: [[1, 2], [3]], x1: [2, 0] }, outputs: [[1, 2], []], program: "x0 = INPUT | x1 = INPUT | x2 = Take x1 x0" }, few_shot_examples: [] });
    const [problem] = parseDeepCoderProblems(line);
    expect(problem?.examples).toEqual([{ inputs: [[1, 2], 2], output: [1, 2] }, { inputs: [[3], 0], output: [] }]);
    expect(solvesProblem(problem!.program!, problem!)).toBe(true);
  });

  it.each([
    ["{", "line 1: not JSON"],
    ['{"inputs": ["x0 = [ 1 ]"], "outputs": []}', "line 1: 1 examples' inputs but 0 outputs"],
    ['{"inputs": ["x0 = [ 1 ]"], "outputs": ["[ 1 ]"], "program": "x0 = INPUT | x1 = Frob x0"}', 'line 1: "program": column 19: expected INPUT or an operation'],
    ['{"inputs": ["x0 = [ 1 ]", "x1 = [ 2 ]"], "outputs": ["1", "2"]}', "line 1: input 2 names x1, input 1 x0"],
    ['{"inputs": ["x0 = [ 99 ]"], "outputs": ["1"]}', "line 1: input 1 ([ 99 ]) has an int outside [-50, 50]"],
    ['{"inputs": ["x0 = [ 1 ]"], "outputs": ["1"], "program": "x1 = INPUT | x2 = Sum x1"}', "the program's inputs (x1) are not the examples' (x0)"],
    ['{"inputs": [], "outputs": []}', "a problem needs at least one example"],
  ])("rejects %s with one line naming it", (line, message) => {
    expect(() => parseDeepCoderProblems(`\n${line}`, "p.jsonl")).toThrow(TaskFileError);
    expect(() => parseDeepCoderProblems(line, "p.jsonl")).toThrow(`p.jsonl: ${message.startsWith("line") ? message : `line 1: ${message}`}`);
  });
});
