import type { ProgramSpace } from "../../../../src/lang/datalog/space/programSpace.js";

/**
 * A plain dense float64 implementation of one ∂ILP forward-chaining step and its gradient, written
 * straight from the formulas (Evans & Grefenstette 2018, §4.3–4.4): every clause pair and every
 * substitution is visited. Ties follow the kernel's documented rules (max over a clause pair: the
 * first clause; max over substitutions: split equally). The oracle for the sparse kernel where
 * finite differences do not apply: valuations with exact zeros, where the maxima are tied.
 */
export function denseStep(space: ProgramSpace, a: Float64Array, w: Float64Array, dOut: Float64Array): { out: Float64Array; ga: Float64Array; gw: Float64Array } {
  const out = Float64Array.from(a);
  const ga = Float64Array.from(dOut);
  const gw = new Float64Array(w.length);
  for (const p of space.predicates) {
    const R = p.rows;
    const F = p.slots.map((slot) => slot.gathers.map((g) => Array.from({ length: R }, (_, r) => Math.max(...products(a, g.pairs, g.width, r)))));
    const [F1, F2] = F as [number[][], number[][] | undefined];
    const K = F2?.length ?? 1;
    const pairValue = (j: number, l: number, r: number): number => {
      const f = F1[j]?.[r] as number;
      const g = F2 === undefined ? 0 : (F2[l]?.[r] as number);
      return f >= g ? f : g;
    };
    const gF = F.map((slot) => slot.map(() => new Float64Array(R)));
    for (let r = 0; r < R; r++) {
      const k = p.rowOffset + r;
      let b = 0;
      for (let j = 0; j < F1.length; j++) for (let l = 0; l < K; l++) b += (w[p.weightOffset + j * K + l] as number) * pairValue(j, l, r);
      out[k] = (a[k] as number) + b - (a[k] as number) * b;
      ga[k] = (ga[k] as number) - (dOut[k] as number) * b;
      const d = (dOut[k] as number) * (1 - (a[k] as number));
      for (let j = 0; j < F1.length; j++) {
        for (let l = 0; l < K; l++) {
          const at = p.weightOffset + j * K + l;
          gw[at] = (gw[at] as number) + d * pairValue(j, l, r);
          const f = F1[j]?.[r] as number;
          const g = F2 === undefined ? 0 : (F2[l]?.[r] as number);
          const target = f >= g ? (gF[0]?.[j] as Float64Array) : (gF[1]?.[l] as Float64Array);
          target[r] = (target[r] as number) + d * (w[at] as number);
        }
      }
    }
    p.slots.forEach((slot, s) =>
      slot.gathers.forEach((g, j) => {
        for (let r = 0; r < R; r++) {
          const d = gF[s]?.[j]?.[r] as number;
          const ps = products(a, g.pairs, g.width, r);
          const best = Math.max(...ps);
          const ties = ps.filter((v) => v === best).length;
          ps.forEach((v, m) => {
            if (v !== best) return;
            const x = g.pairs[(r * g.width + m) * 2] as number;
            const y = g.pairs[(r * g.width + m) * 2 + 1] as number;
            ga[x] = (ga[x] as number) + (d / ties) * (a[y] as number);
            ga[y] = (ga[y] as number) + (d / ties) * (a[x] as number);
          });
        }
      }),
    );
  }
  return { out, ga, gw };
}

function products(a: Float64Array, pairs: Int32Array, width: number, r: number): number[] {
  return Array.from({ length: width }, (_, m) => (a[pairs[(r * width + m) * 2] as number] as number) * (a[pairs[(r * width + m) * 2 + 1] as number] as number));
}
