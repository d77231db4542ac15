import type { FloatArray, FusedKernel, Shape } from "../../../engine/fused.js";
import { COEFF_A, COEFF_AB, COEFF_B, OP_COUNT } from "./coefficients.js";

/**
 * The syntax-tree execution model of ROAP Appendix B (Figure 7) as a fused kernel: a complete
 * binary tree of depth D, nodes in heap order (node k has children 2k+1, 2k+2); the 2^D − 1
 * internal nodes mix the operators, the 2^D leaves mix the input symbols.
 *
 *   Exec(leaf) = Σ_j z^leaf_j s_j
 *   Exec(k)    = Σ_o z^k_o F_o(Exec(2k+1), Exec(2k+2))
 *
 * Inputs: wOps [T, 2^D − 1, O], wLeaves [T, 2^D, V], symbols [N, V] or [T, N, V].
 * Output: [T, N], the root's value.
 */
export interface SyntaxTreeSaved {
  /** Node values, layout [T][N][2^(D+1) − 1]. */
  readonly values: FloatArray;
}

interface Dims {
  readonly T: number;
  readonly internal: number;
  readonly leaves: number;
  readonly V: number;
  readonly N: number;
  readonly shared: boolean;
}

function dims(shapes: readonly Shape[]): Dims {
  const [o, f, s] = shapes;
  if (!o || !f || !s || shapes.length !== 3) throw new RangeError("syntax-tree executor takes wOps, wLeaves, symbols");
  if (o.length !== 3 || o[2] !== OP_COUNT) throw new RangeError(`wOps must be [T, 2^D − 1, ${OP_COUNT}]`);
  const [T, internal] = o as [number, number];
  const leaves = internal + 1;
  if ((leaves & internal) !== 0) throw new RangeError(`wOps has ${internal} nodes, not 2^D − 1`);
  if (s.length !== 2 && s.length !== 3) throw new RangeError("symbols must be [N, V] or [T, N, V]");
  const shared = s.length === 2;
  const V = s[s.length - 1] as number;
  const N = s[s.length - 2] as number;
  if (f.length !== 3 || f[0] !== T || f[1] !== leaves || f[2] !== V) {
    throw new RangeError(`wLeaves must be [${T}, ${leaves}, ${V}], got [${f.join(", ")}]`);
  }
  if (!shared && s[0] !== T) throw new RangeError(`symbols have ${s[0]} tasks, wOps has ${T}`);
  return { T, internal, leaves, V, N, shared };
}

export const syntaxTreeKernel: FusedKernel<SyntaxTreeSaved> = {
  name: "syntaxTreeExecutor",

  outputShape(shapes) {
    const d = dims(shapes);
    return [d.T, d.N];
  },

  forward(inputs, shapes, out) {
    const { T, internal, leaves, V, N, shared } = dims(shapes);
    const [wOps, wLeaves, s] = inputs as [FloatArray, FloatArray, FloatArray];
    const nodes = internal + leaves;
    const values = new (out.constructor as new (n: number) => FloatArray)(T * N * nodes);
    for (let t = 0; t < T; t++) {
      const inputBase = shared ? 0 : t * N * V;
      for (let n = 0; n < N; n++) {
        const base = (t * N + n) * nodes;
        for (let k = 0; k < leaves; k++) {
          let v = 0;
          for (let j = 0; j < V; j++) v += (wLeaves[(t * leaves + k) * V + j] as number) * (s[inputBase + n * V + j] as number);
          values[base + internal + k] = v;
        }
        for (let k = internal - 1; k >= 0; k--) {
          const A = values[base + 2 * k + 1] as number;
          const B = values[base + 2 * k + 2] as number;
          let v = 0;
          for (let o = 0; o < OP_COUNT; o++) {
            const w = wOps[(t * internal + k) * OP_COUNT + o] as number;
            v += w * ((COEFF_A[o] as number) * A + (COEFF_B[o] as number) * B + (COEFF_AB[o] as number) * A * B);
          }
          values[base + k] = v;
        }
        out[t * N + n] = values[base] as number;
      }
    }
    return { values };
  },

  backward(inputs, shapes, saved, dOut, grads) {
    const { T, internal, leaves, V, N, shared } = dims(shapes);
    const [wOps, wLeaves, s] = inputs as [FloatArray, FloatArray, FloatArray];
    const [gOps, gLeaves, gS] = grads as [FloatArray, FloatArray, FloatArray];
    const nodes = internal + leaves;
    const dValues = new Float64Array(nodes);
    for (let t = 0; t < T; t++) {
      const inputBase = shared ? 0 : t * N * V;
      for (let n = 0; n < N; n++) {
        const base = (t * N + n) * nodes;
        dValues.fill(0);
        dValues[0] = dOut[t * N + n] as number;
        for (let k = 0; k < internal; k++) {
          const g = dValues[k] as number;
          const A = saved.values[base + 2 * k + 1] as number;
          const B = saved.values[base + 2 * k + 2] as number;
          let dA = 0;
          let dB = 0;
          for (let o = 0; o < OP_COUNT; o++) {
            const idx = (t * internal + k) * OP_COUNT + o;
            const a = COEFF_A[o] as number;
            const b = COEFF_B[o] as number;
            const ab = COEFF_AB[o] as number;
            const w = wOps[idx] as number;
            gOps[idx] = (gOps[idx] as number) + g * (a * A + b * B + ab * A * B);
            dA += w * (a + ab * B);
            dB += w * (b + ab * A);
          }
          dValues[2 * k + 1] = (dValues[2 * k + 1] as number) + g * dA;
          dValues[2 * k + 2] = (dValues[2 * k + 2] as number) + g * dB;
        }
        for (let k = 0; k < leaves; k++) {
          const g = dValues[internal + k] as number;
          for (let j = 0; j < V; j++) {
            const leafIdx = (t * leaves + k) * V + j;
            const sIdx = inputBase + n * V + j;
            gLeaves[leafIdx] = (gLeaves[leafIdx] as number) + g * (s[sIdx] as number);
            gS[sIdx] = (gS[sIdx] as number) + g * (wLeaves[leafIdx] as number);
          }
        }
      }
    }
  },
};
