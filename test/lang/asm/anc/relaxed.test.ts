import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { initEngine, tf } from "../../../../src/engine/backend.js";
import { fusedOp, runForward } from "../../../../src/engine/fused.js";
import { Rng } from "../../../../src/engine/rng.js";
import { initialAncState, stepAnc, type AncState } from "../../../../src/lang/asm/anc/evaluate.js";
import { parseAnc } from "../../../../src/lang/asm/anc/parse.js";
import { ancMachineInputs, ancMachineKernel, ancStateLayout, ANC_HALTINGS, ANC_OP_COUNT, oneHotTapes } from "../../../../src/lang/asm/anc/relaxed/index.js";
import { ancMachineReference } from "../../../../src/lang/asm/anc/relaxed/machineReference.js";
import { makeTask } from "../../../../src/lang/asm/tasks.js";
import { checkKernelGradients, expectClose } from "../../../helpers/checkGrad.js";

const example = (name: string): string => readFileSync(new URL(`../../../../examples/asm/anc/${name}.anc`, import.meta.url), "utf8");

/** The one-hot state vector of an exact state, in the kernel's layout. */
function encodeState(state: AncState, M: number, nR: number): Float64Array {
  const layout = ancStateLayout(M, nR);
  const s = new Float64Array(layout.size);
  s[layout.ir + state.ir] = 1;
  state.registers.forEach((v, r) => (s[layout.registers + r * M + v] = 1));
  state.memory.forEach((v, c) => (s[layout.memory + c * M + v] = 1));
  s[layout.halt] = state.halted ? 1 : 0;
  return s;
}

describe("relaxed ANC machine with one-hot controller = exact interpreter", () => {
  it.each([
    ["access", 10, 10],
    ["increment", 7, 50],
    ["swap", 10, 15],
  ] as const)("%s.anc, base %i, %i steps, on sampled memories", (name, M, K) => {
    const program = parseAnc(example(name));
    const task = makeTask(name);
    expect(task.base).toBe(M);
    const rng = new Rng(11);
    const tapes: number[][] = [];
    for (let k = 0; k < 12; k++) tapes.push([...task.sample(rng).memory]);
    for (let k = 0; k < 4; k++) tapes.push(Array.from({ length: M }, () => rng.int(M)));
    const flat = rng.int(M);
    const enc = ancMachineInputs(program, M, { flat });
    const nR = program.registers.length;
    const kernel = ancMachineKernel(K);
    const memory = oneHotTapes(tapes, M);
    const s = enc.shapes;
    const { out, shape } = runForward(
      kernel,
      [enc.ops, enc.arg1, enc.arg2, enc.out, enc.registers, memory],
      [s.ops, s.arg1, s.arg2, s.out, s.registers, [tapes.length, M, M]],
      (n) => new Float64Array(n),
    );
    const S = ancStateLayout(M, nR).size;
    expect(shape).toEqual([tapes.length, K, S]);
    let halted = 0;
    tapes.forEach((tape, e) => {
      let state = initialAncState(program, tape, { base: M, flat });
      for (let t = 0; t < K; t++) {
        const got = out.subarray((e * K + t) * S, (e * K + t + 1) * S);
        if (state.halted) {
          // After the STOP step the exact machine stays put and the relaxed one steps on (as ANC's
          // does); only the halting probability is comparable: it stays 1.
          expect(got[S - 1]).toBe(1);
          continue;
        }
        state = stepAnc(program, state, M);
        const expected = encodeState(state, M, nR);
        for (let i = 0; i < S; i++) {
          if (Math.abs((got[i] as number) - (expected[i] as number)) > 1e-12) {
            expect.fail(`${name}, tape ${tape.join(",")}, step ${t + 1}: entry ${i} is ${got[i]}, expected ${expected[i]}`);
          }
        }
      }
      if (state.halted) halted++;
    });
    // The task's tapes halt within ANC's budgets, so the steps after STOP are exercised too.
    expect(halted).toBeGreaterThanOrEqual(12);
  });
});

/** Random rows, each a distribution (softmax of normals) of width `width`. */
function randomRows(rng: Rng, rows: number, width: number, mass = 1): Float64Array {
  const out = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    let total = 0;
    for (let j = 0; j < width; j++) {
      const v = Math.exp(rng.normal());
      out[r * width + j] = v;
      total += v;
    }
    for (let j = 0; j < width; j++) out[r * width + j] = (mass * (out[r * width + j] as number)) / total;
  }
  return out;
}

/** Random controller, registers and tapes for sizes (M, nR, L, B); `outMass` < 1 leaves some writes partial. */
function randomMachine(rng: Rng, [M, nR, L, B]: readonly number[], outMass = 1): { inputs: Float64Array[]; shapes: number[][] } {
  const m = M as number;
  const r = nR as number;
  const l = L as number;
  const b = B as number;
  return {
    inputs: [
      randomRows(rng, l, ANC_OP_COUNT),
      randomRows(rng, l, r),
      randomRows(rng, l, r),
      randomRows(rng, l, r, outMass),
      randomRows(rng, r, m),
      randomRows(rng, b * m, m),
    ],
    shapes: [[l, ANC_OP_COUNT], [l, r], [l, r], [l, r], [r, m], [b, m, m]],
  };
}

describe("relaxed ANC machine: halting rules", () => {
  it("eq. 11's running max does not accumulate a constant per-step stop probability; ANC's cumulative h does", () => {
    // Every line (L = M, so no implicit STOP lines) is STOP with probability s, whatever IR holds.
    const [M, nR, K, s] = [4, 2, 6, 0.06];
    const rng = new Rng(3);
    const ops = new Float64Array(M * ANC_OP_COUNT);
    for (let l = 0; l < M; l++) for (let k = 0; k < ANC_OP_COUNT; k++) ops[l * ANC_OP_COUNT + k] = k === 0 ? s : (1 - s) / (ANC_OP_COUNT - 1);
    const inputs = [ops, randomRows(rng, M, nR), randomRows(rng, M, nR), randomRows(rng, M, nR), randomRows(rng, nR, M), randomRows(rng, M, M)];
    const shapes = [[M, ANC_OP_COUNT], [M, nR], [M, nR], [M, nR], [nR, M], [1, M, M]];
    const layout = ancStateLayout(M, nR);
    const haltAt = (halting: (typeof ANC_HALTINGS)[number]): number[] => {
      const { out } = runForward(ancMachineKernel(K, halting), inputs, shapes, (n) => new Float64Array(n));
      return Array.from({ length: K }, (_, t) => out[t * layout.size + layout.halt] as number);
    };
    haltAt("max").forEach((h) => expect(h).toBeCloseTo(s, 12));
    haltAt("cumulative").forEach((h, t) => expect(h).toBeCloseTo(1 - (1 - s) ** (t + 1), 12));
  });

  it("rejects an unknown halting rule", () => {
    expect(() => ancMachineKernel(3, "sum" as never)).toThrow(/halting must be one of max, cumulative/);
  });
});

describe("relaxed ANC machine: gradients", () => {
  beforeAll(async () => {
    await initEngine();
  });

  it.each(ANC_HALTINGS)("float64 backward = central finite differences (M = 5, 2 registers, 3 lines, K = 4, B = 2; halting %s)", (halting) => {
    const rng = new Rng(5);
    const K = 4;
    const { inputs, shapes } = randomMachine(rng, [5, 2, 3, 2], 0.9);
    checkKernelGradients(ancMachineKernel(K, halting), inputs, shapes, { fdTolerance: 1e-6, reference: ancMachineReference(K, halting) });
  });

  it.each(ANC_HALTINGS)("a full-width controller (L = M) and sharp ops (halting %s)", (halting) => {
    const rng = new Rng(6);
    const [M, nR, L, K, B] = [4, 3, 4, 3, 1];
    const ops = randomRows(rng, L, ANC_OP_COUNT);
    // Make every line mostly one op, cycling through all 11, so each closed form carries weight.
    for (let l = 0; l < L; l++) ops[l * ANC_OP_COUNT + ((3 * l + 2) % ANC_OP_COUNT)] = 5;
    const inputs = [ops, randomRows(rng, L, nR), randomRows(rng, L, nR), randomRows(rng, L, nR), randomRows(rng, nR, M), randomRows(rng, B * M, M)];
    const shapes = [[L, ANC_OP_COUNT], [L, nR], [L, nR], [L, nR], [nR, M], [B, M, M]];
    checkKernelGradients(ancMachineKernel(K, halting), inputs, shapes, { fdTolerance: 1e-6, reference: ancMachineReference(K, halting) });
  });

  it.each(ANC_HALTINGS)("the op-by-op reference reproduces every state of the float64 kernel (float32, L < M; halting %s)", (halting) => {
    // checkKernelGradients compares the reference through Σ w ⊙ output and its gradients; this checks
    // the [B, K, S] states entry by entry, so a layout slip cannot hide in the weighted sum.
    const rng = new Rng(9);
    const K = 5;
    const { inputs, shapes } = randomMachine(rng, [6, 2, 4, 3], 0.8);
    const { out, shape } = runForward(ancMachineKernel(K, halting), inputs, shapes, (n) => new Float64Array(n));
    tf.tidy(() => {
      const xs = inputs.map((x, k) => tf.tensor(Float32Array.from(x), shapes[k], "float32"));
      const [ops, arg1, arg2, outRows, registers, memory] = xs as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const ref = ancMachineReference(K, halting)(ops, arg1, arg2, outRows, registers, memory);
      expect(ref.shape).toEqual(shape);
      expectClose("reference states", ref.dataSync(), out, 1e-5);
    });
  });

  it("runs as a tfjs op (float32) with gradients matching the float64 kernel", () => {
    const rng = new Rng(8);
    const { inputs, shapes } = randomMachine(rng, [5, 2, 3, 2]);
    const kernel = ancMachineKernel(3);
    const base = runForward(kernel, inputs, shapes, (n) => new Float64Array(n));
    const dOut = Float64Array.from(base.out, () => rng.normal());
    const grads = shapes.map((s) => new Float64Array(s.reduce((a, b) => a * b, 1)));
    kernel.backward(inputs, shapes, base.saved, dOut, grads);
    const op = fusedOp(kernel);
    tf.tidy(() => {
      const xs = inputs.map((x, k) => tf.tensor(Float32Array.from(x), shapes[k], "float32"));
      const w = tf.tensor(Float32Array.from(dOut), base.shape, "float32");
      const { value, grads: g } = tf.valueAndGrads((...t: tf.Tensor[]) => tf.sum<tf.Scalar>(tf.mul(op(...t), w)))(xs);
      let expected = 0;
      base.out.forEach((v, i) => (expected += v * (dOut[i] as number)));
      expect(value.dataSync()[0]).toBeCloseTo(expected, 3);
      g.forEach((gk, k) => {
        const got = gk.dataSync();
        const want = grads[k] as Float64Array;
        for (let i = 0; i < want.length; i++) expect(Math.abs((got[i] as number) - (want[i] as number))).toBeLessThan(1e-4 * Math.max(1, Math.abs(want[i] as number)));
      });
    });
  });
});
