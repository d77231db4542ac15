import type { FloatArray } from "../../../../engine/fused.js";
import type { AncOp } from "../syntax.js";

/**
 * The relaxed output o_op(a, b, Mem) of each ANC instruction on distributions over the values
 * 0..M−1, and its vector–Jacobian product: the closed forms of seed 002 eq. 6 (the header of
 * machineKernel.ts derives them). The machine kernel iterates this table forward and backward, so
 * an instruction added to `ANC_OPS` fails the type check until both of its rules exist here.
 * An instruction's side effects (WRITE's memory write, JEZ's jump, STOP's halt) are eqs. 8–9 and
 * 11 of the machine step, not part of its output.
 */
export interface OutputInputs {
  readonly M: number;
  /** The first and second argument values, each a distribution over 0..M−1 (eq. 5). */
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** The state holding the memory tape, Mem[c]_v at state[memory + c·M + v]. */
  readonly state: FloatArray;
  readonly memory: number;
}

/** Where the vector–Jacobian product accumulates: ∂/∂a, ∂/∂b, and ∂/∂Mem at dState[dMemory + c·M + v]. */
export interface OutputGrads {
  readonly da: Float64Array;
  readonly db: Float64Array;
  readonly dState: Float64Array;
  readonly dMemory: number;
  /** Two M-vectors a rule may overwrite (MIN's and MAX's partial sums). */
  readonly scratch: readonly [Float64Array, Float64Array];
}

export interface RelaxedOutputRule {
  /** Writes o_op into `o` (M values, zero on entry). */
  readonly forward: (x: OutputInputs, o: Float64Array) => void;
  /** Adds Σ_v e_v ∂o_op,v/∂(a, b, Mem) to `g`, where e_v is the weight of o_op,v in the loss. */
  readonly backward: (x: OutputInputs, e: Float64Array, g: OutputGrads) => void;
}

const wrap = (v: number, M: number): number => (v < 0 ? v + M : v >= M ? v - M : v);

/** δ_0 (STOP, ZERO, WRITE, JEZ output the value 0), which depends on no input. */
const CONSTANT_ZERO: RelaxedOutputRule = {
  forward: (_x, o) => {
    o[0] = 1;
  },
  backward: () => undefined,
};

/** o_v = a_{v−shift} (INC: shift 1, DEC: shift −1; indices mod M). */
function shifted(shift: 1 | -1): RelaxedOutputRule {
  return {
    forward: ({ M, a }, o) => {
      for (let v = 0; v < M; v++) o[wrap(v + shift, M)] = a[v] as number;
    },
    backward: ({ M }, e, { da }) => {
      for (let v = 0; v < M; v++) da[v] = (da[v] as number) + (e[wrap(v + shift, M)] as number);
    },
  };
}

/**
 * ADD: o_v = Σ_x a_x b_{v−x} (circular convolution); SUB: o_v = Σ_x a_x b_{x−v}. The index
 * v = x ± y (mod M) steps with y and wraps once.
 */
function convolution(sign: 1 | -1): RelaxedOutputRule {
  return {
    forward: ({ M, a, b }, o) => {
      for (let x = 0; x < M; x++) {
        const ax = a[x] as number;
        for (let y = 0, v = x; y < M; y++, v += sign) {
          if (v === M) v = 0;
          else if (v < 0) v = M - 1;
          o[v] = (o[v] as number) + ax * (b[y] as number);
        }
      }
    },
    backward: ({ M, a, b }, e, { da, db }) => {
      for (let x = 0; x < M; x++) {
        const ax = a[x] as number;
        let sa = 0;
        for (let y = 0, v = x; y < M; y++, v += sign) {
          if (v === M) v = 0;
          else if (v < 0) v = M - 1;
          const ev = e[v] as number;
          sa += ev * (b[y] as number);
          db[y] = (db[y] as number) + ev * ax;
        }
        da[x] = (da[x] as number) + sa;
      }
    },
  };
}

/**
 * MIN: o_v = a_v Σ_{y≥v} b_y + b_v Σ_{x>v} a_x;  MAX: o_v = a_v Σ_{y≤v} b_y + b_v Σ_{x<v} a_x.
 * The sums run from the far end of the value range: down from M − 1 for MIN, up from 0 for MAX
 * (`at(M, k)` is the k-th value from that end). Backward, with B_v and A_v those two sums at v:
 *   ∂/∂a_x = e_x B_x + Σ_{v before x} e_v b_v,   ∂/∂b_y = e_y A_y + Σ_{v up to y} e_v a_v,
 * "before" and "up to" counted from the near end (0 for MIN, M − 1 for MAX).
 */
function extremum(kind: "min" | "max"): RelaxedOutputRule {
  const at = (M: number, k: number): number => (kind === "min" ? M - 1 - k : k);
  return {
    forward: ({ M, a, b }, o) => {
      let bTail = 0;
      let aTail = 0;
      for (let k = 0; k < M; k++) {
        const v = at(M, k);
        bTail += b[v] as number;
        o[v] = (a[v] as number) * bTail + (b[v] as number) * aTail;
        aTail += a[v] as number;
      }
    },
    backward: ({ M, a, b }, e, { da, db, scratch: [bTails, aTails] }) => {
      let sb = 0;
      let sa = 0;
      for (let k = 0; k < M; k++) {
        const v = at(M, k);
        sb += b[v] as number;
        bTails[v] = sb;
        aTails[v] = sa;
        sa += a[v] as number;
      }
      let eb = 0;
      let ea = 0;
      for (let k = M - 1; k >= 0; k--) {
        const x = at(M, k);
        const ev = e[x] as number;
        da[x] = (da[x] as number) + ev * (bTails[x] as number) + eb;
        ea += ev * (a[x] as number);
        db[x] = (db[x] as number) + ev * (aTails[x] as number) + ea;
        eb += ev * (b[x] as number);
      }
    },
  };
}

/** READ: o_v = Σ_c a_c Mem[c]_v (eq. 6's read slice "set to the current memory"). */
const READ_MEMORY: RelaxedOutputRule = {
  forward: ({ M, a, state, memory }, o) => {
    for (let c = 0; c < M; c++) {
      const ac = a[c] as number;
      const base = memory + c * M;
      for (let v = 0; v < M; v++) o[v] = (o[v] as number) + ac * (state[base + v] as number);
    }
  },
  backward: ({ M, a, state, memory }, e, { da, dState, dMemory }) => {
    for (let c = 0; c < M; c++) {
      const ac = a[c] as number;
      let s = 0;
      for (let v = 0; v < M; v++) {
        const ev = e[v] as number;
        s += ev * (state[memory + c * M + v] as number);
        const i = dMemory + c * M + v;
        dState[i] = (dState[i] as number) + ac * ev;
      }
      da[c] = (da[c] as number) + s;
    }
  },
};

export const RELAXED_OUTPUTS: { readonly [K in AncOp]: RelaxedOutputRule } = {
  STOP: CONSTANT_ZERO,
  ZERO: CONSTANT_ZERO,
  INC: shifted(1),
  ADD: convolution(1),
  SUB: convolution(-1),
  DEC: shifted(-1),
  MIN: extremum("min"),
  MAX: extremum("max"),
  READ: READ_MEMORY,
  WRITE: CONSTANT_ZERO,
  JEZ: CONSTANT_ZERO,
};
