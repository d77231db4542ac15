import { describe, expect, it } from "vitest";
import { DeepCoderTypeError, inRange, runProgram, runProgramState, sameValue } from "../../../src/lang/deepcoder/evaluate.js";
import { LAMBDA_RULES, OPERATION_RULES } from "../../../src/lang/deepcoder/ops.js";
import { parseProgram, parseValue } from "../../../src/lang/deepcoder/parse.js";
import { LAMBDAS, OPERATIONS, type Value } from "../../../src/lang/deepcoder/syntax.js";

/** Runs the one-statement program `x1 = <rhs>` (or over two inputs when rhs names x1) on `inputs`. */
function run(rhs: string, ...inputs: Value[]): Value | null {
  const names = inputs.map((_, k) => `x${k}`);
  return runProgram(parseProgram(`${names.map((n) => `${n} = INPUT`).join(" | ")} | x${inputs.length} = ${rhs}`), inputs);
}

describe("DeepCoder semantics (Appendix F, as ExeDec runs it)", () => {
  it("divides by flooring and takes Python's modulus, so negative ints round down and -3 is odd", () => {
    expect(run("Map (/2) x0", [-3, 3, -4])).toEqual([-2, 1, -2]);
    expect(run("Map (/3) x0", [-1, 7])).toEqual([-1, 2]);
    expect(run("Map (/4) x0", [-5])).toEqual([-2]);
    expect(run("Filter (%2==1) x0", [-3, -2, 5])).toEqual([-3, 5]);
    expect(run("Count (%2==0) x0", [-4, -1, 0])).toBe(2);
  });

  it("slices Take and Drop as Python does, negative counts from the end", () => {
    expect(run("Take x0 x1", 2, [1, 2, 3])).toEqual([1, 2]);
    expect(run("Take x0 x1", -1, [1, 2, 3])).toEqual([1, 2]);
    expect(run("Take x0 x1", -5, [1, 2, 3])).toEqual([]);
    expect(run("Take x0 x1", 9, [1, 2, 3])).toEqual([1, 2, 3]);
    expect(run("Drop x0 x1", -1, [1, 2, 3])).toEqual([3]);
    expect(run("Drop x0 x1", 9, [1, 2, 3])).toEqual([]);
    expect(run("Drop x0 x1", 0, [1, 2, 3])).toEqual([1, 2, 3]);
  });

  it("fails where an operation is undefined: Head, Last, Minimum, Maximum of [], Access out of range", () => {
    for (const op of ["Head", "Last", "Minimum", "Maximum"]) expect(run(`${op} x0`, [])).toBeNull();
    expect(run("Access x0 x1", 3, [1, 2, 3])).toBeNull();
    expect(run("Access x0 x1", -1, [1, 2, 3])).toBeNull();
    expect(run("Access x0 x1", 2, [1, 2, 3])).toBe(3);
    expect(run("Sum x0", [])).toBe(0);
    expect(run("Scanl1 (+) x0", [])).toEqual([]);
  });

  it("fails when any int of a result leaves [-50, 50], and a run may set another bound", () => {
    expect(run("Map (*4) x0", [12, 13])).toBeNull();
    expect(run("Map (*4) x0", [12])).toEqual([48]);
    expect(run("Sum x0", [50, 1])).toBeNull();
    expect(run("Scanl1 (*) x0", [10, 10, 0])).toBeNull();
    const program = parseProgram("x0 = INPUT | x1 = Map (**2) x0");
    expect(runProgram(program, [[16]])).toBeNull();
    expect(runProgram(program, [[16]], { maxInt: 256 })).toEqual([256]);
    expect(inRange([-50, 50])).toBe(true);
    expect(inRange(51)).toBe(false);
  });

  it("zips to the shorter list, scans left to right, sorts ascending, reverses", () => {
    expect(run("ZipWith (-) x0 x1", [5, 4, 3], [1, 1])).toEqual([4, 3]);
    expect(run("ZipWith (min) x0 x1", [5, -4], [1, 1])).toEqual([1, -4]);
    expect(run("Scanl1 (-) x0", [5, 1, 1])).toEqual([5, 4, 3]);
    expect(run("Scanl1 (max) x0", [1, 3, 2])).toEqual([1, 3, 3]);
    expect(run("Sort x0", [3, -1, 2, -10])).toEqual([-10, -1, 2, 3]);
    expect(run("Reverse x0", [1, 2, 3])).toEqual([3, 2, 1]);
    expect(run("Map (*(-1)) x0", [2, -3])).toEqual([-2, 3]);
  });

  it("runs a multi-statement program over two inputs and reports every variable's value", () => {
    const program = parseProgram("x0 = INPUT | x1 = INPUT | x2 = Take x0 x1 | x3 = Scanl1 (+) x2 | x4 = Sum x3");
    expect(runProgramState(program, [2, [3, 4, 9]])).toEqual([2, [3, 4, 9], [3, 4], [3, 7], 10]);
    expect(runProgram(program, [0, [3]])).toBe(0);
  });

  it("rejects inputs that do not fit the program with a type error, not a failing run", () => {
    const program = parseProgram("x0 = INPUT | x1 = Sum x0");
    expect(() => runProgram(program, [3])).toThrow(DeepCoderTypeError);
    expect(() => runProgram(program, [3])).toThrow("argument 1 (x0) must be a list");
    expect(() => runProgram(program, [])).toThrow("the program takes 1 inputs, got 0");
  });

  it("declares every operation and lambda once, with a type (the tables cover the syntax)", () => {
    expect(Object.keys(OPERATION_RULES).sort()).toEqual([...OPERATIONS].sort());
    expect(Object.keys(LAMBDA_RULES).sort()).toEqual([...LAMBDAS].sort());
    expect(sameValue(parseValue("[ 1 2 ]"), [1, 2])).toBe(true);
    expect(sameValue([1, 2], 1)).toBe(false);
  });
});
