import type { FloatArray, FusedKernel, Shape } from "../engine/fused.js";
import { LAYER_NORM_EPSILON } from "./layerNorm.js";

/**
 * A hidden layer's epilogue as one fused kernel: bias, LayerNorm with its affine part, ReLU
 * (ROAP §4.1: "Layer normalization is applied before each activation function, ReLU"),
 *
 *   u = z + b,  x̂ = (u − μ)·r with μ = mean_f u, r = 1/√(var_f u + ε)  (Ba, Kiros & Hinton 2016),
 *   h = max(0, γ ⊙ x̂ + β),
 *
 * for z [R, F] (the product x·W of the layer) and b, γ, β [F]. Op by op this is about ten tfjs
 * kernels forward and twenty backward over R·F elements; fused it is two passes over each row.
 * Backward, with δ = ∂h ⊙ [γ ⊙ x̂ + β > 0] and g = δ ⊙ γ:
 *
 *   ∂β = Σ_rows δ,  ∂γ = Σ_rows δ ⊙ x̂,  ∂z = r · (g − mean_f g − x̂ · mean_f(g ⊙ x̂)),  ∂b = Σ_rows ∂z.
 *
 * Only μ and r are saved per row; x̂ is recomputed from z in the backward pass. This is the float64
 * reference, checked against finite differences; tfjs runs the WebAssembly SIMD version of the
 * same loops (normReluWasm.ts) whenever F is a multiple of 4.
 */
export interface NormReluSaved {
  readonly mean: FloatArray;
  readonly inverseStd: FloatArray;
}

export function normReluDims(shapes: readonly Shape[]): { rows: number; features: number } {
  const [z, b, gain, shift] = shapes;
  if (shapes.length !== 4 || !z || z.length !== 2 || !b || !gain || !shift) {
    throw new RangeError("normRelu takes z [R, F] and bias, gain, shift [F]");
  }
  const [rows, features] = z as [number, number];
  for (const s of [b, gain, shift]) {
    if (s.length !== 1 || s[0] !== features) throw new RangeError(`normRelu: bias, gain and shift must be [${features}], got [${s.join(", ")}]`);
  }
  return { rows, features };
}

export const normReluKernel: FusedKernel<NormReluSaved> = {
  name: "normRelu",

  outputShape(shapes) {
    const { rows, features } = normReluDims(shapes);
    return [rows, features];
  },

  forward(inputs, shapes, out) {
    const { rows, features: F } = normReluDims(shapes);
    const [z, b, gain, shift] = inputs as [FloatArray, FloatArray, FloatArray, FloatArray];
    const mean = new Float64Array(rows);
    const inverseStd = new Float64Array(rows);
    for (let r = 0, base = 0; r < rows; r++, base += F) {
      let sum = 0;
      for (let f = 0; f < F; f++) sum += (z[base + f] as number) + (b[f] as number);
      const mu = sum / F;
      let squares = 0;
      for (let f = 0; f < F; f++) {
        const d = (z[base + f] as number) + (b[f] as number) - mu;
        squares += d * d;
      }
      const inv = 1 / Math.sqrt(squares / F + LAYER_NORM_EPSILON);
      mean[r] = mu;
      inverseStd[r] = inv;
      for (let f = 0; f < F; f++) {
        const pre = (gain[f] as number) * ((z[base + f] as number) + (b[f] as number) - mu) * inv + (shift[f] as number);
        out[base + f] = pre > 0 ? pre : 0;
      }
    }
    return { mean, inverseStd };
  },

  backward(inputs, shapes, saved, dOut, grads) {
    const { rows, features: F } = normReluDims(shapes);
    const [z, b, gain, shift] = inputs as [FloatArray, FloatArray, FloatArray, FloatArray];
    const [dz, db, dGain, dShift] = grads as [FloatArray, FloatArray, FloatArray, FloatArray];
    const normalized = new Float64Array(F);
    const g = new Float64Array(F);
    for (let r = 0, base = 0; r < rows; r++, base += F) {
      const mu = saved.mean[r] as number;
      const inv = saved.inverseStd[r] as number;
      let sumG = 0;
      let sumGx = 0;
      for (let f = 0; f < F; f++) {
        const xh = ((z[base + f] as number) + (b[f] as number) - mu) * inv;
        const gamma = gain[f] as number;
        const delta = gamma * xh + (shift[f] as number) > 0 ? (dOut[base + f] as number) : 0;
        dShift[f] = (dShift[f] as number) + delta;
        dGain[f] = (dGain[f] as number) + delta * xh;
        normalized[f] = xh;
        const gf = delta * gamma;
        g[f] = gf;
        sumG += gf;
        sumGx += gf * xh;
      }
      const meanG = sumG / F;
      const meanGx = sumGx / F;
      for (let f = 0; f < F; f++) {
        const d = inv * ((g[f] as number) - meanG - (normalized[f] as number) * meanGx);
        dz[base + f] = d;
        db[f] = (db[f] as number) + d;
      }
    }
  },
};
