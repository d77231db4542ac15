import type { FloatArray, FusedKernel, Shape } from "../../../../engine/fused.js";
import { ANC_OP_RULES } from "../ops.js";
import { ANC_OPS } from "../syntax.js";
import { RELAXED_OUTPUTS, type OutputGrads, type OutputInputs, type RelaxedOutputRule } from "./outputRules.js";

/**
 * ANC's differentiable machine (Bunel et al. 2016, "Adaptive Neural Compilation"; seed 002 §2.1,
 * eqs. 1–9) unrolled for K steps as one fused kernel. The semantics are those of the exact
 * interpreter `anc/evaluate.ts` (= `RamMachine:updateOutput` of albanD/adaptive-neural-compilation,
 * adaptation/layers/machine.lua), read on distributions: with one-hot inputs every step equals
 * `stepAnc`.
 *
 * Inputs (the controller is shared by the batch — it is the program):
 *   ops       [L, 11]   per line l, the distribution over ANC's ops (seed eq. 2: f = softmax(W0·l))
 *   arg1      [L, nR]   per line, the first argument register (eq. 2: a1)
 *   arg2      [L, nR]   per line, the second argument register (a2)
 *   out       [L, nR]   per line, the output register (a3); a row may sum to < 1 (0 = no write)
 *   registers [nR, M]   initial registers, each a distribution over the values 0..M−1
 *   memory    [B, M, M] initial tapes: B examples, M cells, each a distribution over 0..M−1
 * L ≤ M: the instruction register IR is a base-M value (it wraps with addDist in ANC), and IR values
 * l ≥ L are the exact interpreter's "past the last line": implicit lines that STOP and write no
 * register (their argument rows are one-hot r0, which an op-mixture with STOP ignores).
 *
 * Output [B, K, S]: the state after each step t = 1..K, S = M + nR·M + M·M + 1, laid out
 * [IR (M) | registers (nR × M) | memory (M × M) | h (1)] (see `ancStateLayout`), where h is the
 * halting value after the step (see "Halting" below). IR starts one-hot at line 0 and h at 0.
 *
 * One step from state (IR, R, Mem, h), every quantity read from the state before the step:
 *   F_op = Σ_l IR_l · ops_{l,op}                                  (eq. 1–2, the op mixture f)
 *   A_r  = Σ_l IR_l · arg1_{l,r},  a = Σ_r A_r R_r                (eq. 5, v1 = r1·R; b likewise)
 *   o    = Σ_op F_op · o_op(a, b, Mem)                            (eq. 6, in closed form below)
 *   R'_r = R_r (1 − W_r) + W_r o,  W_r = Σ_l IR_l · out_{l,r}     (eq. 7; every op writes, as in ANC)
 *   Mem'[c] = Mem[c] (1 − w a_c) + w a_c b,  w = F_WRITE          (eq. 8, ANC's Write_op)
 *   IR'  = (1 − j z) · shift(IR) + j z · b,  j = F_JEZ, z = a_0    (eq. 9; shift = addDist(IR, 1))
 *   s    = F_STOP                                                 (the halting component of f)
 * The closed forms of o_op on distributions mod M replace eq. 6's |ops|×M×M×M table T (O(M²) per
 * op instead of O(M³)); δ_0 is the distribution of the value 0. Each op's form and its backward
 * rule are one entry of the typed table `RELAXED_OUTPUTS` (outputRules.ts), which the step iterates:
 *   STOP, ZERO, WRITE, JEZ:  δ_0                                  (their sub-tensors of T output 0)
 *   INC: o_v = a_{v−1}        DEC: o_v = a_{v+1}                 (indices mod M)
 *   ADD: o_v = Σ_x a_x b_{v−x}   (circular convolution)    SUB: o_v = Σ_x a_x b_{x−v}
 *   MIN: o_v = a_v Σ_{y≥v} b_y + b_v Σ_{x>v} a_x             MAX: o_v = a_v Σ_{y≤v} b_y + b_v Σ_{x<v} a_x
 *   READ: o_v = Σ_c a_c Mem[c]_v                               (T's read slice "set to the current memory")
 * Halting (`AncHalting`): the machine never stops stepping; h_t is a non-decreasing value in [0, 1]
 * read as "halted by step t", and h_{t+1} − h_t is the weight a loss gives the state S_{t+1} (the
 * STOP step counts; systems/compile/loss.ts).
 *  - "max" (default, seed 002 eq. 11: "the halting probability h_t is simply a scalar component
 *    of f_t", h_{t>k} = max(h_{t≤k})): h_{t+1} = max(h_t, s_t). Per-step STOP noise does not
 *    accumulate: a machine whose every line is STOP with p = 0.06 has h = 0.06 at every step.
 *    The gradient of the max goes to h_t when h_t ≥ s_t, else to s_t (tfjs' Maximum does the same).
 *  - "cumulative" (ANC's `stop_tensor`, adaptation/layers/machine.lua): h_{t+1} = h_t + (1 − h_t)·s_t,
 *    the probability of having halted if each step stops independently with probability s_t.
 * With one-hot inputs the states up to the first STOP equal `stepAnc`'s (except IR after a halt
 * past the last line, which the exact machine leaves in place) and h jumps to 1 there under either
 * rule; after it the exact machine stays put while this one steps on.
 * (Freezing the halted mass in the state, S_{t+1} = h S_t + (1 − h) Step(S_t), is not sound off
 * the one-hot corners: the frozen mass keeps its IR on the STOP line, so the controller counts its
 * stop probability again at every step and h roughly doubles per step.)
 *
 * Backward: reverse-mode through the K steps, recomputing each step's mixtures from the saved
 * states; gradients reach the controller, the initial registers and the initial memory.
 */

export const ANC_OP_COUNT = ANC_OPS.length;

const STOP = ANC_OP_RULES.STOP.code;
const WRITE = ANC_OP_RULES.WRITE.code;
const JEZ = ANC_OP_RULES.JEZ.code;
/** Each instruction's output rule, indexed by its code. */
const OUTPUT_RULES = ANC_OPS.map((op) => RELAXED_OUTPUTS[op]);
/** How h accumulates the per-step stop probability s_t = F_STOP (header, "Halting"). */
export type AncHalting = "max" | "cumulative";
export const ANC_HALTINGS: readonly AncHalting[] = ["max", "cumulative"];

/** Offsets of the parts of one state in the kernel's output (and its size). */
export interface AncStateLayout {
  readonly ir: number;
  readonly registers: number;
  readonly memory: number;
  readonly halt: number;
  readonly size: number;
}

export function ancStateLayout(base: number, registerCount: number): AncStateLayout {
  const registers = base;
  const memory = registers + registerCount * base;
  const halt = memory + base * base;
  return { ir: 0, registers, memory, halt, size: halt + 1 };
}

interface Dims {
  readonly L: number;
  readonly nR: number;
  readonly M: number;
  readonly B: number;
  readonly K: number;
  readonly layout: AncStateLayout;
  readonly halting: AncHalting;
}

function dims(shapes: readonly Shape[], K: number, halting: AncHalting): Dims {
  const [ops, arg1, arg2, out, regs, mem] = shapes;
  if (shapes.length !== 6 || !ops || !arg1 || !arg2 || !out || !regs || !mem) {
    throw new RangeError("the ANC machine takes ops, arg1, arg2, out, registers, memory");
  }
  if (ops.length !== 2 || ops[1] !== ANC_OP_COUNT) throw new RangeError(`ops must be [L, ${ANC_OP_COUNT}], got [${ops.join(", ")}]`);
  if (regs.length !== 2) throw new RangeError(`registers must be [nR, M], got [${regs.join(", ")}]`);
  const L = ops[0] as number;
  const [nR, M] = regs as [number, number];
  for (const [name, s] of [["arg1", arg1], ["arg2", arg2], ["out", out]] as const) {
    if (s.length !== 2 || s[0] !== L || s[1] !== nR) throw new RangeError(`${name} must be [${L}, ${nR}], got [${s.join(", ")}]`);
  }
  if (mem.length !== 3 || mem[1] !== M || mem[2] !== M) throw new RangeError(`memory must be [B, ${M}, ${M}], got [${mem.join(", ")}]`);
  if (nR < 1 || M < 2) throw new RangeError(`the machine needs at least one register and M ≥ 2, got nR = ${nR}, M = ${M}`);
  if (L < 1 || L > M) throw new RangeError(`a base-${M} machine has 1..${M} lines (IR is a base-M value), got ${L}`);
  return { L, nR, M, B: mem[0] as number, K, layout: ancStateLayout(M, nR), halting };
}

/** The mixtures of one step, recomputed from the state before it. */
interface Work {
  readonly F: Float64Array;
  readonly A: Float64Array;
  readonly Bv: Float64Array;
  readonly W: Float64Array;
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** o_op for every op, [11][M], and its row of each op. */
  readonly opOut: Float64Array;
  readonly opRows: readonly Float64Array[];
  readonly o: Float64Array;
}

function makeWork(d: Dims): Work {
  const { nR, M } = d;
  const opOut = new Float64Array(ANC_OP_COUNT * M);
  return {
    F: new Float64Array(ANC_OP_COUNT),
    A: new Float64Array(nR),
    Bv: new Float64Array(nR),
    W: new Float64Array(nR),
    a: new Float64Array(M),
    b: new Float64Array(M),
    opOut,
    opRows: OUTPUT_RULES.map((_, k) => opOut.subarray(k * M, (k + 1) * M)),
    o: new Float64Array(M),
  };
}

const mod = (x: number, m: number): number => ((x % m) + m) % m;

/** Fills `w` with the step's mixtures and op outputs for the state at st[off..]. */
function prepare(d: Dims, inputs: readonly FloatArray[], st: FloatArray, off: number, w: Work): void {
  const { L, nR, M, layout } = d;
  const [ops, arg1, arg2, out] = inputs as [FloatArray, FloatArray, FloatArray, FloatArray];
  const { F, A, Bv, W, a, b, opOut, opRows, o } = w;
  F.fill(0);
  A.fill(0);
  Bv.fill(0);
  W.fill(0);
  let q = 0;
  for (let l = 0; l < M; l++) {
    const p = st[off + layout.ir + l] as number;
    if (l >= L) {
      q += p;
      continue;
    }
    for (let k = 0; k < ANC_OP_COUNT; k++) F[k] = (F[k] as number) + p * (ops[l * ANC_OP_COUNT + k] as number);
    for (let r = 0; r < nR; r++) {
      A[r] = (A[r] as number) + p * (arg1[l * nR + r] as number);
      Bv[r] = (Bv[r] as number) + p * (arg2[l * nR + r] as number);
      W[r] = (W[r] as number) + p * (out[l * nR + r] as number);
    }
  }
  // Past-the-end lines: STOP with arguments r0 and no output register.
  F[STOP] = (F[STOP] as number) + q;
  A[0] = (A[0] as number) + q;
  Bv[0] = (Bv[0] as number) + q;
  // eq. 5: v_k = r_k · R.
  a.fill(0);
  b.fill(0);
  for (let r = 0; r < nR; r++) {
    const base = off + layout.registers + r * M;
    const ar = A[r] as number;
    const br = Bv[r] as number;
    for (let v = 0; v < M; v++) {
      const x = st[base + v] as number;
      a[v] = (a[v] as number) + ar * x;
      b[v] = (b[v] as number) + br * x;
    }
  }
  // The closed forms of eq. 6 (see the header), one rule per op.
  opOut.fill(0);
  const x: OutputInputs = { M, a, b, state: st, memory: off + layout.memory };
  for (let k = 0; k < ANC_OP_COUNT; k++) (OUTPUT_RULES[k] as RelaxedOutputRule).forward(x, opRows[k] as Float64Array);
  o.fill(0);
  for (let k = 0; k < ANC_OP_COUNT; k++) {
    const f = F[k] as number;
    for (let v = 0; v < M; v++) o[v] = (o[v] as number) + f * (opOut[k * M + v] as number);
  }
}

/** Writes S_{t+1} at nx[nOff..] from S_t at st[off..] (the step of the header). */
function stepForward(d: Dims, inputs: readonly FloatArray[], st: FloatArray, off: number, nx: FloatArray, nOff: number, w: Work): void {
  const { nR, M, layout } = d;
  prepare(d, inputs, st, off, w);
  const { F, W, a, b, o } = w;
  const h = st[off + layout.halt] as number;
  // eq. 9: jump to b with probability j·z, else IR + 1 (mod M).
  const u = (F[JEZ] as number) * (a[0] as number);
  for (let m = 0; m < M; m++) {
    const prev = st[off + layout.ir + mod(m - 1, M)] as number;
    nx[nOff + layout.ir + m] = (1 - u) * prev + u * (b[m] as number);
  }
  // eq. 7: soft register write.
  for (let r = 0; r < nR; r++) {
    const wr = W[r] as number;
    for (let v = 0; v < M; v++) {
      const i = layout.registers + r * M + v;
      const x = st[off + i] as number;
      nx[nOff + i] = x * (1 - wr) + wr * (o[v] as number);
    }
  }
  // eq. 8: soft memory write at address a with value b, probability F_WRITE.
  const wp = F[WRITE] as number;
  for (let c = 0; c < M; c++) {
    const e = wp * (a[c] as number);
    for (let v = 0; v < M; v++) {
      const i = layout.memory + c * M + v;
      const x = st[off + i] as number;
      nx[nOff + i] = x * (1 - e) + e * (b[v] as number);
    }
  }
  const s = F[STOP] as number;
  nx[nOff + layout.halt] = d.halting === "max" ? Math.max(h, s) : h + (1 - h) * s;
}

/** Writes the initial state of example `e` into st[0..]. */
function initialState(d: Dims, inputs: readonly FloatArray[], e: number, st: FloatArray): void {
  const { nR, M, layout } = d;
  const regs = inputs[4] as FloatArray;
  const mem = inputs[5] as FloatArray;
  st.fill(0);
  st[layout.ir] = 1;
  for (let i = 0; i < nR * M; i++) st[layout.registers + i] = regs[i] as number;
  for (let i = 0; i < M * M; i++) st[layout.memory + i] = mem[e * M * M + i] as number;
}

export interface AncMachineSaved {
  /** The states after every step, [B, K, S] (a copy of the output). */
  readonly states: FloatArray;
}

/** The fused K-step ANC machine (inputs and output as in the header). */
export function ancMachineKernel(steps: number, halting: AncHalting = "max"): FusedKernel<AncMachineSaved> {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive integer, got ${steps}`);
  if (!ANC_HALTINGS.includes(halting)) throw new RangeError(`halting must be one of ${ANC_HALTINGS.join(", ")}, got ${String(halting)}`);
  const K = steps;
  return {
    name: `ancMachine(K=${K}, halting=${halting})`,

    outputShape(shapes) {
      const d = dims(shapes, K, halting);
      return [d.B, K, d.layout.size];
    },

    forward(inputs, shapes, out) {
      const d = dims(shapes, K, halting);
      const S = d.layout.size;
      const w = makeWork(d);
      const init = new (out.constructor as new (n: number) => FloatArray)(S);
      for (let e = 0; e < d.B; e++) {
        initialState(d, inputs, e, init);
        let st: FloatArray = init;
        let off = 0;
        for (let t = 0; t < K; t++) {
          const nOff = (e * K + t) * S;
          stepForward(d, inputs, st, off, out, nOff, w);
          st = out;
          off = nOff;
        }
      }
      return { states: out.slice() };
    },

    backward(inputs, shapes, saved, dOut, grads) {
      const d = dims(shapes, K, halting);
      const { L, nR, M, layout } = d;
      const S = layout.size;
      const [ops, arg1, arg2, out] = inputs as [FloatArray, FloatArray, FloatArray, FloatArray];
      const [gOps, gArg1, gArg2, gOut, gRegs, gMem] = grads as [FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray];
      const w = makeWork(d);
      const init = new (saved.states.constructor as new (n: number) => FloatArray)(S);
      const dNext = new Float64Array(S);
      const dCur = new Float64Array(S);
      const dF = new Float64Array(ANC_OP_COUNT);
      const dA = new Float64Array(nR);
      const dB = new Float64Array(nR);
      const dW = new Float64Array(nR);
      const da = new Float64Array(M);
      const db = new Float64Array(M);
      const dO = new Float64Array(M);
      const weighted = new Float64Array(M);
      const scratch: [Float64Array, Float64Array] = [new Float64Array(M), new Float64Array(M)];
      const states = saved.states;
      for (let e = 0; e < d.B; e++) {
        initialState(d, inputs, e, init);
        dNext.fill(0);
        for (let t = K - 1; t >= 0; t--) {
          const nOff = (e * K + t) * S;
          for (let i = 0; i < S; i++) dNext[i] = (dNext[i] as number) + (dOut[nOff + i] as number);
          const st: FloatArray = t === 0 ? init : states;
          const off = t === 0 ? 0 : nOff - S;
          prepare(d, inputs, st, off, w);
          const { F, A, Bv, W, a, b, opOut, o } = w;
          dCur.fill(0);
          dF.fill(0);
          dA.fill(0);
          dB.fill(0);
          dW.fill(0);
          da.fill(0);
          db.fill(0);
          dO.fill(0);
          const h = st[off + layout.halt] as number;
          const dh1 = dNext[layout.halt] as number;
          const s = F[STOP] as number;
          if (d.halting === "max") {
            // h' = max(h, s).
            if (h >= s) dCur[layout.halt] = dh1;
            else dF[STOP] = dh1;
          } else {
            // h' = h + (1 − h)·s.
            dCur[layout.halt] = dh1 * (1 - s);
            dF[STOP] = (1 - h) * dh1;
          }
          // IR' = (1 − u)·shift(IR) + u·b, u = F_JEZ·a_0.
          const u = (F[JEZ] as number) * (a[0] as number);
          let du = 0;
          for (let m = 0; m < M; m++) {
            const dn = dNext[layout.ir + m] as number;
            const pm = mod(m - 1, M);
            const prev = st[off + layout.ir + pm] as number;
            du += dn * ((b[m] as number) - prev);
            dCur[layout.ir + pm] = (dCur[layout.ir + pm] as number) + (1 - u) * dn;
            db[m] = (db[m] as number) + u * dn;
          }
          dF[JEZ] = (dF[JEZ] as number) + du * (a[0] as number);
          da[0] = (da[0] as number) + du * (F[JEZ] as number);
          // eq. 7.
          for (let r = 0; r < nR; r++) {
            const wr = W[r] as number;
            let dwr = 0;
            for (let v = 0; v < M; v++) {
              const i = layout.registers + r * M + v;
              const x = st[off + i] as number;
              const dn = dNext[i] as number;
              const ov = o[v] as number;
              dCur[i] = (dCur[i] as number) + dn * (1 - wr);
              dwr += dn * (ov - x);
              dO[v] = (dO[v] as number) + dn * wr;
            }
            dW[r] = dwr;
          }
          // eq. 8.
          const wp = F[WRITE] as number;
          let dwp = 0;
          for (let c = 0; c < M; c++) {
            const ac = a[c] as number;
            const e2 = wp * ac;
            let kc = 0;
            for (let v = 0; v < M; v++) {
              const i = layout.memory + c * M + v;
              const x = st[off + i] as number;
              const dn = dNext[i] as number;
              const bv = b[v] as number;
              dCur[i] = (dCur[i] as number) + dn * (1 - e2);
              kc += dn * (bv - x);
              db[v] = (db[v] as number) + e2 * dn;
            }
            dwp += ac * kc;
            da[c] = (da[c] as number) + wp * kc;
          }
          dF[WRITE] = (dF[WRITE] as number) + dwp;
          // o = Σ_op F_op o_op.
          for (let k = 0; k < ANC_OP_COUNT; k++) {
            let s = 0;
            for (let v = 0; v < M; v++) s += (dO[v] as number) * (opOut[k * M + v] as number);
            dF[k] = (dF[k] as number) + s;
          }
          // Each op's output rule, with e_v = F_op · ∂loss/∂o_v.
          const x: OutputInputs = { M, a, b, state: st, memory: off + layout.memory };
          const g: OutputGrads = { da, db, dState: dCur, dMemory: layout.memory, scratch };
          for (let k = 0; k < ANC_OP_COUNT; k++) {
            const f = F[k] as number;
            for (let v = 0; v < M; v++) weighted[v] = f * (dO[v] as number);
            (OUTPUT_RULES[k] as RelaxedOutputRule).backward(x, weighted, g);
          }
          // eq. 5: a = Σ_r A_r R_r, b = Σ_r B_r R_r.
          for (let r = 0; r < nR; r++) {
            const ar = A[r] as number;
            const br = Bv[r] as number;
            let sa = 0;
            let sb = 0;
            for (let v = 0; v < M; v++) {
              const i = layout.registers + r * M + v;
              const x = st[off + i] as number;
              sa += (da[v] as number) * x;
              sb += (db[v] as number) * x;
              dCur[i] = (dCur[i] as number) + ar * (da[v] as number) + br * (db[v] as number);
            }
            dA[r] = sa;
            dB[r] = sb;
          }
          // The controller mixtures over lines (eqs. 1–2).
          for (let l = 0; l < M; l++) {
            const p = st[off + layout.ir + l] as number;
            let dp = 0;
            if (l >= L) {
              dp = (dF[STOP] as number) + (dA[0] as number) + (dB[0] as number);
            } else {
              for (let k = 0; k < ANC_OP_COUNT; k++) {
                const i = l * ANC_OP_COUNT + k;
                gOps[i] = (gOps[i] as number) + p * (dF[k] as number);
                dp += (ops[i] as number) * (dF[k] as number);
              }
              for (let r = 0; r < nR; r++) {
                const i = l * nR + r;
                gArg1[i] = (gArg1[i] as number) + p * (dA[r] as number);
                gArg2[i] = (gArg2[i] as number) + p * (dB[r] as number);
                gOut[i] = (gOut[i] as number) + p * (dW[r] as number);
                dp += (arg1[i] as number) * (dA[r] as number) + (arg2[i] as number) * (dB[r] as number) + (out[i] as number) * (dW[r] as number);
              }
            }
            dCur[layout.ir + l] = (dCur[layout.ir + l] as number) + dp;
          }
          dNext.set(dCur);
        }
        // dNext now holds ∂loss/∂S_0.
        for (let i = 0; i < nR * M; i++) gRegs[i] = (gRegs[i] as number) + (dNext[layout.registers + i] as number);
        for (let i = 0; i < M * M; i++) gMem[e * M * M + i] = (gMem[e * M * M + i] as number) + (dNext[layout.memory + i] as number);
      }
    },
  };
}
