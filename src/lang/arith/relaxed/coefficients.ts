import { OPS, type Op } from "../syntax.js";
import { OP_RULES, usesRight } from "../ops.js";

/**
 * Operator tables in the order of `OPS`, read by the fused kernels: F_o(A, B) = a·A + b·B + ab·A·B.
 * A relaxed line mixes the operators with weights z^O_lo (ROAP Figure 3), which is the same as
 * mixing their coefficients: Σ_o z^O_lo F_o(A, B) = (Σ_o z_o a_o)·A + (Σ_o z_o b_o)·B + (Σ_o z_o ab_o)·A·B.
 */
export const OP_COUNT = OPS.length;
export const COEFF_A = Float64Array.from(OPS, (op) => OP_RULES[op].bilinear.a);
export const COEFF_B = Float64Array.from(OPS, (op) => OP_RULES[op].bilinear.b);
export const COEFF_AB = Float64Array.from(OPS, (op) => OP_RULES[op].bilinear.ab);
export const COST = Float64Array.from(OPS, (op) => OP_RULES[op].cost);
export const USES_RIGHT = Float64Array.from(OPS, (op) => (usesRight(op) ? 1 : 0));

export const opIndex = (op: Op): number => OPS.indexOf(op);
