import { tf } from "../../../../engine/backend.js";
import { ANC_OP_RULES } from "../ops.js";
import { ANC_OPS } from "../syntax.js";
import type { AncHalting } from "./machineKernel.js";

/**
 * Op-by-op tfjs implementation of ANC's differentiable machine (seed 002 §2.1, eqs. 1–9), the
 * independent oracle for `ancMachineKernel` in gradient checks. Same inputs, same output [B, K, S]
 * in the layout of `ancStateLayout`, same halting rules (`AncHalting`: eq. 11's running max by default, or ANC's cumulative h; the
 * state steps on).
 *
 * It is written from the equations, batched over the B tapes, rather than from the kernel's loops:
 *  - lines past the last one (L ≤ l < M) are explicit padding rows of the controller (op STOP,
 *    arguments r0, no output register), so every mixture over lines is one matmul with IR;
 *  - eq. 6 is evaluated with its op tables: the binary ops ADD, SUB, MIN, MAX multiply the outer
 *    product a ⊗ b by the 0/1 table T_op[(x, y), v] = [op(x, y) = v] (O(M³), not the kernel's
 *    closed forms), INC and DEC multiply a by a 0/1 shift matrix, READ is a·Mem, and STOP, ZERO,
 *    WRITE and JEZ output the constant δ_0 (they read neither a nor b);
 *  - the IR increment of eq. 9 is the same shift matrix as INC.
 */
export function ancMachineReference(
  steps: number,
  halting: AncHalting = "max",
): (ops: tf.Tensor, arg1: tf.Tensor, arg2: tf.Tensor, out: tf.Tensor, registers: tf.Tensor, memory: tf.Tensor) => tf.Tensor {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive integer, got ${steps}`);
  return (ops, arg1, arg2, out, registers, memory) =>
    tf.tidy(() => {
      const [L, P] = ops.shape as [number, number];
      const [nR, M] = registers.shape as [number, number];
      const Bt = memory.shape[0];
      if (P !== ANC_OPS.length) throw new RangeError(`ops must be [L, ${ANC_OPS.length}]`);
      const code = (op: keyof typeof ANC_OP_RULES): number => ANC_OP_RULES[op].code;

      // The controller padded to M lines: lines L..M−1 are "STOP r0 r0" with no output register.
      const pad = (x: tf.Tensor, row: (j: number) => number): tf.Tensor => {
        const width = x.shape[1] as number;
        if (L === M) return x;
        const rows = new Float32Array((M - L) * width);
        for (let i = 0; i < M - L; i++) for (let j = 0; j < width; j++) rows[i * width + j] = row(j);
        return tf.concat([x, tf.tensor2d(rows, [M - L, width])], 0);
      };
      const opsAll = pad(ops, (j) => (j === code("STOP") ? 1 : 0)); // [M, P]
      const arg1All = pad(arg1, (j) => (j === 0 ? 1 : 0)); // [M, nR]
      const arg2All = pad(arg2, (j) => (j === 0 ? 1 : 0));
      const outAll = pad(out, () => 0);

      // Constant 0/1 matrices (exact in float32).
      const matrix = (rows: number, cols: number, one: (i: number, j: number) => boolean): tf.Tensor2D => {
        const data = new Float32Array(rows * cols);
        for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (one(i, j)) data[i * cols + j] = 1;
        return tf.tensor2d(data, [rows, cols]);
      };
      const mod = (x: number): number => ((x % M) + M) % M;
      const shiftUp = matrix(M, M, (x, v) => v === mod(x + 1)); // (p · shiftUp)_v = p_{v−1}
      const shiftDown = matrix(M, M, (x, v) => v === mod(x - 1)); // (p · shiftDown)_v = p_{v+1}
      const table = (f: (x: number, y: number) => number): tf.Tensor2D => matrix(M * M, M, (i, v) => f(Math.floor(i / M), i % M) === v);
      const binary: readonly [number, tf.Tensor2D][] = [
        [code("ADD"), table((x, y) => mod(x + y))],
        [code("SUB"), table((x, y) => mod(x - y))],
        [code("MIN"), table((x, y) => Math.min(x, y))],
        [code("MAX"), table((x, y) => Math.max(x, y))],
      ];
      const delta0 = matrix(1, M, (_, v) => v === 0); // [1, M]
      const constantOps = new Set([code("STOP"), code("ZERO"), code("WRITE"), code("JEZ")]);
      const column = (x: tf.Tensor, j: number): tf.Tensor => tf.slice(x, [0, j], [Bt, 1]); // [B, 1]

      // The initial state: IR at line 0, the shared registers, each example's tape, h = 0.
      let ir: tf.Tensor = tf.mul(tf.ones([Bt, 1]), matrix(1, M, (_, v) => v === 0)); // [B, M]
      let regs: tf.Tensor = tf.mul(tf.ones([Bt, 1, 1]), tf.expandDims(registers, 0)); // [B, nR, M]
      let mem: tf.Tensor = memory; // [B, M, M]
      let h: tf.Tensor = tf.zeros([Bt, 1]);
      const states: tf.Tensor[] = [];
      for (let t = 0; t < steps; t++) {
        // eqs. 1–2 and 5: the op mixture f, the argument and output mixtures, the argument values.
        const F = tf.matMul(ir, opsAll); // [B, P]
        const A = tf.matMul(ir, arg1All); // [B, nR]
        const Bv = tf.matMul(ir, arg2All);
        const W = tf.matMul(ir, outAll);
        const a = tf.squeeze(tf.matMul(tf.expandDims(A, 1), regs), [1]); // [B, M]
        const b = tf.squeeze(tf.matMul(tf.expandDims(Bv, 1), regs), [1]);
        // eq. 6: o = Σ_op f_op · o_op(a, b, Mem).
        const outer = tf.reshape(tf.mul(tf.expandDims(a, 2), tf.expandDims(b, 1)), [Bt, M * M]);
        const perOp: tf.Tensor[] = [];
        for (let k = 0; k < P; k++) {
          const pair = binary.find(([c]) => c === k);
          if (constantOps.has(k)) perOp.push(tf.mul(tf.ones([Bt, 1]), delta0));
          else if (pair) perOp.push(tf.matMul(outer, pair[1]));
          else if (k === code("INC")) perOp.push(tf.matMul(a, shiftUp));
          else if (k === code("DEC")) perOp.push(tf.matMul(a, shiftDown));
          else if (k === code("READ")) perOp.push(tf.squeeze(tf.matMul(tf.expandDims(a, 1), mem), [1]));
          else throw new Error(`no output rule for op ${k}`);
        }
        const o = tf.squeeze(tf.matMul(tf.expandDims(F, 1), tf.stack(perOp, 1)), [1]); // [B, M]
        // eq. 7: R'_r = R_r (1 − W_r) + W_r o.
        const Wr = tf.expandDims(W, 2); // [B, nR, 1]
        const regsStep = tf.add(tf.mul(regs, tf.sub(1, Wr)), tf.mul(Wr, tf.expandDims(o, 1)));
        // eq. 8: Mem'[c] = Mem[c] (1 − f_WRITE a_c) + f_WRITE a_c b.
        const e = tf.expandDims(tf.mul(column(F, code("WRITE")), a), 2); // [B, M, 1]
        const memStep = tf.add(tf.mul(mem, tf.sub(1, e)), tf.mul(e, tf.expandDims(b, 1)));
        // eq. 9: IR' = (1 − f_JEZ a_0) · (IR + 1) + f_JEZ a_0 · b.
        const u = tf.mul(column(F, code("JEZ")), column(a, 0)); // [B, 1]
        const irStep = tf.add(tf.mul(tf.sub(1, u), tf.matMul(ir, shiftUp)), tf.mul(u, b));
        // Halting (the kernel's header): seed eq. 11's running max, or ANC's stop_tensor; the state steps on.
        ir = irStep;
        regs = regsStep;
        mem = memStep;
        const stop = column(F, code("STOP"));
        h = halting === "max" ? tf.maximum(h, stop) : tf.add(h, tf.mul(tf.sub(1, h), stop));
        states.push(tf.concat([ir, tf.reshape(regs, [Bt, nR * M]), tf.reshape(mem, [Bt, M * M]), h], 1));
      }
      return tf.stack(states, 1); // [B, K, S]
    });
}
