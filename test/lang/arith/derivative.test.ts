import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { valueAndGradient } from "../../../src/lang/arith/derivative.js";
import { evaluateProgram } from "../../../src/lang/arith/evaluate.js";
import { parseProgram } from "../../../src/lang/arith/parse.js";
import { arbProgramWithInput } from "./arbitraries.js";

describe("value and gradient of a straight-line program", () => {
  it("differentiates a product of sums (golden)", () => {
    const gradient = new Float64Array(3);
    const value = valueAndGradient(parseProgram("v4 = v1 + v2\nv5 = v4 * v3"), [1, 2, 5], gradient);
    expect(value).toBe(15);
    expect(Array.from(gradient)).toEqual([5, 5, 3]);
  });

  it("agrees with the exact semantics and with central finite differences", () => {
    fc.assert(
      fc.property(arbProgramWithInput(3, 6), ([program, input]) => {
        const gradient = new Float64Array(program.inputs);
        expect(valueAndGradient(program, input, gradient)).toBeCloseTo(evaluateProgram(program, input), 9);
        for (let v = 0; v < program.inputs; v++) {
          const h = 1e-4;
          const at = (delta: number) => evaluateProgram(program, input.map((x, k) => (k === v ? x + delta : x)));
          const numeric = (at(h) - at(-h)) / (2 * h);
          expect(Math.abs((gradient[v] as number) - numeric)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(numeric)));
        }
      }),
    );
  });
});
