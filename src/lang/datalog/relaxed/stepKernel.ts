import type { FloatArray, FusedKernel, Shape } from "../../../engine/fused.js";
import { valuate, valuateBackward } from "./clauseValuation.js";
import { mixPairs, mixPairsBackward, type PairMix } from "./pairMixing.js";
import type { ProgramSpace } from "../space/programSpace.js";

/**
 * One step of ∂ILP's differentiable forward chaining (Evans & Grefenstette 2018, §4.3–4.4) as a
 * fused kernel. Inputs: the valuation a_t [|G|] (entries in [0, 1]) and the flat clause-pair
 * weights W* [weightCount] (each predicate's block already softmaxed jointly, §4.4). Output:
 * a_{t+1} [|G|].
 *
 *   F_c(a)[k]      = max_m a[X_c[k,m,0]] · a[X_c[k,m,1]]          (§4.3: gather, product t-norm, max;
 *                    clauseValuation.ts)
 *   b_p[k]         = Σ_{j,l} W*_p[j,l] · max(F_{c_p^{1,j}}(a)[k], F_{c_p^{2,l}}(a)[k])   (§4.4: the
 *                    valuations of a clause pair are combined by max, then weighted by W*_p;
 *                    pairMixing.ts, which skips the pairs with an exactly-zero valuation)
 *   a_{t+1}        = a_t + b_t − a_t ⊙ b_t,   b_t = Σ_p b_p        (§4.4: amalgamation by the
 *                    probabilistic sum)
 *
 * Memory (the seed's "Limitations" slide names it): the paper materialises, per predicate, the
 * [|cl¹|·|cl²|, |G|] tensor of pair valuations. Here a pair's valuation is formed on the fly from
 * the per-clause valuations F_c, and only the head predicate's rows are computed (X_c is stored
 * sparsely, gather.ts), so a step keeps Σ_c rows(c) floats (the F_c, which the backward pass
 * reuses), as many tie records, and the non-zero F_c entries grouped by row.
 *
 * Backward (hand-derived), with g = ∂L/∂a_{t+1}:
 *   ∂L/∂a_t (direct) = g ⊙ (1 − b),  ∂L/∂b = g ⊙ (1 − a_t);
 *   then through the mixing (pairMixing.ts: ties of max(F¹, F²) go to the first clause, as
 *   TensorFlow's maximum) and the clause valuations (clauseValuation.ts: a tied maximum over
 *   substitutions splits the gradient equally, as TensorFlow's reduce_max).
 *
 * The loops run in float64 whatever the input type; the float64 instance is gradient-checked
 * against finite differences and an op-by-op tfjs reference (stepReference.ts).
 */
export interface StepSaved {
  /** Per predicate, per slot: F_c for every clause c of the slot, [clauses, rows] row-major. */
  readonly clauseValues: readonly (readonly Float64Array[])[];
  /** Per predicate, per slot: the tie records of F_c (clauseValuation.ts). */
  readonly ties: readonly (readonly Int32Array[])[];
  /** Per predicate: the sparse mixing state (two templates) or undefined (one template). */
  readonly mixes: readonly (PairMix | undefined)[];
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
      const ties: Int32Array[][] = [];
      const mixes: (PairMix | undefined)[] = [];
      const bs: Float64Array[] = [];
      for (const p of space.predicates) {
        const values: Float64Array[] = [];
        const slotTies: Int32Array[] = [];
        for (const slot of p.slots) {
          const F = new Float64Array(slot.clauses.length * p.rows);
          const T = new Int32Array(F.length);
          slot.gathers.forEach((g, j) => valuate(a, g, F, T, j * p.rows));
          values.push(F);
          slotTies.push(T);
        }
        const b = new Float64Array(p.rows);
        const [F1, F2] = values as [Float64Array, Float64Array | undefined];
        if (F2 === undefined) mixSingle(F1, p.rows, w, p.weightOffset, b);
        mixes.push(F2 === undefined ? undefined : mixPairs(F1, F2, p.rows, w, p.weightOffset, b));
        for (let r = 0; r < p.rows; r++) {
          const x = a[p.rowOffset + r] as number;
          const y = b[r] as number;
          out[p.rowOffset + r] = x + y - x * y;
        }
        clauseValues.push(values);
        ties.push(slotTies);
        bs.push(b);
      }
      return { clauseValues, ties, mixes, b: bs };
    },
    backward(inputs: readonly FloatArray[], _shapes: readonly Shape[], saved: StepSaved, dOut: FloatArray, grads: readonly FloatArray[]): void {
      const [a, w] = inputs as [FloatArray, FloatArray];
      const [ga, gw] = grads as [FloatArray, FloatArray];
      for (let i = 0; i < ga.length; i++) ga[i] = (ga[i] as number) + (dOut[i] as number);
      space.predicates.forEach((p, pi) => {
        const b = saved.b[pi] as Float64Array;
        const values = saved.clauseValues[pi] as Float64Array[];
        const slotTies = saved.ties[pi] as Int32Array[];
        const mix = saved.mixes[pi];
        const gb = new Float64Array(p.rows);
        for (let r = 0; r < p.rows; r++) {
          const k = p.rowOffset + r;
          const g = dOut[k] as number;
          ga[k] = (ga[k] as number) - g * (b[r] as number);
          gb[r] = g * (1 - (a[k] as number));
        }
        const gValues = values.map((F) => new Float64Array(F.length));
        const [gF1, gF2] = gValues as [Float64Array, Float64Array | undefined];
        if (mix === undefined || gF2 === undefined) mixSingleBackward(values[0] as Float64Array, p.rows, w, p.weightOffset, gb, gF1, gw);
        else mixPairsBackward(mix, p.rows, w, p.weightOffset, gb, gF1, gF2, gw);
        p.slots.forEach((slot, s) => {
          const F = values[s] as Float64Array;
          const T = slotTies[s] as Int32Array;
          const gF = gValues[s] as Float64Array;
          slot.gathers.forEach((g, j) => valuateBackward(a, g, F, T, gF, j * p.rows, ga));
        });
      });
    },
  };
}

/** Σ_j W*_p[j] · F¹_j[r] for a predicate with one rule template (dense: J·R is small beside the valuations). */
function mixSingle(F1: Float64Array, rows: number, w: FloatArray, offset: number, b: Float64Array): void {
  const J = F1.length / rows;
  for (let j = 0; j < J; j++) {
    const wj = w[offset + j] as number;
    for (let r = 0; r < rows; r++) b[r] = (b[r] as number) + wj * (F1[j * rows + r] as number);
  }
}

function mixSingleBackward(F1: Float64Array, rows: number, w: FloatArray, offset: number, gb: Float64Array, gF1: Float64Array, gw: FloatArray): void {
  const J = F1.length / rows;
  for (let j = 0; j < J; j++) {
    const wj = w[offset + j] as number;
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      const d = gb[r] as number;
      sum += d * (F1[j * rows + r] as number);
      gF1[j * rows + r] = (gF1[j * rows + r] as number) + d * wj;
    }
    gw[offset + j] = (gw[offset + j] as number) + sum;
  }
}
