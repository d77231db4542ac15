import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initEngine, tf } from "../../src/engine/backend.js";
import { Rng } from "../../src/engine/rng.js";
import { cnn, type SmallCnn } from "../../src/nets/cnn.js";
import { countParams, disposeNets, type Parametric } from "../../src/nets/net.js";
import { expectGradientsReachAll, paramValues, uniformTensor } from "./helpers.js";

const owned: Parametric[] = [];
const make = (seed: number, options = {}): SmallCnn => {
  const net = cnn(new Rng(seed), options);
  owned.push(net);
  return net;
};

beforeAll(async () => {
  // wasm by default: the conv weight gradients use gradsynth's kernels (src/engine/kernels/).
  await initEngine();
});
afterAll(() => disposeNets(...owned));

describe("CNN symbol grounder", () => {
  it("maps 28×28×1 images to one scalar each", () => {
    const net = make(1);
    // conv1 3·3·1·32+32, conv2 3·3·32·64+64, dense 7·7·64·128+128, out 128+1.
    expect(countParams(net)).toBe(320 + 18496 + 401536 + 129);
    const rng = new Rng(2);
    tf.tidy(() => {
      expect(net.apply(uniformTensor(rng, [5, 28, 28, 1], 0, 1)).shape).toEqual([5]);
      expect(net.apply(uniformTensor(rng, [3, 28, 28], 0, 1)).shape).toEqual([3]);
    });
    expect(() => tf.tidy(() => net.apply(tf.zeros([2, 32, 32, 1])))).toThrow(/expected images/);
  });

  it("same seed ⇒ identical parameters and outputs", () => {
    const a = make(5);
    const b = make(5);
    expect(paramValues(b)).toEqual(paramValues(a));
    expect(paramValues(make(6))).not.toEqual(paramValues(a));
    const rng = new Rng(7);
    const x = uniformTensor(rng, [4, 28, 28, 1], 0, 1);
    const ya = tf.tidy(() => Array.from(a.apply(x).dataSync()));
    const yb = tf.tidy(() => Array.from(b.apply(x).dataSync()));
    expect(yb).toEqual(ya);
    x.dispose();
  });

  it("gradients reach every parameter (conv weight gradients on wasm)", () => {
    const net = make(9);
    const rng = new Rng(10);
    const x = uniformTensor(rng, [8, 28, 28, 1], 0, 1);
    const target = uniformTensor(rng, [8], 0.1, 1);
    expectGradientsReachAll(net, () => tf.mean<tf.Scalar>(tf.squaredDifference(net.apply(x), target)));
    tf.dispose([x, target]);
  });

  it("configurable sizes: 3 channels, 16×16, one conv block", () => {
    const net = make(11, { size: 16, channels: 3, conv: [8], dense: 16 });
    const rng = new Rng(12);
    tf.tidy(() => {
      expect(net.apply(uniformTensor(rng, [2, 16, 16, 3])).shape).toEqual([2]);
    });
    expect(() => cnn(new Rng(1), { size: 2, conv: [4, 4] })).toThrow(/pooling stages/);
  });

  it("ten output units: logits [B, 10]; apply (one symbol per image) refuses them", () => {
    const net = make(13, { size: 8, conv: [4], dense: 8, outputs: 10 });
    const rng = new Rng(14);
    const x = uniformTensor(rng, [3, 8, 8, 1], 0, 1);
    expect(tf.tidy(() => net.logits(x).shape)).toEqual([3, 10]);
    expect(() => net.apply(x)).toThrow(/10 outputs/);
    expect(() => cnn(new Rng(1), { outputs: 0 })).toThrow(/outputs/);
    x.dispose();
  });
});
