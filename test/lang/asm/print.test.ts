import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAsm } from "../../../src/lang/asm/parse.js";
import { printAsm } from "../../../src/lang/asm/print.js";
import type { AsmProgram } from "../../../src/lang/asm/syntax.js";

const example = (path: string): string => readFileSync(new URL(`../../../examples/asm/${path}`, import.meta.url), "utf8");

describe("printAsm (golden)", () => {
  // Seed 002, Listing 1 and Appendix A.1, line for line (the listings' line numbers dropped).
  it.each([
    ["seed/map-inc.asm", ["map_loop:", "read 1 2", "inc 2 2", "write 1 2", "inc 1 1", "jump 3 map_loop"]],
    ["seed/sum.asm", ["inc 4 4", "inc 4 4", "sum_loop:", "read 3 2", "add 1 2 1", "inc 3 3", "max 3 4 5", "sub 4 5 5", "jump 5 sum_loop", "write 3 1"]],
    ["seed/fibonacci.asm", ["inc 2 2", "fib_loop:", "write 3 2", "add 1 2 2", "read 3 1", "write 3 2", "inc 3 3", "jump 4 fib_loop"]],
    ["seed/access.asm", ["read 0 1", "inc 1 1", "read 1 1", "write 0 1", "halt"]],
    ["seed/cond.asm", ["cond:", "mod 2 3 1", "jump 1 true", "jump 0 false", "true:", "write 4 1", "false:", "read 4 1"]],
    ["seed/loop-noop.asm", ["loop:", "noop", "noop", "inc 3 3", "jump 4 loop"]],
    ["seed/filter.asm", ["filter_loop:", "read 3 2", "mod 2 6 1", "write 3 1", "inc 3 3", "max 3 4 5", "sub 4 5 5", "jump 5 filter_loop"]],
  ])("prints %s exactly as the seed lists it", (path, lines) => {
    expect(printAsm(parseAsm(example(path)))).toBe(lines.join("\n"));
  });

  it("names unlabelled jump targets L<line>, avoiding names already taken, and prints end labels", () => {
    const program: AsmProgram = {
      instructions: [
        { op: "jump", a: 0, target: 2 },
        { op: "dec", a: 1, out: 1 },
        { op: "jump", a: 1, target: 1 },
        { op: "jump", a: 2, target: 4 },
      ],
      labels: [{ name: "L1", line: 3 }],
    };
    expect(printAsm(program)).toBe(
      ["jump 0 L2", "L1_1:", "dec 1 1", "L2:", "jump 1 L1_1", "L1:", "jump 2 L4", "L4:"].join("\n"),
    );
  });

  it("prints the empty program as the empty string and rejects malformed programs", () => {
    expect(printAsm({ instructions: [], labels: [] })).toBe("");
    expect(() => printAsm({ instructions: [{ op: "jump", a: 0, target: 2 }], labels: [] })).toThrow(
      "instruction 0 (jump): target 2 is not a line of the program (0..1)",
    );
    expect(() => printAsm({ instructions: [{ op: "inc", a: -1, out: 0 }], labels: [] })).toThrow("register -1");
    expect(() => printAsm({ instructions: [], labels: [{ name: "x", line: 0 }, { name: "x", line: 0 }] })).toThrow("defined twice");
    expect(() => printAsm({ instructions: [], labels: [{ name: "Jump", line: 0 }] })).toThrow("instruction name");
    expect(() => printAsm({ instructions: [], labels: [{ name: "9x", line: 0 }] })).toThrow("not an identifier");
  });
});
