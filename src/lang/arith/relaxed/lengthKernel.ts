import type { FloatArray, FusedKernel } from "../../../engine/fused.js";
import { COST, OP_COUNT, USES_RIGHT } from "./coefficients.js";

/**
 * Differentiable expected program length for ROAP's prior p(z) ∝ exp(−λ·length(z)) (eq. 6),
 * "recursively computed from z in a manner analogous to how z is recursively executed" (§3.2):
 *
 *   Len(l) = 0                                                           for l < V (inputs)
 *   Len(l) = Σ_o z^O_lo · (cost_o + Σ_a z^L_la Len(a) + usesRight_o · Σ_b z^R_lb Len(b))
 *
 * with cost 1 for add/sub/mul and 0 for skip, and skip ignoring its right argument. At one-hot z
 * this is the number of operators of the formula the program denotes (its expression tree, with
 * shared subterms counted each time they are used). Inputs: wO [T, L, O], wL, wR [T, L, V+L];
 * output [T] = Len of the last line.
 */
export interface LengthSaved {
  /** Len(l) per task, layout [T][V+L]. */
  readonly lengths: Float64Array;
  /** Σ_a z^L_la Len(a) and Σ_b z^R_lb Len(b) per task and line, layout [T][L]. */
  readonly leftLengths: Float64Array;
  readonly rightLengths: Float64Array;
}

function dims(shapes: readonly (readonly number[])[]): { T: number; L: number; V: number } {
  const [o, l, r] = shapes;
  if (!o || !l || !r || shapes.length !== 3 || o.length !== 3 || o[2] !== OP_COUNT) {
    throw new RangeError(`program length takes wO [T, L, ${OP_COUNT}], wL and wR [T, L, V+L]`);
  }
  const [T, L] = o as [number, number];
  const V = (l[2] as number) - L;
  if (V < 1 || l[0] !== T || l[1] !== L || r[0] !== T || r[1] !== L || r[2] !== V + L) {
    throw new RangeError(`wL and wR must both be [${T}, ${L}, V+L] with V ≥ 1`);
  }
  return { T, L, V };
}

export const lengthKernel: FusedKernel<LengthSaved> = {
  name: "expectedProgramLength",

  outputShape(shapes) {
    return [dims(shapes).T];
  },

  forward(inputs, shapes, out) {
    const { T, L, V } = dims(shapes);
    const [wO, wL, wR] = inputs as [FloatArray, FloatArray, FloatArray];
    const W = V + L;
    const lengths = new Float64Array(T * W);
    const leftLengths = new Float64Array(T * L);
    const rightLengths = new Float64Array(T * L);
    for (let t = 0; t < T; t++) {
      for (let i = 0; i < L; i++) {
        const l = V + i;
        const row = (t * L + i) * W;
        const opRow = (t * L + i) * OP_COUNT;
        let leftLen = 0;
        let rightLen = 0;
        for (let a = 0; a < l; a++) {
          const len = lengths[t * W + a] as number;
          leftLen += (wL[row + a] as number) * len;
          rightLen += (wR[row + a] as number) * len;
        }
        leftLengths[t * L + i] = leftLen;
        rightLengths[t * L + i] = rightLen;
        let total = 0;
        for (let o = 0; o < OP_COUNT; o++) {
          total += (wO[opRow + o] as number) * ((COST[o] as number) + leftLen + (USES_RIGHT[o] as number) * rightLen);
        }
        lengths[t * W + l] = total;
      }
      out[t] = lengths[t * W + W - 1] as number;
    }
    return { lengths, leftLengths, rightLengths };
  },

  backward(inputs, shapes, saved, dOut, grads) {
    const { T, L, V } = dims(shapes);
    const [wO, wL, wR] = inputs as [FloatArray, FloatArray, FloatArray];
    const [gO, gL, gR] = grads as [FloatArray, FloatArray, FloatArray];
    const { lengths, leftLengths, rightLengths } = saved;
    const W = V + L;
    const dLen = new Float64Array(W);
    for (let t = 0; t < T; t++) {
      dLen.fill(0);
      dLen[W - 1] = dOut[t] as number;
      for (let i = L - 1; i >= 0; i--) {
        const l = V + i;
        const g = dLen[l] as number;
        if (g === 0) continue;
        const row = (t * L + i) * W;
        const opRow = (t * L + i) * OP_COUNT;
        const leftLen = leftLengths[t * L + i] as number;
        const rightLen = rightLengths[t * L + i] as number;
        let opMass = 0;
        let rightUse = 0;
        for (let o = 0; o < OP_COUNT; o++) {
          const w = wO[opRow + o] as number;
          opMass += w;
          rightUse += w * (USES_RIGHT[o] as number);
          gO[opRow + o] = (gO[opRow + o] as number) + g * ((COST[o] as number) + leftLen + (USES_RIGHT[o] as number) * rightLen);
        }
        const gLeft = g * opMass;
        const gRight = g * rightUse;
        for (let a = 0; a < l; a++) {
          const len = lengths[t * W + a] as number;
          gL[row + a] = (gL[row + a] as number) + gLeft * len;
          gR[row + a] = (gR[row + a] as number) + gRight * len;
          dLen[a] = (dLen[a] as number) + gLeft * (wL[row + a] as number) + gRight * (wR[row + a] as number);
        }
      }
    }
  },
};
