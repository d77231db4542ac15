import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OP_RULES, applyOp } from "../../../src/lang/arith/ops.js";
import { OPS } from "../../../src/lang/arith/syntax.js";

/** Each operator is declared once, in OP_RULES; its fields must agree with one another. */
describe.each(OPS)("OP_RULES.%s", (op) => {
  const rule = OP_RULES[op];
  const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });

  it("applies its bilinear form F(A, B) = a·A + b·B + ab·A·B (ROAP Figure 3)", () => {
    fc.assert(
      fc.property(finite, finite, (x, y) => {
        const { a, b, ab } = rule.bilinear;
        expect(applyOp(op, x, y)).toBeCloseTo(a * x + b * y + ab * x * y, 6);
      }),
    );
  });

  it("is marked commutative exactly when F(A, B) = F(B, A)", () => {
    const symmetric = (x: number, y: number): boolean => rule.apply(x, y) === rule.apply(y, x);
    if (rule.commutative) fc.assert(fc.property(finite, finite, (x, y) => symmetric(x, y)));
    else expect(symmetric(2, 3)).toBe(false);
  });
});
