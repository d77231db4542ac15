import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initEngine, tf } from "../../src/engine/backend.js";
import { Rng } from "../../src/engine/rng.js";
import { glorotUniform, heUniform } from "../../src/nets/init.js";
import { layerNorm, normalizeLastAxis } from "../../src/nets/layerNorm.js";
import { mlp, type Mlp } from "../../src/nets/mlp.js";
import { countParams, disposeNets, type Parametric } from "../../src/nets/net.js";
import { expectGradientsReachAll, paramValues, uniformTensor } from "./helpers.js";

const owned: Parametric[] = [];
const keep = <N extends Parametric>(net: N): N => (owned.push(net), net);

beforeAll(async () => {
  await initEngine();
});
afterAll(() => disposeNets(...owned));

describe("initialisers", () => {
  it("He and Glorot uniform stay within their bounds, are seeded, and have the right variance", () => {
    const he = heUniform([200, 300], 200, new Rng(1));
    const bound = Math.sqrt(6 / 200);
    expect(Math.max(...he.map(Math.abs))).toBeLessThanOrEqual(bound);
    const variance = he.reduce((s, v) => s + v * v, 0) / he.length;
    expect(variance).toBeCloseTo(2 / 200, 3); // He: Var = 2 / fanIn
    expect(Array.from(heUniform([200, 300], 200, new Rng(1)))).toEqual(Array.from(he));
    expect(Array.from(heUniform([200, 300], 200, new Rng(2)))).not.toEqual(Array.from(he));
    const glorot = glorotUniform([100, 50], 100, 50, new Rng(3));
    expect(Math.max(...glorot.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 150));
  });
});

describe("LayerNorm", () => {
  it("normalises each row to mean 0 and variance 1, and starts as the identity affine map", () => {
    const rng = new Rng(5);
    const norm = keep(layerNorm(64));
    expect(Array.from(norm.gain.dataSync()).every((g) => g === 1)).toBe(true);
    expect(Array.from(norm.shift.dataSync()).every((b) => b === 0)).toBe(true);
    const [raw, out] = tf.tidy(() => {
      const x = tf.add(tf.mul(uniformTensor(rng, [16, 64], -3, 3), 2), 5);
      return [normalizeLastAxis(x).arraySync() as number[][], norm.apply(x).arraySync() as number[][]];
    });
    expect(out).toEqual(raw); // identity affine part
    for (const row of raw) {
      const mean = row.reduce((a, b) => a + b, 0) / row.length;
      const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / row.length;
      expect(Math.abs(mean)).toBeLessThan(1e-5);
      expect(Math.abs(variance - 1)).toBeLessThan(1e-4);
    }
  });
});

describe("MLP", () => {
  const make = (seed: number): Mlp => keep(mlp(new Rng(seed), { inputs: 5, outputs: 7, hidden: [16, 12] }));

  it("maps [..., in] to [..., out] and has the expected parameters", () => {
    const net = make(1);
    // 2 hidden layers: (W, b, γ, β) each; output (W, b).
    expect(net.params().length).toBe(10);
    expect(countParams(net)).toBe(5 * 16 + 16 + 2 * 16 + 16 * 12 + 12 + 2 * 12 + 12 * 7 + 7);
    tf.tidy(() => {
      expect(net.apply(tf.zeros([3, 5])).shape).toEqual([3, 7]);
      expect(net.apply(tf.zeros([2, 4, 5])).shape).toEqual([2, 4, 7]);
    });
    expect(() => tf.tidy(() => net.apply(tf.zeros([3, 4])))).toThrow(/last axis 5/);
  });

  it("same seed ⇒ identical parameters and outputs; another seed ⇒ different", () => {
    const a = make(42);
    const b = make(42);
    const c = make(43);
    expect(paramValues(b)).toEqual(paramValues(a));
    expect(paramValues(c)).not.toEqual(paramValues(a));
    const rng = new Rng(9);
    const [ya, yb] = tf.tidy(() => {
      const x = uniformTensor(rng, [8, 5]);
      return [Array.from(a.apply(x).dataSync()), Array.from(b.apply(x).dataSync())];
    });
    expect(yb).toEqual(ya);
  });

  it("gradients reach every parameter", () => {
    const net = make(7);
    const rng = new Rng(3);
    const x = uniformTensor(rng, [32, 5]);
    const target = uniformTensor(rng, [32, 7]);
    expectGradientsReachAll(net, () => tf.mean<tf.Scalar>(tf.squaredDifference(net.apply(x), target)));
    tf.dispose([x, target]);
  });

  it("applied to the first layer's product x·W₁ gives what it gives on x, with or without hidden layers and LayerNorm", () => {
    const rng = new Rng(4);
    for (const options of [{ hidden: [8, 8] }, { hidden: [8], layerNorm: false }, { hidden: [] }]) {
      const net = keep(mlp(new Rng(5), { inputs: 3, outputs: 2, ...options }));
      const x = uniformTensor(rng, [10, 3]) as tf.Tensor2D;
      const [direct, viaProduct] = tf.tidy(() => [net.apply(x), net.applyToProduct(tf.matMul(x, net.firstWeight as tf.Tensor2D))].map((t) => Array.from(t.dataSync())));
      expect(viaProduct).toEqual(direct);
      expect(() => tf.tidy(() => net.applyToProduct(tf.zeros<tf.Rank.R2>([10, 3])))).toThrow(/first-layer product \[M, (8|2)\]/u);
      x.dispose();
    }
  });

  it("without LayerNorm has only the dense parameters", () => {
    const net = keep(mlp(new Rng(1), { inputs: 3, outputs: 2, hidden: [4], layerNorm: false }));
    expect(net.params().length).toBe(4);
  });
});

describe("LayerNorm's closed-form backward pass", () => {
  it("gives the gradients of differentiating the op-by-op normalisation", () => {
    const rng = new Rng(9);
    const norm = keep(layerNorm(6));
    tf.tidy(() => {
      norm.gain.assign(uniformTensor(rng, [6], 0.5, 1.5));
      norm.shift.assign(uniformTensor(rng, [6]));
      const x = uniformTensor(rng, [2, 5, 6], -2, 3);
      const weights = uniformTensor(rng, [2, 5, 6]);
      const reference = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(weights, tf.add(tf.mul(normalizeLastAxis(a), g), b))))([x, norm.gain, norm.shift]);
      const opGrads = tf.grads((a: tf.Tensor) => tf.sum(tf.mul(weights, norm.apply(a))))([x]);
      const [dx, dGain, dShift] = reference.map((t) => Array.from(t.dataSync()));
      Array.from((opGrads[0] as tf.Tensor).dataSync()).forEach((v, k) => expect(v).toBeCloseTo(dx?.[k] as number, 4));
      const { grads } = tf.variableGrads(() => tf.sum<tf.Scalar>(tf.mul(weights, norm.apply(x))), [norm.gain, norm.shift]);
      Array.from((grads[norm.gain.name] as tf.Tensor).dataSync()).forEach((v, k) => expect(v).toBeCloseTo(dGain?.[k] as number, 4));
      Array.from((grads[norm.shift.name] as tf.Tensor).dataSync()).forEach((v, k) => expect(v).toBeCloseTo(dShift?.[k] as number, 4));
    });
  });
});
