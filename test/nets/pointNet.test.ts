import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initEngine, tf } from "../../src/engine/backend.js";
import { Rng } from "../../src/engine/rng.js";
import { disposeNets, type Parametric } from "../../src/nets/net.js";
import { pointNet, type PointNet } from "../../src/nets/pointNet.js";
import { splitStraightLineLogits, straightLineLayout } from "../../src/lang/arith/relaxed/executors.js";
import { maxOverSet } from "../../src/nets/pool.js";
import { setMaxFits } from "../../src/nets/setMaxHeap.js";
import { expectGradientsReachAll, paramValues, uniformTensor } from "./helpers.js";

/** Small sizes so the suite stays fast; the structure is ROAP's (V symbols, an L-line sketch over 4 ops). */
const V = 3;
const L = 5;
const options = { vars: V, outputSize: straightLineLayout(V, L).size, hidden: [16, 16], features: 8 };
/** The net's output read as a straight-line sketch's logits, as ROAP's head reads it. */
const sketch = (net: PointNet, y: tf.Tensor, s: tf.Tensor) => splitStraightLineLogits(net.apply(y, s), V, L);

const owned: Parametric[] = [];
const make = (seed: number): PointNet => {
  const net = pointNet(new Rng(seed), options);
  owned.push(net);
  return net;
};

beforeAll(async () => {
  await initEngine();
});
afterAll(() => disposeNets(...owned));

/** The three logit arrays as plain arrays. */
function logits(net: PointNet, y: tf.Tensor, s: tf.Tensor): { op: Float32Array; left: Float32Array; right: Float32Array } {
  return tf.tidy(() => {
    const z = sketch(net, y, s);
    return { op: Float32Array.from(z.op.dataSync()), left: Float32Array.from(z.left.dataSync()), right: Float32Array.from(z.right.dataSync()) };
  });
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst;
}

describe("maxOverSet", () => {
  // [2, 5, 3]: the tfjs path (F not a multiple of 4); the others: the WebAssembly kernel on wasm.
  for (const shape of [[2, 5, 3], [3, 5, 8], [2, 1, 4], [4, 7, 12]] as [number, number, number][]) {
    it(`has tf.max(x, 1)'s values and gradient, ties and negative maxima included: [${shape.join(", ")}]`, () => {
      const [B, N, F] = shape;
      const rng = new Rng(30);
      const base = Float32Array.from({ length: B * N * F }, () => rng.normal());
      if (N > 1) {
        base[0] = 5; // a tie in column 0 of set 0 at its maximum …
        base[F] = 5;
        for (let n = 0; n < N; n++) base[(B - 1) * N * F + n * F + 1] = -3 - n; // … and an all-negative column
      }
      const x = tf.tensor(base, shape);
      const w = tf.tensor(Float32Array.from({ length: B * F }, () => rng.normal()), [B, F]);
      expect(setMaxFits(x)).toBe(F % 4 === 0);
      const before = tf.memory().numTensors;
      const ours = tf.tidy(() => [maxOverSet(x), tf.grad((t: tf.Tensor) => tf.sum(tf.mul(maxOverSet(t), w)))(x)].map((t) => Array.from(t.dataSync())));
      expect(tf.memory().numTensors).toBe(before);
      const theirs = tf.tidy(() => [tf.max(x, 1), tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.max(t, 1), w)))(x)].map((t) => Array.from(t.dataSync())));
      // Equal values; a gradient's zeros may differ in sign (tfjs's 0 · dy is −0 where dy < 0).
      const unsignedZeros = (arrays: number[][]) => arrays.map((a) => a.map((v) => v + 0));
      expect(unsignedZeros(ours)).toEqual(unsignedZeros(theirs));
      if (N > 1) {
        expect(ours[1]?.[0]).not.toBe(0);
        expect(ours[1]?.[F]).toBe(ours[1]?.[0]);
      }
      tf.dispose([x, w]);
    });
  }
});

describe("maxOverSet near ties", () => {
  // 1 and the float32 just below it (1 − 2⁻²⁴) differ by 6e-8: tfjs wasm's Sign returns 0 for that
  // difference, so a mask 1 − sign(max − x) took both as maxima. Only the maximum gets the gradient.
  for (const F of [3, 4]) {
    it(`gives the gradient to the maximum only, not to an element 6e-8 below it (F = ${F})`, () => {
      const below = Math.fround(1 - 2 ** -24);
      const x = tf.tensor(Float32Array.from({ length: 2 * F }, (_, i) => (i < F ? 1 : below)), [1, 2, F]);
      const grad = tf.tidy(() => Array.from(tf.grad((t: tf.Tensor) => tf.sum(maxOverSet(t)))(x).dataSync()));
      expect(grad).toEqual([...Array<number>(F).fill(1), ...Array<number>(F).fill(0)]);
      x.dispose();
    });
  }
});

describe("PointNet program synthesizer (ROAP §3.2)", () => {
  it("produces zO [T, L, 4], zL and zR [T, L, V+L] from shared [N, V] and per-task [T, N, V] symbols", () => {
    const net = make(1);
    const rng = new Rng(2);
    tf.tidy(() => {
      const y = uniformTensor(rng, [6, 10]);
      for (const s of [uniformTensor(rng, [10, V]), uniformTensor(rng, [6, 10, V])]) {
        const z = sketch(net, y, s);
        expect(z.op.shape).toEqual([6, L, 4]);
        expect(z.left.shape).toEqual([6, L, V + L]);
        expect(z.right.shape).toEqual([6, L, V + L]);
      }
    });
    for (const badShape of [[9, V], [6, 10, V + 1]]) {
      expect(() =>
        tf.tidy(() => {
          net.apply(tf.zeros([6, 10]), tf.zeros(badShape));
        }),
      ).toThrow(/symbols must be/);
    }
  });

  it("shared symbols give the same logits as the same symbols repeated for every task", () => {
    const net = make(3);
    const rng = new Rng(4);
    const y = uniformTensor(rng, [4, 7]);
    const s = uniformTensor(rng, [7, V]);
    const tiled = tf.tile(tf.expandDims(s, 0), [4, 1, 1]);
    const a = logits(net, y, s);
    const b = logits(net, y, tiled);
    expect(maxDiff(a.op, b.op)).toBeLessThan(1e-6);
    expect(maxDiff(a.left, b.left)).toBeLessThan(1e-6);
    expect(maxDiff(a.right, b.right)).toBeLessThan(1e-6);
    tf.dispose([y, s, tiled]);
  });

  it("each task's logits depend only on that task's examples", () => {
    const net = make(5);
    const rng = new Rng(6);
    const y = uniformTensor(rng, [3, 8]);
    const s = uniformTensor(rng, [3, 8, V]);
    const all = logits(net, y, s);
    const one = tf.tidy(() => logits(net, tf.slice(y, [1, 0], [1, 8]), tf.slice(s, [1, 0, 0], [1, 8, V])));
    expect(maxDiff(all.op.slice(L * 4, 2 * L * 4), one.op)).toBeLessThan(1e-5);
    tf.dispose([y, s]);
  });

  it("is invariant to the order of the N examples (property, per-task and shared symbols)", () => {
    const net = make(7);
    const T = 3;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
            perm: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
            shared: fc.boolean(),
          }),
        ),
        ({ n, seed, perm, shared }) => {
          const rng = new Rng(seed);
          const y = uniformTensor(rng, [T, n], -2, 2);
          const s = shared ? uniformTensor(rng, [n, V], 0.1, 1) : uniformTensor(rng, [T, n, V], 0.1, 1);
          const index = tf.tensor1d(perm, "int32");
          const yp = tf.gather(y, index, 1);
          const sp = tf.gather(s, index, shared ? 0 : 1);
          const a = logits(net, y, s);
          const b = logits(net, yp, sp);
          tf.dispose([y, s, index, yp, sp]);
          expect(maxDiff(a.op, b.op)).toBeLessThan(1e-5);
          expect(maxDiff(a.left, b.left)).toBeLessThan(1e-5);
          expect(maxDiff(a.right, b.right)).toBeLessThan(1e-5);
        },
      ),
      { numRuns: 40, seed: 20230701 },
    );
  });

  it("same seed ⇒ identical parameters and logits", () => {
    const a = make(11);
    const b = make(11);
    const c = make(12);
    expect(paramValues(b)).toEqual(paramValues(a));
    expect(paramValues(c)).not.toEqual(paramValues(a));
    const rng = new Rng(13);
    const y = uniformTensor(rng, [5, 9]);
    const s = uniformTensor(rng, [9, V]);
    const za = logits(a, y, s);
    const zb = logits(b, y, s);
    expect(Array.from(zb.op)).toEqual(Array.from(za.op));
    expect(Array.from(zb.left)).toEqual(Array.from(za.left));
    expect(Array.from(zb.right)).toEqual(Array.from(za.right));
    tf.dispose([y, s]);
  });

  it("gradients reach every parameter of all four MLPs, and the symbols", () => {
    const net = make(17);
    expect(net.params().length).toBe(4 * 10);
    const rng = new Rng(18);
    const y = uniformTensor(rng, [4, 16]);
    const s = tf.variable(uniformTensor(rng, [16, V], 0.1, 1));
    // Any scalar that touches all three logit arrays.
    const loss = (): tf.Scalar =>
      tf.tidy(() => {
        const z = sketch(net, y, s);
        return tf.addN([tf.sum(tf.square(z.op)), tf.sum(tf.sin(z.left)), tf.sum(tf.mul(z.right, z.right))]) as tf.Scalar;
      });
    expectGradientsReachAll({ params: () => [...net.params(), s] }, loss);
    tf.dispose([y, s]);
  });

  it("computes ROAP's equations: each MLP on the explicit concatenations [y_i; s_ij] and [y_i; s_i], values and gradients", () => {
    const net = make(21);
    const rng = new Rng(22);
    const [T, N] = [3, 6];
    const y = uniformTensor(rng, [T, N], -2, 2);
    for (const s of [tf.variable(uniformTensor(rng, [N, V], 0.1, 1)), tf.variable(uniformTensor(rng, [T, N, V], 0.1, 1))]) {
      // §3.2 written out: h_out = max_i MLP_out(y_i), h_rel[j] = max_i MLP_rel([y_i; s_ij]), h_io = max_i MLP_io([y_i; s_i]).
      const explicit = (): tf.Tensor =>
        tf.tidy(() => {
          const yi = tf.reshape(y, [T, N, 1]);
          const si = s.rank === 2 ? tf.tile(tf.expandDims(s, 0), [T, 1, 1]) : s;
          const hOut = tf.max(net.mlpOut.apply(yi), 1);
          const pairs = tf.stack([tf.tile(yi, [1, 1, V]), si], 3);
          const hRel = tf.reshape(tf.max(net.mlpRel.apply(pairs), 1), [T, -1]);
          const hIo = tf.max(net.mlpIo.apply(tf.concat([yi, si], 2)), 1);
          return net.mlpProg.apply(tf.concat([hOut, hIo, hRel], 1));
        });
      const ours = (): tf.Tensor => net.apply(y, s);
      const weights = uniformTensor(rng, [T, options.outputSize], -1, 1);
      const grads = (f: () => tf.Tensor) =>
        tf.tidy(() => {
          const { value, grads: g } = tf.variableGrads(() => tf.sum<tf.Scalar>(tf.mul(f(), weights)), [s, net.mlpRel.firstWeight, net.mlpIo.firstWeight]);
          return [value, ...Object.values(g)].map((t) => Float32Array.from(t.dataSync()));
        });
      const [a, b] = [grads(ours), grads(explicit)];
      a.forEach((values, k) => expect(maxDiff(values, b[k] as Float32Array)).toBeLessThan(1e-4));
      expect(maxDiff(tf.tidy(() => ours().dataSync() as Float32Array), tf.tidy(() => explicit().dataSync() as Float32Array))).toBeLessThan(1e-5);
      tf.dispose([s, weights]);
    }
    y.dispose();
  });

  it("does not leak tensors", () => {
    const net = make(19);
    const rng = new Rng(20);
    const y = uniformTensor(rng, [2, 4]);
    const s = uniformTensor(rng, [4, V]);
    const before = tf.memory().numTensors;
    const z = net.apply(y, s);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([z, y, s]);
  });
});
