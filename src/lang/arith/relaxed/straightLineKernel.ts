import type { FloatArray, FusedKernel, Shape } from "../../../engine/fused.js";
import { acquireShared, releaseShared } from "../../../engine/sharedBuffers.js";
import { runSharded, type ShardedFunction } from "../../../engine/workers.js";
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
 *
 * Performance (docs/benchmarks.md): all arithmetic runs in float64 on one SharedArrayBuffer (the
 * "arena") holding the converted inputs, the saved forward state and the gradients, so that tasks
 * can be sharded over worker threads (engine/workers.ts); tasks are independent and each is
 * computed by the same code in the same order on any thread, so results do not depend on the
 * thread count. The hot loops handle examples in blocks of BLOCK (examples are padded with zeros
 * to a multiple of it): 2·BLOCK independent accumulators instead of one dependency chain, and
 * each weight is loaded once per block (the loops below are written out for BLOCK = 4).
 */
const BLOCK = 4;

/**
 * Smallest chunk of tasks handed to a thread, in units of Np·L·(V+L) (≈ the forward pass's
 * multiply-add pairs; fwd+bwd take ≈ 4 ns per unit here, so 50k ≈ 0.2 ms, against ≈ 10–20 µs
 * to hand a job to the workers). Smaller batches run on the calling thread alone.
 */
const MIN_CHUNK_WORK = 50_000;

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

/** Shard parameters: [T, L, V, N, shared inputs ? 1 : 0]. */
type Params = readonly number[];

const paramsOf = (d: Dims): Params => [d.tasks, d.lines, d.vars, d.examples, d.sharedInputs ? 1 : 0];

/**
 * Float64 views of the arena; Np = N rounded up to a multiple of BLOCK. Arenas are recycled
 * (engine/sharedBuffers.ts), so every region is written before it is read: forward writes the
 * padding of `symbols`, backward that of `dOut`, and `dL`, `dR` are cleared row by row.
 */
interface Arena {
  readonly buffer: SharedArrayBuffer;
  /** Per line (cA, cB, cAB) = Σ_o z^O_lo (a_o, b_o, ab_o), layout [T][L][3]. */
  readonly coef: Float64Array;
  /** The argument weights, layout [T][L][W] with W = V + L. */
  readonly wL: Float64Array;
  readonly wR: Float64Array;
  /** Symbols, layout [Np][V] if shared, else [T][Np][V] (padding examples are 0). */
  readonly symbols: Float64Array;
  /** Line values Exec(l), layout [T][Np][W]. */
  readonly values: Float64Array;
  /** Left and right arguments A_l and B_l, layout [T][L][Np]. */
  readonly left: Float64Array;
  readonly right: Float64Array;
  /** ∂loss/∂y, layout [T][Np]. */
  readonly dOut: Float64Array;
  /** ∂loss/∂(cA, cB, cAB), layout [T][L][3]. */
  readonly dCoef: Float64Array;
  /** ∂loss/∂wL and ∂loss/∂wR, layout [T][L][W]. */
  readonly dL: Float64Array;
  readonly dR: Float64Array;
  /** Each task's ∂loss/∂symbols, layout [T][Np][V] (summed over tasks in task order when shared). */
  readonly dSymbols: Float64Array;
}

function arena(params: Params, existing?: SharedArrayBuffer): Arena {
  const [T, L, V, N, shared] = params as [number, number, number, number, number];
  const W = V + L;
  const Np = Math.ceil(N / BLOCK) * BLOCK;
  const sizes = {
    coef: T * L * 3,
    wL: T * L * W,
    wR: T * L * W,
    symbols: (shared ? 1 : T) * Np * V,
    values: T * Np * W,
    left: T * L * Np,
    right: T * L * Np,
    dOut: T * Np,
    dCoef: T * L * 3,
    dL: T * L * W,
    dR: T * L * W,
    dSymbols: T * Np * V,
  };
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  const buffer = existing ?? acquireShared(8 * total);
  let offset = 0;
  const views = Object.fromEntries(
    Object.entries(sizes).map(([name, size]) => {
      const view = new Float64Array(buffer, 8 * offset, size);
      offset += size;
      return [name, view];
    }),
  ) as Record<keyof typeof sizes, Float64Array>;
  return { buffer, ...views };
}

export interface StraightLineSaved {
  readonly params: Params;
  readonly arena: Arena;
}

// Per-thread scratch of the backward pass, grown on demand: ∂loss/∂Exec for one task [Np][W],
// and ∂loss/∂A_l, ∂loss/∂B_l for one line [Np].
let dValues = new Float64Array(0);
let dLeft = new Float64Array(0);
let dRight = new Float64Array(0);

/** Forward pass of tasks [t0, t1): fills values, left and right. */
export function straightLineForwardShard(buffer: SharedArrayBuffer, params: Params, t0: number, t1: number): void {
  const [, L, V, N, shared] = params as [number, number, number, number, number];
  const { coef, wL, wR, symbols, values, left, right } = arena(params, buffer);
  const W = V + L;
  const Np = Math.ceil(N / BLOCK) * BLOCK;
  for (let t = t0; t < t1; t++) {
    const valueBase = t * Np * W;
    const inputBase = shared ? 0 : t * Np * V;
    for (let n = 0; n < Np; n++) {
      for (let j = 0; j < V; j++) values[valueBase + n * W + j] = symbols[inputBase + n * V + j] as number;
    }
    for (let i = 0; i < L; i++) {
      const line = t * L + i;
      const row = line * W;
      const cA = coef[3 * line] as number;
      const cB = coef[3 * line + 1] as number;
      const cAB = coef[3 * line + 2] as number;
      const l = V + i;
      const argBase = line * Np;
      for (let n = 0; n < Np; n += BLOCK) {
        const r0 = valueBase + n * W;
        const r1 = r0 + W;
        const r2 = r1 + W;
        const r3 = r2 + W;
        let A0 = 0, A1 = 0, A2 = 0, A3 = 0, B0 = 0, B1 = 0, B2 = 0, B3 = 0;
        for (let a = 0; a < l; a++) {
          const zl = wL[row + a] as number;
          const zr = wR[row + a] as number;
          const v0 = values[r0 + a] as number;
          const v1 = values[r1 + a] as number;
          const v2 = values[r2 + a] as number;
          const v3 = values[r3 + a] as number;
          A0 += zl * v0;
          A1 += zl * v1;
          A2 += zl * v2;
          A3 += zl * v3;
          B0 += zr * v0;
          B1 += zr * v1;
          B2 += zr * v2;
          B3 += zr * v3;
        }
        left[argBase + n] = A0;
        left[argBase + n + 1] = A1;
        left[argBase + n + 2] = A2;
        left[argBase + n + 3] = A3;
        right[argBase + n] = B0;
        right[argBase + n + 1] = B1;
        right[argBase + n + 2] = B2;
        right[argBase + n + 3] = B3;
        values[r0 + l] = cA * A0 + cB * B0 + cAB * A0 * B0;
        values[r1 + l] = cA * A1 + cB * B1 + cAB * A1 * B1;
        values[r2 + l] = cA * A2 + cB * B2 + cAB * A2 * B2;
        values[r3 + l] = cA * A3 + cB * B3 + cAB * A3 * B3;
      }
    }
  }
}

/** Backward pass of tasks [t0, t1): fills dCoef, dL, dR and dSymbols from dOut. */
export function straightLineBackwardShard(buffer: SharedArrayBuffer, params: Params, t0: number, t1: number): void {
  const [, L, V, N] = params as [number, number, number, number];
  const { coef, wL, wR, values, left, right, dOut, dCoef, dL, dR, dSymbols } = arena(params, buffer);
  const W = V + L;
  const Np = Math.ceil(N / BLOCK) * BLOCK;
  if (dValues.length < Np * W) dValues = new Float64Array(Np * W);
  if (dLeft.length < Np) {
    dLeft = new Float64Array(Np);
    dRight = new Float64Array(Np);
  }
  const dV = dValues;
  const dA = dLeft;
  const dB = dRight;
  for (let t = t0; t < t1; t++) {
    dV.fill(0, 0, Np * W);
    const valueBase = t * Np * W;
    for (let n = 0; n < Np; n++) dV[n * W + W - 1] = dOut[t * Np + n] as number;
    for (let i = L - 1; i >= 0; i--) {
      const line = t * L + i;
      const row = line * W;
      const cA = coef[3 * line] as number;
      const cB = coef[3 * line + 1] as number;
      const cAB = coef[3 * line + 2] as number;
      const l = V + i;
      const argBase = line * Np;
      // Exec(l) = cA·A + cB·B + cAB·A·B: gradients w.r.t. the coefficients and the two arguments.
      let dcA = 0;
      let dcB = 0;
      let dcAB = 0;
      for (let n = 0; n < Np; n++) {
        const g = dV[n * W + l] as number;
        const A = left[argBase + n] as number;
        const B = right[argBase + n] as number;
        dcA += g * A;
        dcB += g * B;
        dcAB += g * A * B;
        dA[n] = g * (cA + cAB * B);
        dB[n] = g * (cB + cAB * A);
      }
      dCoef[3 * line] = dcA;
      dCoef[3 * line + 1] = dcB;
      dCoef[3 * line + 2] = dcAB;
      // A = Σ_a z^L_la Exec(a): ∂z^L_la = Σ_n ∂A_n Exec_n(a) and ∂Exec_n(a) += ∂A_n z^L_la.
      dL.fill(0, row, row + W);
      dR.fill(0, row, row + W);
      for (let n = 0; n < Np; n += BLOCK) {
        const dA0 = dA[n] as number, dA1 = dA[n + 1] as number, dA2 = dA[n + 2] as number, dA3 = dA[n + 3] as number;
        const dB0 = dB[n] as number, dB1 = dB[n + 1] as number, dB2 = dB[n + 2] as number, dB3 = dB[n + 3] as number;
        const r0 = valueBase + n * W;
        const r1 = r0 + W;
        const r2 = r1 + W;
        const r3 = r2 + W;
        const d0 = n * W;
        const d1 = d0 + W;
        const d2 = d1 + W;
        const d3 = d2 + W;
        for (let a = 0; a < l; a++) {
          const v0 = values[r0 + a] as number;
          const v1 = values[r1 + a] as number;
          const v2 = values[r2 + a] as number;
          const v3 = values[r3 + a] as number;
          dL[row + a] = (dL[row + a] as number) + dA0 * v0 + dA1 * v1 + dA2 * v2 + dA3 * v3;
          dR[row + a] = (dR[row + a] as number) + dB0 * v0 + dB1 * v1 + dB2 * v2 + dB3 * v3;
          const zl = wL[row + a] as number;
          const zr = wR[row + a] as number;
          dV[d0 + a] = (dV[d0 + a] as number) + dA0 * zl + dB0 * zr;
          dV[d1 + a] = (dV[d1 + a] as number) + dA1 * zl + dB1 * zr;
          dV[d2 + a] = (dV[d2 + a] as number) + dA2 * zl + dB2 * zr;
          dV[d3 + a] = (dV[d3 + a] as number) + dA3 * zl + dB3 * zr;
        }
      }
    }
    const symbolBase = t * Np * V;
    for (let n = 0; n < Np; n++) {
      for (let j = 0; j < V; j++) dSymbols[symbolBase + n * V + j] = dV[n * W + j] as number;
    }
  }
}

const forwardShard: ShardedFunction = { module: import.meta.url, name: "straightLineForwardShard", run: straightLineForwardShard };
const backwardShard: ShardedFunction = { module: import.meta.url, name: "straightLineBackwardShard", run: straightLineBackwardShard };
/** The sharded passes, for `kernelWorkersReady`. */
export const straightLineShards: readonly ShardedFunction[] = [forwardShard, backwardShard];

/** Fewest tasks per chunk given to a thread (see MIN_CHUNK_WORK). */
function minTasksPerChunk(d: Dims): number {
  const Np = Math.ceil(d.examples / BLOCK) * BLOCK;
  return Math.ceil(MIN_CHUNK_WORK / (Np * d.lines * (d.vars + d.lines)));
}

export const straightLineKernel: FusedKernel<StraightLineSaved> = {
  name: "straightLineExecutor",

  outputShape(shapes) {
    const d = straightLineDims(shapes);
    return [d.tasks, d.examples];
  },

  forward(inputs, shapes, out) {
    const d = straightLineDims(shapes);
    const { tasks: T, lines: L, vars: V, examples: N, sharedInputs } = d;
    const [wO, wL, wR, s] = inputs as [FloatArray, FloatArray, FloatArray, FloatArray];
    const params = paramsOf(d);
    const a = arena(params);
    const Np = Math.ceil(N / BLOCK) * BLOCK;
    for (let line = 0; line < T * L; line++) {
      let cA = 0;
      let cB = 0;
      let cAB = 0;
      for (let o = 0; o < OP_COUNT; o++) {
        const w = wO[line * OP_COUNT + o] as number;
        cA += w * (COEFF_A[o] as number);
        cB += w * (COEFF_B[o] as number);
        cAB += w * (COEFF_AB[o] as number);
      }
      a.coef[3 * line] = cA;
      a.coef[3 * line + 1] = cB;
      a.coef[3 * line + 2] = cAB;
    }
    toArena(a.wL, 0, wL, 0, wL.length);
    toArena(a.wR, 0, wR, 0, wR.length);
    for (let t = 0; t < (sharedInputs ? 1 : T); t++) {
      toArena(a.symbols, t * Np * V, s, t * N * V, N * V);
      a.symbols.fill(0, (t * Np + N) * V, (t + 1) * Np * V);
    }
    runSharded(forwardShard, a.buffer, params, T, minTasksPerChunk(d));
    const W = V + L;
    for (let t = 0; t < T; t++) {
      for (let n = 0; n < N; n++) out[t * N + n] = a.values[(t * Np + n) * W + W - 1] as number;
    }
    return { params, arena: a };
  },

  backward(_inputs, shapes, saved, dOut, grads) {
    const d = straightLineDims(shapes);
    const { tasks: T, examples: N, sharedInputs } = d;
    const [gO, gL, gR, gS] = grads as [FloatArray, FloatArray, FloatArray, FloatArray];
    const a = saved.arena;
    const V = d.vars;
    const Np = Math.ceil(N / BLOCK) * BLOCK;
    for (let t = 0; t < T; t++) {
      toArena(a.dOut, t * Np, dOut, t * N, N);
      a.dOut.fill(0, t * Np + N, (t + 1) * Np);
    }
    runSharded(backwardShard, a.buffer, saved.params, T, minTasksPerChunk(d));
    for (let line = 0; line < T * d.lines; line++) {
      const dcA = a.dCoef[3 * line] as number;
      const dcB = a.dCoef[3 * line + 1] as number;
      const dcAB = a.dCoef[3 * line + 2] as number;
      for (let o = 0; o < OP_COUNT; o++) {
        gO[line * OP_COUNT + o] = dcA * (COEFF_A[o] as number) + dcB * (COEFF_B[o] as number) + dcAB * (COEFF_AB[o] as number);
      }
    }
    fromArena(gL, 0, a.dL, 0, gL.length);
    fromArena(gR, 0, a.dR, 0, gR.length);
    if (!sharedInputs) {
      for (let t = 0; t < T; t++) fromArena(gS, t * N * V, a.dSymbols, t * Np * V, N * V);
      return;
    }
    // Shared symbols: sum the tasks' contributions in task order (the same for any thread count).
    const total = new Float64Array(N * V);
    for (let t = 0; t < T; t++) {
      for (let k = 0; k < N * V; k++) total[k] = (total[k] as number) + (a.dSymbols[t * Np * V + k] as number);
    }
    fromArena(gS, 0, total, 0, N * V);
  },

  release(saved) {
    releaseShared(saved.arena.buffer);
  },
};

// Converting copies between the kernel's inputs and outputs (float32 under tfjs, float64 in the
// gradient checks) and the arena: explicit loops, because TypedArray.prototype.set between element
// types is several times slower when either side lives in a SharedArrayBuffer; one function per
// direction keeps each loop monomorphic under tfjs.
function toArena(target: Float64Array, targetStart: number, source: FloatArray, sourceStart: number, count: number): void {
  for (let k = 0; k < count; k++) target[targetStart + k] = source[sourceStart + k] as number;
}

function fromArena(target: FloatArray, targetStart: number, source: Float64Array, sourceStart: number, count: number): void {
  for (let k = 0; k < count; k++) target[targetStart + k] = source[sourceStart + k] as number;
}
