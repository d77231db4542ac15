import { beforeAll, describe, it } from "vitest";
import { initEngine, tf } from "../../../../src/engine/backend.js";
import { Rng } from "../../../../src/engine/rng.js";
import { lengthKernel } from "../../../../src/lang/arith/relaxed/lengthKernel.js";
import { straightLineKernel } from "../../../../src/lang/arith/relaxed/straightLineKernel.js";
import { straightLineReference } from "../../../../src/lang/arith/relaxed/straightLineReference.js";
import { syntaxTreeKernel } from "../../../../src/lang/arith/relaxed/syntaxTreeKernel.js";
import { COEFF_A, COEFF_AB, COEFF_B, COST, OP_COUNT, USES_RIGHT } from "../../../../src/lang/arith/relaxed/coefficients.js";
import { checkKernelGradients } from "../../../helpers/checkGrad.js";

/** Random row-stochastic weights [rows, width], respecting a causal limit per row when given. */
function randomWeights(rng: Rng, tasks: number, rows: number, width: number, limit?: (row: number) => number): Float64Array {
  const out = new Float64Array(tasks * rows * width);
  for (let t = 0; t < tasks; t++) {
    for (let r = 0; r < rows; r++) {
      const allowed = limit ? limit(r) : width;
      let total = 0;
      for (let j = 0; j < allowed; j++) {
        const v = Math.exp(rng.normal());
        out[(t * rows + r) * width + j] = v;
        total += v;
      }
      for (let j = 0; j < allowed; j++) out[(t * rows + r) * width + j] = (out[(t * rows + r) * width + j] as number) / total;
    }
  }
  return out;
}

const randomSymbols = (rng: Rng, n: number): Float64Array => Float64Array.from({ length: n }, () => 0.1 + 0.9 * rng.next());

/** Op-by-op tfjs reference of the expected length recursion (ROAP eq. 6). */
function lengthReference(wO: tf.Tensor, wL: tf.Tensor, wR: tf.Tensor): tf.Tensor {
  const [T, L] = wO.shape as [number, number];
  const V = (wL.shape[2] as number) - L;
  const vec = (c: Float64Array) => tf.tensor1d(Float32Array.from(c));
  const opMass = tf.sum(wO, 2);
  const cost = tf.sum(tf.mul(wO, vec(COST)), 2);
  const rightUse = tf.sum(tf.mul(wO, vec(USES_RIGHT)), 2);
  let lengths = tf.zeros([T, V]);
  for (let i = 0; i < L; i++) {
    const l = V + i;
    const left = tf.sum(tf.mul(lengths, tf.reshape(tf.slice(wL, [0, i, 0], [T, 1, l]), [T, l])), 1);
    const right = tf.sum(tf.mul(lengths, tf.reshape(tf.slice(wR, [0, i, 0], [T, 1, l]), [T, l])), 1);
    const col = (c: tf.Tensor) => tf.reshape(tf.slice(c, [0, i], [T, 1]), [T]);
    const len = tf.add(tf.add(col(cost), tf.mul(col(opMass), left)), tf.mul(col(rightUse), right));
    lengths = tf.concat([lengths, tf.expandDims(len, 1)], 1);
  }
  return tf.reshape(tf.slice(lengths, [0, V + L - 1], [T, 1]), [T]);
}

/** Op-by-op tfjs reference of the syntax-tree executor (ROAP Figure 7). */
function syntaxTreeReference(wOps: tf.Tensor, wLeaves: tf.Tensor, symbols: tf.Tensor): tf.Tensor {
  const [T, internal] = wOps.shape as [number, number];
  const perTask = symbols.rank === 3 ? symbols : tf.expandDims(symbols, 0);
  let level = tf.matMul(tf.broadcastTo(perTask, [T, ...(perTask.shape.slice(1) as [number, number])]), wLeaves, false, true);
  const vec = (c: Float64Array) => tf.tensor1d(Float32Array.from(c));
  let width = internal + 1;
  while (width > 1) {
    width /= 2;
    const first = width - 1;
    const ops = tf.slice(wOps, [0, first, 0], [T, width, OP_COUNT]);
    const cA = tf.expandDims(tf.sum(tf.mul(ops, vec(COEFF_A)), 2), 1);
    const cB = tf.expandDims(tf.sum(tf.mul(ops, vec(COEFF_B)), 2), 1);
    const cAB = tf.expandDims(tf.sum(tf.mul(ops, vec(COEFF_AB)), 2), 1);
    const pairs = tf.reshape(level, [T, level.shape[1] as number, width, 2]);
    const A = tf.squeeze(tf.slice(pairs, [0, 0, 0, 0], [-1, -1, -1, 1]), [3]);
    const B = tf.squeeze(tf.slice(pairs, [0, 0, 0, 1], [-1, -1, -1, 1]), [3]);
    level = tf.add(tf.add(tf.mul(cA, A), tf.mul(cB, B)), tf.mul(cAB, tf.mul(A, B)));
  }
  return tf.squeeze(level, [2]);
}

describe("fused arithmetic kernels: gradients vs finite differences and op-by-op tfjs", () => {
  beforeAll(async () => {
    await initEngine();
  });

  for (const shared of [true, false]) {
    it(`straight-line executor (${shared ? "shared" : "per-task"} symbols)`, () => {
      const rng = new Rng(shared ? 1 : 2);
      const [T, L, V, N] = [3, 5, 3, 4];
      const wO = randomWeights(rng, T, L, OP_COUNT);
      const wL = randomWeights(rng, T, L, V + L, (i) => V + i);
      const wR = randomWeights(rng, T, L, V + L, (i) => V + i);
      const sShape = shared ? [N, V] : [T, N, V];
      const s = randomSymbols(rng, sShape.reduce((a, b) => a * b, 1));
      checkKernelGradients(straightLineKernel, [wO, wL, wR, s], [[T, L, OP_COUNT], [T, L, V + L], [T, L, V + L], sShape], {
        reference: straightLineReference,
      });
    });
  }

  it("expected program length", () => {
    const rng = new Rng(3);
    const [T, L, V] = [2, 6, 3];
    const wO = randomWeights(rng, T, L, OP_COUNT);
    const wL = randomWeights(rng, T, L, V + L, (i) => V + i);
    const wR = randomWeights(rng, T, L, V + L, (i) => V + i);
    checkKernelGradients(lengthKernel, [wO, wL, wR], [[T, L, OP_COUNT], [T, L, V + L], [T, L, V + L]], {
      reference: lengthReference,
    });
  });

  for (const shared of [true, false]) {
    it(`syntax-tree executor (${shared ? "shared" : "per-task"} symbols)`, () => {
      const rng = new Rng(shared ? 4 : 5);
      const [T, D, V, N] = [2, 3, 3, 4];
      const internal = 2 ** D - 1;
      const wOps = randomWeights(rng, T, internal, OP_COUNT);
      const wLeaves = randomWeights(rng, T, internal + 1, V);
      const sShape = shared ? [N, V] : [T, N, V];
      const s = randomSymbols(rng, sShape.reduce((a, b) => a * b, 1));
      checkKernelGradients(syntaxTreeKernel, [wOps, wLeaves, s], [[T, internal, OP_COUNT], [T, internal + 1, V], sShape], {
        reference: syntaxTreeReference,
      });
    });
  }
});
