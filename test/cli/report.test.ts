import { describe, expect, it } from "vitest";
import { humanReport } from "../../src/cli/solve.js";
import { parseExpr } from "../../src/lang/arith/parse.js";

describe("human report", () => {
  const result = (name: string, formula: string, solved: boolean) => ({ name, solved, program: parseExpr(formula, 3), stats: {} });

  it("adds the expanded polynomial only when it is shorter than the formula", () => {
    const report = humanReport([
      result("a", "s1 * s2 - s3", true),
      result("b", "(s2 + (s2 - s2)) * s2 + s1", true),
      result("c", "s1 + s1 + s1", false),
      result("d", "s1 * s1 - s3 * s3", true),
    ]);
    expect(report).toBe("a: s1 * s2 - s3\nb: (s2 + (s2 - s2)) * s2 + s1  = s2^2 + s1\nc: s1 + s1 + s1  = 3*s1  (unsolved)\nd: s1 * s1 - s3 * s3\nsolved 3/4\n");
  });
});
