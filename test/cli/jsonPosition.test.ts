import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonErrorOffset, lineAndColumn } from "../../src/cli/jsonPosition.js";

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe("jsonErrorOffset", () => {
  it.each([
    ['{"tasks": [1,]}', 13],
    ["{\n  \"a\" 1\n}", 8],
    ["", 0],
    ["[1, 2", 5],
    ['{"a": 1} x', 9],
    ['{"a": tru}', 9],
    ['{"a": 01}', 7],
    ['"\\x"', 2],
    ['"a\nb"', 2],
    ["[-]", 2],
    ["[1.]", 3],
    ["[1e+]", 4],
    ["{1: 2}", 1],
    ['["\\u12G4"]', 6],
    ["[nu\"ll]", 3],
  ])("finds the first error in %j at %i", (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it("agrees with JSON.parse on which texts are valid", () => {
    const jsonish = fc.stringMatching(/^[\s{}[\]",:0-9eE.+\-tfrunlsa\\/]{0,30}$/u);
    fc.assert(
      fc.property(fc.oneof(jsonish, fc.json(), fc.string()), (text) => {
        expect(jsonErrorOffset(text) === undefined).toBe(parses(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees with V8 where V8 reports a position", () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.constantFrom("", "}", "]", ",", ":", "x", "\n", '"'), (json, at, junk) => {
        const cut = at % (json.length + 1);
        const text = json.slice(0, cut) + junk + json.slice(cut);
        try {
          JSON.parse(text);
        } catch (error) {
          const position = /at position (\d+)/u.exec((error as Error).message)?.[1];
          if (position !== undefined) expect(jsonErrorOffset(text)).toBe(Number(position));
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("lineAndColumn", () => {
  it("counts from 1", () => {
    expect(lineAndColumn("ab\ncd", 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn("ab\n", 3)).toEqual({ line: 2, column: 1 });
  });
});
