import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ParseError, parseAsm } from "../../../src/lang/asm/parse.js";
import { printAsm } from "../../../src/lang/asm/print.js";
import { arbAsmProgram } from "./arbitraries.js";

function parseError(text: string): ParseError {
  try {
    parseAsm(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ParseError);
    return error as ParseError;
  }
  throw new Error(`expected ${JSON.stringify(text)} not to parse`);
}

describe("parseAsm", () => {
  it("reads the seed's map-inc listing (Listing 1): operands in order, labels as line indices", () => {
    const program = parseAsm(["map_loop:", "read 1 2", "inc 2 2", "write 1 2", "inc 1 1", "jump 3 map_loop"].join("\n"));
    expect(program).toEqual({
      instructions: [
        { op: "read", a: 1, out: 2 },
        { op: "inc", a: 2, out: 2 },
        { op: "write", a: 1, b: 2 },
        { op: "inc", a: 1, out: 1 },
        { op: "jump", a: 3, target: 0 },
      ],
      labels: [{ name: "map_loop", line: 0 }],
    });
  });

  it("reads three-operand instructions with the output last, noop and halt without operands", () => {
    expect(parseAsm("add 1 2 1\nmax 3 4 5\nmod 2 6 1\nnoop\nhalt").instructions).toEqual([
      { op: "add", a: 1, b: 2, out: 1 },
      { op: "max", a: 3, b: 4, out: 5 },
      { op: "mod", a: 2, b: 6, out: 1 },
      { op: "noop" },
      { op: "halt" },
    ]);
  });

  it("resolves forward labels, labels at the end, several labels and labels before an instruction on its line", () => {
    const program = parseAsm("jump 0 done\nstart: again: inc 1 1\njump 0 again\ndone:");
    expect(program.instructions).toEqual([
      { op: "jump", a: 0, target: 3 },
      { op: "inc", a: 1, out: 1 },
      { op: "jump", a: 0, target: 1 },
    ]);
    expect(program.labels).toEqual([
      { name: "start", line: 1 },
      { name: "again", line: 1 },
      { name: "done", line: 3 },
    ]);
  });

  it("ignores blank lines, indentation, comments and the case of instruction names", () => {
    expect(parseAsm("\n  # a comment\n\tREAD 1 2   # trailing\n\n  Halt\n")).toEqual({
      instructions: [{ op: "read", a: 1, out: 2 }, { op: "halt" }],
      labels: [],
    });
    expect(parseAsm("")).toEqual({ instructions: [], labels: [] });
  });

  it.each([
    ["inc 1", "line 1, column 6: expected a register number (operand 2 of inc a out), found end of line"],
    ["inc 1 2 3", "line 1, column 9: expected end of line after the 2 operands of inc, found \"3\""],
    ["halt 1", "line 1, column 6: expected end of line after halt, found \"1\""],
    ["read 1 x", "line 1, column 8: expected a register number (operand 2 of read a out), found \"x\""],
    ["jump 1 2", "line 1, column 8: expected a label (the target of jump), found \"2\""],
    ["jump 1", "line 1, column 7: expected a label (the target of jump), found end of line"],
    ["inc 1 1\n  jmp 1 loop", "line 2, column 3: expected an instruction (read, write, inc, dec, add, sub, max, min, mod, jump, noop, halt) or a label \"name:\", found \"jmp\""],
    ["inc 1 1\n\njump 0 nowhere", "line 3, column 8: undefined label \"nowhere\""],
    ["a:\ninc 1 1\n a: halt", "line 3, column 2: label \"a\" is already defined on line 1"],
    ["halt: inc 1 1", "line 1, column 1: \"halt\" is an instruction name and cannot be a label"],
    ["inc -1 2", "line 1, column 5: unexpected character \"-\""],
    ["3: inc 1 1", "line 1, column 1: expected an instruction (read, write, inc, dec, add, sub, max, min, mod, jump, noop, halt) or a label \"name:\", found \"3\""],
    ["inc 99999999999999999999 1", "line 1, column 5: 99999999999999999999 is too large"],
  ])("reports %j with its line and column", (text, message) => {
    const error = parseError(text);
    expect(error.message).toBe(message);
    expect(error.name).toBe("ParseError");
    const [, line, column] = /^line (\d+), column (\d+)/u.exec(message) ?? [];
    expect([error.line, error.column]).toEqual([Number(line), Number(column)]);
  });

  it("print ∘ parse ∘ print = print, and parse ∘ print keeps every instruction", () => {
    fc.assert(
      fc.property(arbAsmProgram(), (program) => {
        const text = printAsm(program);
        const parsed = parseAsm(text);
        expect(printAsm(parsed)).toBe(text);
        expect(parsed.instructions).toEqual(program.instructions);
        // Every label of the program survives (the printer may add fresh ones for unlabelled targets).
        for (const label of program.labels) expect(parsed.labels).toContainEqual(label);
      }),
      { numRuns: 150 },
    );
  });
});
