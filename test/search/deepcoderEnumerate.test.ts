import { describe, expect, it } from "vitest";
import { runProgram } from "../../src/lang/deepcoder/evaluate.js";
import { parseProgram } from "../../src/lang/deepcoder/parse.js";
import { printProgram } from "../../src/lang/deepcoder/print.js";
import type { Value } from "../../src/lang/deepcoder/syntax.js";
import { solvesProblem, type DeepCoderProblem } from "../../src/lang/deepcoder/taskFile.js";
import { enumerateDeepCoder } from "../../src/search/deepcoderEnumerate.js";

/** The problem whose outputs `gold` computes on `inputs`. */
function problemOf(gold: string, inputs: Value[][]): DeepCoderProblem {
  const program = parseProgram(gold);
  return { index: 0, inputNames: program.inputs, program, examples: inputs.map((values) => ({ inputs: values, output: runProgram(program, values) as Value })) };
}

describe("typed bottom-up enumeration of DeepCoder programs", () => {
  it.each([
    ["x0 = INPUT | x1 = Map (*2) x0 | x2 = Sum x1", [[[1, 2, 3]], [[4, -1]], [[0, 5, 5, 2]]], 2],
    ["x0 = INPUT | x1 = INPUT | x2 = Scanl1 (+) x1 | x3 = Take x0 x2", [[1, [0, 2, 4]], [2, [3, -1, 1]], [3, [1, 1, 1, 1]]], 2],
    ["x0 = INPUT | x1 = Filter (%2==1) x0 | x2 = Sort x1 | x3 = Reverse x2", [[[3, 8, 1, 5]], [[-3, 2, 7]], [[9, 9, 4, 1, 0]]], 3],
    ["x0 = INPUT | x1 = INPUT | x2 = ZipWith (max) x0 x1 | x3 = Count (>0) x2", [[[1, -2, 3], [-1, -5, 0]], [[-4], [-3]], [[2, -2], [0, 1]]], 2],
  ] as [string, Value[][], number][])("finds a smallest program consistent with the examples of %s", (gold, inputs, size) => {
    const problem = problemOf(gold, inputs);
    const result = enumerateDeepCoder(problem, { timeout: 30 });
    expect(result.stop).toBe("found");
    expect(result.program).not.toBeNull();
    expect(solvesProblem(result.program!, problem)).toBe(true);
    expect(result.program!.statements.length).toBeLessThanOrEqual(size);
    // It prints as ExeDec's text and reads back.
    expect(printProgram(parseProgram(printProgram(result.program!)))).toBe(printProgram(result.program!));
  });

  it("writes a subexpression used twice as one statement", () => {
    const problem = problemOf("x0 = INPUT | x1 = Sort x0 | x2 = Reverse x1 | x3 = ZipWith (-) x1 x2", [[[3, -1, 2]], [[0, 4, 1, 7]], [[5, 5, -2, 1, 9]]]);
    const result = enumerateDeepCoder(problem, { timeout: 30 });
    expect(result.stop).toBe("found");
    const statements = result.program!.statements.map((st) => [st.operation, st.lambda, ...st.args].join(" "));
    expect(new Set(statements).size).toBe(statements.length);
    expect(statements.length).toBeLessThanOrEqual(3);
    expect(solvesProblem(result.program!, problem)).toBe(true);
  });

  it("reports exhaustion below the size limit and stops at its time budget", () => {
    const problem = problemOf("x0 = INPUT | x1 = Sort x0 | x2 = Reverse x1 | x3 = Scanl1 (-) x2", [[[3, -1, 2]], [[0, 4, 1, 1]], [[5, 5, -2]]]);
    const exhausted = enumerateDeepCoder(problem, { maxSize: 1 });
    expect(exhausted).toMatchObject({ program: null, stop: "exhausted", size: 1 });
    const hard = problemOf("x0 = INPUT | x1 = Map (+1) x0", [[[1]], [[2]]]);
    const impossible = { ...hard, examples: [...hard.examples, { inputs: [[1]], output: [7, 7, 7] }] };
    const timed = enumerateDeepCoder(impossible, { timeout: 0.2 });
    expect(timed.stop).toBe("timeout");
    expect(timed.seconds).toBeLessThan(2);
  });
});
