import type { FloatArray, FusedKernel, Shape } from "../../../engine/fused.js";
import { COEFF_A, COEFF_AB, COEFF_B, OP_COUNT } from "./coefficients.js";

/**
 * The differentiable straight-line executor of ROAP (Figure 3) as one fused kernel.
 *
 * Inputs: wO [T, L, O], wL [T, L, V+L], wR [T, L, V+L] (row-normalised weights, e.g. from a
 * masked (Gumbel-)softmax; row i may only use columns < V + i, the rest are ignored) and the
 * symbols s, either shared by all tasks [N, V] or per task [T, N, V].
 * Output: y [T, N], the value of the last line Exec(z, s, V + L).
 *
 *   Exec(l) = s_l                                        for l < V
 *   A_l = Σ_{a<l} z^L_la Exec(a),  B_l = Σ_{b<l} z^R_lb Exec(b)
 *   Exec(l) = Σ_o z^O_lo F_o(A_l, B_l) = cA·A_l + cB·B_l + cAB·A_l·B_l   for l ≥ V
 *
 * Backward (hand-derived): with g = ∂y/∂Exec(l),
 *   ∂/∂z^O_lo = g·(a_o A + b_o B + ab_o A B),  ∂/∂A = g·(cA + cAB·B),  ∂/∂B = g·(cB + cAB·A),
 *   ∂/∂z^L_la = ∂A·Exec(a),  ∂Exec(a) += ∂A·z^L_la  (and likewise for the right argument).
 */
export interface StraightLineSaved {
  /** Line values Exec(l), layout [T][N][V+L]. */
  readonly values: Float64Array;
  /** Left and right arguments A_l and B_l, layout [T][L][N]. */
  readonly left: Float64Array;
  readonly right: Float64Array;
  /** The weights as float64 (the hot loops only ever touch Float64Arrays). */
  readonly wL: Float64Array;
  readonly wR: Float64Array;
}

interface Dims {
  readonly tasks: number;
  readonly lines: number;
  readonly vars: number;
  readonly examples: number;
  readonly sharedInputs: boolean;
}

export function straightLineDims(shapes: readonly Shape[]): Dims {
  const [o, l, r, s] = shapes;
  if (!o || !l || !r || !s || shapes.length !== 4) {
    throw new RangeError("straight-line executor takes 4 inputs: wO, wL, wR, symbols");
  }
  if (o.length !== 3 || o[2] !== OP_COUNT) throw new RangeError(`wO must be [T, L, ${OP_COUNT}], got [${o.join(", ")}]`);
  const [tasks, lines] = o as [number, number, number];
  if (s.length !== 2 && s.length !== 3) throw new RangeError(`symbols must be [N, V] or [T, N, V], got [${s.join(", ")}]`);
  const sharedInputs = s.length === 2;
  const vars = s[s.length - 1] as number;
  const examples = s[s.length - 2] as number;
  if (!sharedInputs && s[0] !== tasks) throw new RangeError(`symbols have ${s[0]} tasks, wO has ${tasks}`);
  for (const [name, w] of [["wL", l], ["wR", r]] as const) {
    if (w.length !== 3 || w[0] !== tasks || w[1] !== lines || w[2] !== vars + lines) {
      throw new RangeError(`${name} must be [${tasks}, ${lines}, ${vars + lines}], got [${w.join(", ")}]`);
    }
  }
  return { tasks, lines, vars, examples, sharedInputs };
}

export const straightLineKernel: FusedKernel<StraightLineSaved> = {
  name: "straightLineExecutor",

  outputShape(shapes) {
    const d = straightLineDims(shapes);
    return [d.tasks, d.examples];
  },

  forward(inputs, shapes, out) {
    const { tasks: T, lines: L, vars: V, examples: N, sharedInputs } = straightLineDims(shapes);
    const [wO, wL32, wR32, s] = inputs as [FloatArray, FloatArray, FloatArray, FloatArray];
    const wL = asFloat64(wL32);
    const wR = asFloat64(wR32);
    const W = V + L;
    const values = new Float64Array(T * N * W);
    const left = new Float64Array(T * L * N);
    const right = new Float64Array(T * L * N);
    for (let t = 0; t < T; t++) {
      const valueBase = t * N * W;
      const inputBase = sharedInputs ? 0 : t * N * V;
      for (let n = 0; n < N; n++) {
        for (let j = 0; j < V; j++) values[valueBase + n * W + j] = s[inputBase + n * V + j] as number;
      }
      for (let i = 0; i < L; i++) {
        const row = (t * L + i) * W;
        const opRow = (t * L + i) * OP_COUNT;
        let cA = 0;
        let cB = 0;
        let cAB = 0;
        for (let o = 0; o < OP_COUNT; o++) {
          const w = wO[opRow + o] as number;
          cA += w * (COEFF_A[o] as number);
          cB += w * (COEFF_B[o] as number);
          cAB += w * (COEFF_AB[o] as number);
        }
        const l = V + i;
        const argBase = (t * L + i) * N;
        for (let n = 0; n < N; n++) {
          const vRow = valueBase + n * W;
          let A = 0;
          let B = 0;
          for (let a = 0; a < l; a++) {
            const v = values[vRow + a] as number;
            A += (wL[row + a] as number) * v;
            B += (wR[row + a] as number) * v;
          }
          left[argBase + n] = A;
          right[argBase + n] = B;
          values[vRow + l] = cA * A + cB * B + cAB * A * B;
        }
      }
      for (let n = 0; n < N; n++) out[t * N + n] = values[valueBase + n * W + W - 1] as number;
    }
    return { values, left, right, wL, wR };
  },

  backward(inputs, shapes, saved, dOut, grads) {
    const { tasks: T, lines: L, vars: V, examples: N, sharedInputs } = straightLineDims(shapes);
    const wO = inputs[0] as FloatArray;
    const [gO, gL32, gR32, gS] = grads as [FloatArray, FloatArray, FloatArray, FloatArray];
    const { values, left, right, wL, wR } = saved;
    const W = V + L;
    const dValues = new Float64Array(N * W);
    const gL = new Float64Array(T * L * W);
    const gR = new Float64Array(T * L * W);
    for (let t = 0; t < T; t++) {
      dValues.fill(0);
      const valueBase = t * N * W;
      for (let n = 0; n < N; n++) dValues[n * W + W - 1] = dOut[t * N + n] as number;
      for (let i = L - 1; i >= 0; i--) {
        const row = (t * L + i) * W;
        const opRow = (t * L + i) * OP_COUNT;
        let cA = 0;
        let cB = 0;
        let cAB = 0;
        for (let o = 0; o < OP_COUNT; o++) {
          const w = wO[opRow + o] as number;
          cA += w * (COEFF_A[o] as number);
          cB += w * (COEFF_B[o] as number);
          cAB += w * (COEFF_AB[o] as number);
        }
        const l = V + i;
        const argBase = (t * L + i) * N;
        let dcA = 0;
        let dcB = 0;
        let dcAB = 0;
        for (let n = 0; n < N; n++) {
          const g = dValues[n * W + l] as number;
          if (g === 0) continue;
          const A = left[argBase + n] as number;
          const B = right[argBase + n] as number;
          dcA += g * A;
          dcB += g * B;
          dcAB += g * A * B;
          const dA = g * (cA + cAB * B);
          const dB = g * (cB + cAB * A);
          const vRow = valueBase + n * W;
          const dRow = n * W;
          for (let a = 0; a < l; a++) {
            gL[row + a] = (gL[row + a] as number) + dA * (values[vRow + a] as number);
            gR[row + a] = (gR[row + a] as number) + dB * (values[vRow + a] as number);
            dValues[dRow + a] = (dValues[dRow + a] as number) + dA * (wL[row + a] as number) + dB * (wR[row + a] as number);
          }
        }
        for (let o = 0; o < OP_COUNT; o++) {
          gO[opRow + o] = (gO[opRow + o] as number) + dcA * (COEFF_A[o] as number) + dcB * (COEFF_B[o] as number) + dcAB * (COEFF_AB[o] as number);
        }
      }
      const inputBase = sharedInputs ? 0 : t * N * V;
      for (let n = 0; n < N; n++) {
        for (let j = 0; j < V; j++) gS[inputBase + n * V + j] = (gS[inputBase + n * V + j] as number) + (dValues[n * W + j] as number);
      }
    }
    gL32.set(gL);
    gR32.set(gR);
  },
};

function asFloat64(x: FloatArray): Float64Array {
  return x instanceof Float64Array ? x : Float64Array.from(x);
}
