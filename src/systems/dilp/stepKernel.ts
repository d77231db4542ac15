import type { FloatArray, FusedKernel, Shape } from "../../engine/fused.js";
import type { GatherTensor } from "./gather.js";
import type { PredicateSpace, ProgramSpace } from "./programSpace.js";

/**
 * One step of ∂ILP's differentiable forward chaining (Evans & Grefenstette 2018, §4.3–4.4; section numbers as in
 * the rest of this module) as a fused
 * kernel. Inputs: the valuation a_t [|G|] and the flat clause-pair weights W* [weightCount] (each
 * predicate's block already softmaxed jointly, §4.4). Output: a_{t+1} [|G|].
 *
 *   F_c(a)[k]      = max_m a[X_c[k,m,0]] · a[X_c[k,m,1]]          (§4.3: gather, product t-norm, max)
 *   b_p[k]         = Σ_{j,l} W*_p[j,l] · max(F_{c_p^{1,j}}(a)[k], F_{c_p^{2,l}}(a)[k])   (§4.4: the
 *                    valuations of a clause pair are combined by max, then weighted by W*_p)
 *   a_{t+1}        = a_t + b_t − a_t ⊙ b_t,   b_t = Σ_p b_p        (§4.4: amalgamation by the
 *                    probabilistic sum)
 *
 * Memory (the seed's "Limitations" slide names it): the paper materialises, per predicate, the
 * [|cl¹|·|cl²|, |G|] tensor of pair valuations. Here a pair's valuation is formed on the fly from
 * the per-clause valuations F_c, and only the head predicate's rows are computed (X_c is stored
 * sparsely, gather.ts), so a step keeps Σ_c rows(c) floats: the F_c, which the backward pass reuses.
 *
 * Backward (hand-derived), with g = ∂L/∂a_{t+1}:
 *   ∂L/∂a_t (direct) = g ⊙ (1 − b),  ∂L/∂b = g ⊙ (1 − a_t);
 *   ∂L/∂W*_p[j,l] = Σ_k ∂b[k] · max(F¹_j[k], F²_l[k]);  ∂L/∂F¹_j[k] += ∂b[k]·W*_p[j,l] where
 *   F¹_j[k] ≥ F²_l[k], else ∂L/∂F²_l[k] (ties go to the first clause, as TensorFlow's maximum);
 *   through the max over substitutions, ∂F[k] is split equally among the substitutions attaining
 *   it (TensorFlow's reduce_max gradient, which the paper's implementation used; it matters at
 *   step 0, where unknown intensional atoms are exactly 0 and every product ties at 0), and a
 *   product a[x]·a[y] sends ∂·a[y] to x and ∂·a[x] to y.
 *
 * The loops run in float64 whatever the input type; the float64 instance is gradient-checked
 * against finite differences and an op-by-op tfjs reference (stepReference.ts).
 */
export interface StepSaved {
  /** Per predicate, per slot: F_c for every clause c of the slot, [clauses, rows] row-major. */
  readonly clauseValues: readonly (readonly Float64Array[])[];
  /** Per predicate: b_p over its rows. */
  readonly b: readonly Float64Array[];
}

export function forwardChainingStep(space: ProgramSpace): FusedKernel<StepSaved> {
  return {
    name: "dilpForwardChainingStep",
    outputShape(shapes: readonly Shape[]): number[] {
      const [a, w] = shapes;
      if (shapes.length !== 2 || a === undefined || w === undefined) throw new RangeError("forward-chaining step takes 2 inputs: valuation, weights");
      if (a.length !== 1 || a[0] !== space.atomCount) throw new RangeError(`valuation must be [${space.atomCount}], got [${a.join(", ")}]`);
      if (w.length !== 1 || w[0] !== space.weightCount) throw new RangeError(`weights must be [${space.weightCount}], got [${w.join(", ")}]`);
      return [space.atomCount];
    },
    forward(inputs: readonly FloatArray[], _shapes: readonly Shape[], out: FloatArray): StepSaved {
      const [a, w] = inputs as [FloatArray, FloatArray];
      out.set(a);
      const clauseValues: Float64Array[][] = [];
      const bs: Float64Array[] = [];
      for (const p of space.predicates) {
        const values = p.slots.map((slot) => {
          const F = new Float64Array(slot.clauses.length * p.rows);
          slot.gathers.forEach((g, j) => valuate(a, g, F, j * p.rows));
          return F;
        });
        const b = new Float64Array(p.rows);
        mixPairs(p, values, w, b);
        for (let r = 0; r < p.rows; r++) {
          const x = a[p.rowOffset + r] as number;
          const y = b[r] as number;
          out[p.rowOffset + r] = x + y - x * y;
        }
        clauseValues.push(values);
        bs.push(b);
      }
      return { clauseValues, b: bs };
    },
    backward(inputs: readonly FloatArray[], _shapes: readonly Shape[], saved: StepSaved, dOut: FloatArray, grads: readonly FloatArray[]): void {
      const [a, w] = inputs as [FloatArray, FloatArray];
      const [ga, gw] = grads as [FloatArray, FloatArray];
      for (let i = 0; i < ga.length; i++) ga[i] = (ga[i] as number) + (dOut[i] as number);
      space.predicates.forEach((p, pi) => {
        const b = saved.b[pi] as Float64Array;
        const values = saved.clauseValues[pi] as Float64Array[];
        const gb = new Float64Array(p.rows);
        for (let r = 0; r < p.rows; r++) {
          const k = p.rowOffset + r;
          const g = dOut[k] as number;
          ga[k] = (ga[k] as number) - g * (b[r] as number);
          gb[r] = g * (1 - (a[k] as number));
        }
        const gValues = values.map((F) => new Float64Array(F.length));
        mixPairsBackward(p, values, w, gb, gValues, gw);
        p.slots.forEach((slot, s) => {
          slot.gathers.forEach((g, j) => valuateBackward(a, g, values[s] as Float64Array, gValues[s] as Float64Array, j * p.rows, ga));
        });
      });
    },
  };
}

/** F_c(a) over the head predicate's rows, written to out[base + r]. */
function valuate(a: FloatArray, g: GatherTensor, out: Float64Array, base: number): void {
  const { rows, width, pairs } = g;
  let p = 0;
  for (let r = 0; r < rows; r++) {
    let best = -Infinity;
    for (let m = 0; m < width; m++, p += 2) {
      const v = (a[pairs[p] as number] as number) * (a[pairs[p + 1] as number] as number);
      if (v > best) best = v;
    }
    out[base + r] = best;
  }
}

/** Accumulates ∂L/∂a from ∂L/∂F_c, splitting each row's gradient equally among its maximal products. */
function valuateBackward(a: FloatArray, g: GatherTensor, F: Float64Array, gF: Float64Array, base: number, ga: FloatArray): void {
  const { rows, width, pairs } = g;
  for (let r = 0; r < rows; r++) {
    const d = gF[base + r] as number;
    if (d === 0) continue;
    const best = F[base + r] as number;
    const start = r * width * 2;
    const end = start + width * 2;
    let ties = 0;
    for (let p = start; p < end; p += 2) {
      if ((a[pairs[p] as number] as number) * (a[pairs[p + 1] as number] as number) === best) ties++;
    }
    const share = d / ties;
    for (let p = start; p < end; p += 2) {
      const x = pairs[p] as number;
      const y = pairs[p + 1] as number;
      const ax = a[x] as number;
      const ay = a[y] as number;
      if (ax * ay !== best) continue;
      ga[x] = (ga[x] as number) + share * ay;
      ga[y] = (ga[y] as number) + share * ax;
    }
  }
}

/** b_p[r] = Σ_{j,l} W*_p[j,l] · max(F¹_j[r], F²_l[r]), or Σ_j W*_p[j] · F¹_j[r] for one template. */
function mixPairs(p: PredicateSpace, values: readonly Float64Array[], w: FloatArray, b: Float64Array): void {
  const R = p.rows;
  const [F1, F2] = values as [Float64Array, Float64Array | undefined];
  const J = (p.slots[0]?.clauses.length ?? 0);
  if (F2 === undefined) {
    for (let j = 0; j < J; j++) {
      const wj = w[p.weightOffset + j] as number;
      for (let r = 0; r < R; r++) b[r] = (b[r] as number) + wj * (F1[j * R + r] as number);
    }
    return;
  }
  const K = F2.length / R;
  for (let j = 0; j < J; j++) {
    for (let l = 0; l < K; l++) {
      const wjl = w[p.weightOffset + j * K + l] as number;
      for (let r = 0; r < R; r++) {
        const f = F1[j * R + r] as number;
        const g = F2[l * R + r] as number;
        b[r] = (b[r] as number) + wjl * (f >= g ? f : g);
      }
    }
  }
}

function mixPairsBackward(
  p: PredicateSpace,
  values: readonly Float64Array[],
  w: FloatArray,
  gb: Float64Array,
  gValues: readonly Float64Array[],
  gw: FloatArray,
): void {
  const R = p.rows;
  const [F1, F2] = values as [Float64Array, Float64Array | undefined];
  const [gF1, gF2] = gValues as [Float64Array, Float64Array | undefined];
  const J = (p.slots[0]?.clauses.length ?? 0);
  if (F2 === undefined || gF2 === undefined) {
    for (let j = 0; j < J; j++) {
      const wj = w[p.weightOffset + j] as number;
      let sum = 0;
      for (let r = 0; r < R; r++) {
        const d = gb[r] as number;
        sum += d * (F1[j * R + r] as number);
        gF1[j * R + r] = d * wj;
      }
      gw[p.weightOffset + j] = (gw[p.weightOffset + j] as number) + sum;
    }
    return;
  }
  const K = F2.length / R;
  for (let j = 0; j < J; j++) {
    for (let l = 0; l < K; l++) {
      const at = p.weightOffset + j * K + l;
      const wjl = w[at] as number;
      let sum = 0;
      for (let r = 0; r < R; r++) {
        const d = gb[r] as number;
        if (d === 0) continue;
        const f = F1[j * R + r] as number;
        const g = F2[l * R + r] as number;
        if (f >= g) {
          sum += d * f;
          gF1[j * R + r] = (gF1[j * R + r] as number) + d * wjl;
        } else {
          sum += d * g;
          gF2[l * R + r] = (gF2[l * R + r] as number) + d * wjl;
        }
      }
      gw[at] = (gw[at] as number) + sum;
    }
  }
}
