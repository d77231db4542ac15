import type { FloatArray } from "../../../engine/fused.js";

/**
 * The clause-pair mixing of ∂ILP (Evans & Grefenstette 2018, §4.4) for a predicate with two rule
 * templates, computed sparsely: with F¹ [J, R] and F² [K, R] the valuations of the clauses of the
 * two templates over the predicate's R ground atoms and W* [J, K] the softmaxed pair weights,
 *
 *   b[r] = Σ_{j,l} W*[j,l] · max(F¹_j[r], F²_l[r]).
 *
 * Valuations lie in [0, 1] (a_0 ∈ {0,1}, and each step keeps them there), so with
 * max(f, g) = f + g − min(f, g) and min(f, g) = 0 whenever f or g is 0:
 *
 *   b[r] = Σ_j F¹_j[r]·rowSum_j + Σ_l F²_l[r]·colSum_l − Σ_{j ∈ NZ¹(r), l ∈ NZ²(r)} W*[j,l]·min(F¹_j[r], F²_l[r])
 *
 * where rowSum_j = Σ_l W*[j,l], colSum_l = Σ_j W*[j,l] and NZ^s(r) are the clauses whose valuation
 * at atom r is not exactly 0. Exactly-zero valuations are common: an atom stays 0 until some clause
 * can derive it, and clauses over sparse extensional facts are 0 at most atoms (40–60% of all F_c
 * entries on buzz and length even after T steps; docs/dilp.md). The cost per row falls from J·K
 * to J + K + |NZ¹(r)|·|NZ²(r)| forward and J·|NZ²(r)| + K backward; the result is the same sum,
 * regrouped.
 *
 * The gradient keeps the dense form's tie rule (TensorFlow's `maximum`: a tie goes to the first
 * clause), which the regrouping must reproduce at exact zeros (f = g = 0 sends ∂b to F¹ only):
 *   ∂b[r]/∂F¹_j[r] = Σ_l W*[j,l]·[f_j ≥ g_l] = rowSum_j − Σ_{l ∈ NZ²(r)} W*[j,l]·[f_j < g_l]
 *   ∂b[r]/∂F²_l[r] = Σ_j W*[j,l]·[f_j < g_l] = [g_l > 0]·(colSum_l − Σ_{j ∈ NZ¹(r)} W*[j,l]·[f_j ≥ g_l])
 *   ∂b[r]/∂W*[j,l] = max(f_j, g_l) = f_j + g_l − min(f_j, g_l).
 */
export interface RowEntries {
  /** Row r's entries are start[r] .. start[r + 1] − 1, in increasing clause order. */
  readonly start: Int32Array;
  readonly clause: Int32Array;
  readonly value: Float64Array;
}

/** What the backward pass needs from the forward pass. */
export interface PairMix {
  readonly first: RowEntries;
  readonly second: RowEntries;
  readonly rowSum: Float64Array;
  readonly colSum: Float64Array;
}

/** The non-zero entries of F [clauses, rows] (row-major by clause), grouped by row. */
export function entriesByRow(F: Float64Array, clauses: number, rows: number): RowEntries {
  const start = new Int32Array(rows + 1);
  for (let j = 0; j < clauses; j++) {
    for (let r = 0; r < rows; r++) if (F[j * rows + r] !== 0) start[r + 1] = (start[r + 1] as number) + 1;
  }
  for (let r = 0; r < rows; r++) start[r + 1] = (start[r + 1] as number) + (start[r] as number);
  const fill = start.slice(0, rows);
  const clause = new Int32Array(start[rows] as number);
  const value = new Float64Array(start[rows] as number);
  for (let j = 0; j < clauses; j++) {
    for (let r = 0; r < rows; r++) {
      const v = F[j * rows + r] as number;
      if (v === 0) continue;
      const at = fill[r] as number;
      fill[r] = at + 1;
      clause[at] = j;
      value[at] = v;
    }
  }
  return { start, clause, value };
}

/** b[r] += Σ_{j,l} W*[j,l] · max(F¹_j[r], F²_l[r]), W* = w[offset .. offset + J·K) row-major. */
export function mixPairs(F1: Float64Array, F2: Float64Array, rows: number, w: FloatArray, offset: number, b: Float64Array): PairMix {
  const J = F1.length / rows;
  const K = F2.length / rows;
  const rowSum = new Float64Array(J);
  const colSum = new Float64Array(K);
  for (let j = 0; j < J; j++) {
    let sum = 0;
    for (let l = 0; l < K; l++) {
      const x = w[offset + j * K + l] as number;
      sum += x;
      colSum[l] = (colSum[l] as number) + x;
    }
    rowSum[j] = sum;
  }
  const first = entriesByRow(F1, J, rows);
  const second = entriesByRow(F2, K, rows);
  for (let r = 0; r < rows; r++) {
    const s1 = first.start[r] as number;
    const e1 = first.start[r + 1] as number;
    const s2 = second.start[r] as number;
    const e2 = second.start[r + 1] as number;
    let total = 0;
    for (let e = s1; e < e1; e++) total += (first.value[e] as number) * (rowSum[first.clause[e] as number] as number);
    for (let e = s2; e < e2; e++) total += (second.value[e] as number) * (colSum[second.clause[e] as number] as number);
    for (let x = s1; x < e1; x++) {
      const f = first.value[x] as number;
      const base = offset + (first.clause[x] as number) * K;
      for (let y = s2; y < e2; y++) {
        const g = second.value[y] as number;
        total -= (w[base + (second.clause[y] as number)] as number) * (f < g ? f : g);
      }
    }
    b[r] = (b[r] as number) + total;
  }
  return { first, second, rowSum, colSum };
}

/**
 * Accumulates ∂L/∂F¹ into gF1 [J, R], ∂L/∂F² into gF2 [K, R] and ∂L/∂W* into gw[offset ..] from
 * gb = ∂L/∂b, by the formulas in the header. ∂L/∂W*[j,l] = A_j + B_l − Σ_r gb[r]·min(F¹_j[r], F²_l[r])
 * with A_j = Σ_r gb[r]·F¹_j[r] and B_l = Σ_r gb[r]·F²_l[r].
 */
export function mixPairsBackward(
  mix: PairMix,
  rows: number,
  w: FloatArray,
  offset: number,
  gb: Float64Array,
  gF1: Float64Array,
  gF2: Float64Array,
  gw: FloatArray,
): void {
  const { first, second, rowSum, colSum } = mix;
  const J = rowSum.length;
  const K = colSum.length;
  const A = new Float64Array(J);
  const B = new Float64Array(K);
  for (let r = 0; r < rows; r++) {
    const d = gb[r] as number;
    if (d === 0) continue;
    const s2 = second.start[r] as number;
    const e2 = second.start[r + 1] as number;
    let x = first.start[r] as number;
    const e1 = first.start[r + 1] as number;
    for (let j = 0; j < J; j++) {
      const base = offset + j * K;
      // Σ_{l ∈ NZ²(r)} W*[j,l]·[f_j < g_l]: every l when f_j = 0.
      let smaller = 0;
      if (x < e1 && first.clause[x] === j) {
        const f = first.value[x++] as number;
        A[j] = (A[j] as number) + d * f;
        for (let y = s2; y < e2; y++) {
          const l = second.clause[y] as number;
          const g = second.value[y] as number;
          const wl = w[base + l] as number;
          if (f < g) {
            smaller += wl;
            gw[base + l] = (gw[base + l] as number) - d * f;
          } else {
            gF2[l * rows + r] = (gF2[l * rows + r] as number) - d * wl;
            gw[base + l] = (gw[base + l] as number) - d * g;
          }
        }
      } else {
        for (let y = s2; y < e2; y++) smaller += w[base + (second.clause[y] as number)] as number;
      }
      gF1[j * rows + r] = (gF1[j * rows + r] as number) + d * ((rowSum[j] as number) - smaller);
    }
    for (let y = s2; y < e2; y++) {
      const l = second.clause[y] as number;
      gF2[l * rows + r] = (gF2[l * rows + r] as number) + d * (colSum[l] as number);
      B[l] = (B[l] as number) + d * (second.value[y] as number);
    }
  }
  for (let j = 0; j < J; j++) {
    const a = A[j] as number;
    for (let l = 0; l < K; l++) gw[offset + j * K + l] = (gw[offset + j * K + l] as number) + a + (B[l] as number);
  }
}
