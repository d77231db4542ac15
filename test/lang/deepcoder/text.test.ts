import { describe, expect, it } from "vitest";
import { parseErrorOf } from "../../helpers/thrown.js";
import { parseProgram, parseState, parseValue } from "../../../src/lang/deepcoder/parse.js";
import { printProgram, printState, printValue } from "../../../src/lang/deepcoder/print.js";

describe("ExeDec's text forms of DeepCoder programs and values", () => {
  it.each([
    "x0 = INPUT | x1 = Map (+1) x0 | x2 = Sum x1",
    "x0 = INPUT | x1 = INPUT | x2 = Scanl1 (*) x1 | x3 = ZipWith (-) x0 x2",
    "x3 = INPUT | x1 = Filter (%2==1) x3 | x0 = Count (>0) x1",
    "x0 = INPUT | x1 = INPUT | x2 = Access x0 x1 | x3 = Take x2 x1 | x4 = Map (*(-1)) x3",
  ])("reads and writes %s unchanged", (text) => {
    expect(printProgram(parseProgram(text))).toBe(text);
    expect(printProgram(parseProgram(`  ${text.replaceAll(" ", "   ")} `))).toBe(text);
  });

  it("reads values and states, and writes them back", () => {
    expect(parseValue("[ -2 -2 -1 ]")).toEqual([-2, -2, -1]);
    expect(parseValue("[ ]")).toEqual([]);
    expect(parseValue("-7")).toBe(-7);
    expect(printValue([])).toBe("[ ]");
    const state = parseState("x0 = 1 | x1 = [ 0 2 4 ]");
    expect(state).toEqual({ variables: ["x0", "x1"], values: [1, [0, 2, 4]] });
    expect(printState(state.variables, state.values)).toBe("x0 = 1 | x1 = [ 0 2 4 ]");
  });

  it.each([
    ["x0 = INPUT | x1 = Frobnicate x0", 19, 'expected INPUT or an operation'],
    ["x0 = INPUT | x1 = Map (>0) x0", 23, "Map takes a lambda of type int -> int, and (>0) has type int -> bool"],
    ["x0 = INPUT | x1 = Map x0", 23, "expected a lambda for Map ((+1) (-1)"],
    ["x0 = INPUT | x1 = Sum x2", 23, "x2 is not defined before this statement"],
    ["x0 = INPUT | x1 = Sum x0 | x2 = Sum x1", 37, "argument 1 of Sum must be a list, and x1 is an int"],
    ["x0 = INPUT | x0 = Sum x0", 14, "x0 is defined twice"],
    ["x0 = INPUT | x1 = Sum x0 | x2 = INPUT", 33, "inputs must come before every statement"],
    ["x0 = INPUT | x10 = Sum x0", 14, "x10: variables are x0 … x9"],
    ["x0 = INPUT | x1 = Sum x0 x0", 26, 'expected "|" or the end after the 1 argument of Sum'],
    ["x0 = INPUT", 11, "a program needs at least one statement"],
  ])("rejects %j at column %i: %s", (text, column, message) => {
    const error = parseErrorOf(() => parseProgram(text));
    expect(error.column).toBe(column);
    expect(error.message).toContain(message);
  });

  it("rejects malformed values and states", () => {
    expect(() => parseValue("[ 1 2")).toThrow('expected "]", found end of input');
    expect(() => parseValue("1 2")).toThrow("expected the end after the value");
    expect(() => parseState("x0 = 1 | x0 = 2")).toThrow("x0 is given twice");
    expect(() => parseValue("[ 1 x ]")).toThrow('expected "]", found "x"');
  });
});
