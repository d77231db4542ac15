import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initEngine, tf } from "../../src/engine/backend.js";
import { Rng } from "../../src/engine/rng.js";
import { groupNorm, groupsFor } from "../../src/nets/groupNorm.js";
import { countParams, disposeNets, type Parametric } from "../../src/nets/net.js";
import { resnet18 } from "../../src/nets/resnet.js";
import { expectGradientsReachAll, paramValues, uniformTensor } from "./helpers.js";

const owned: Parametric[] = [];
const keep = <N extends Parametric>(net: N): N => (owned.push(net), net);

beforeAll(async () => {
  await initEngine();
});
afterAll(() => disposeNets(...owned));

/** Parameters of ResNet-18 at first-stage width w, 1 input channel, 1 output: convs (no bias) + GroupNorm γ, β + dense. */
function resnet18Params(w: number): number {
  const conv = (k: number, cin: number, cout: number) => k * k * cin * cout + 2 * cout;
  let total = conv(7, 1, w);
  let cin = w;
  for (let stage = 0; stage < 4; stage++) {
    const cout = w * 2 ** stage;
    total += conv(3, cin, cout) + conv(3, cout, cout) + (cin !== cout ? conv(1, cin, cout) : 0); // first block
    total += 2 * conv(3, cout, cout); // second block
    cin = cout;
  }
  return total + cin + 1;
}

describe("GroupNorm (Wu & He 2018)", () => {
  it("normalises every group of every image to mean 0 and variance 1, independently of the other images", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.constantFrom(4, 8, 64), fc.integer({ min: 1, max: 1000 }), (batch, channels, seed) => {
        const norm = groupNorm(channels);
        const rng = new Rng(seed);
        const [alone, together, values] = tf.tidy(() => {
          const x = tf.add<tf.Tensor4D>(tf.mul(uniformTensor(rng, [batch, 3, 3, channels], -2, 2), 3), 1);
          const other = uniformTensor(rng, [1, 3, 3, channels], -9, 9) as tf.Tensor4D;
          const y = norm.apply(x);
          return [Array.from(y.dataSync()), Array.from(tf.slice(norm.apply(tf.concat([x, other], 0)), 0, batch).dataSync()), y.arraySync()];
        });
        disposeNets(norm);
        expect(together.map((v, k) => Math.abs(v - (alone[k] as number))).every((d) => d < 1e-5)).toBe(true);
        const size = channels / norm.groups;
        for (const image of values) {
          for (let g = 0; g < norm.groups; g++) {
            const group = image.flat().flatMap((pixel) => pixel.slice(g * size, (g + 1) * size));
            const mean = group.reduce((a, b) => a + b, 0) / group.length;
            const variance = group.reduce((a, b) => a + (b - mean) ** 2, 0) / group.length;
            expect(Math.abs(mean)).toBeLessThan(1e-4);
            expect(Math.abs(variance - 1)).toBeLessThan(1e-3);
          }
        }
      }),
      { numRuns: 12, seed: 17 },
    );
    expect([8, 16, 48, 64, 100, 512, 1024].map(groupsFor)).toEqual([1, 1, 3, 4, 5, 32, 32]);
  });
});

describe("ResNet-18 symbol grounder (ROAP §4.1, GroupNorm for BatchNorm)", () => {
  it("has ResNet-18's layers and maps 28×28 images to one scalar each", () => {
    const net = keep(resnet18(new Rng(1), { width: 8 }));
    expect(countParams(net)).toBe(resnet18Params(8));
    // torchvision's resnet18 has 11 689 512: 512·1000 + 1000 in its fc, 3 input channels, and
    // BatchNorm's γ, β where GroupNorm has the same γ, β; with one input channel and one output:
    expect(resnet18Params(64)).toBe(11_689_512 - (512 * 1000 + 1000) + (512 + 1) - 7 * 7 * 2 * 64);
    const rng = new Rng(2);
    tf.tidy(() => {
      expect(net.apply(uniformTensor(rng, [3, 28, 28, 1], 0, 1)).shape).toEqual([3]);
      expect(net.apply(uniformTensor(rng, [2, 28, 28], 0, 1)).shape).toEqual([2]);
    });
    expect(() => tf.tidy(() => net.apply(tf.zeros([2, 32, 32, 1])))).toThrow(/expected images/);
    expect(() => resnet18(new Rng(1), { width: 0 })).toThrow(/width must be a positive integer/);
  });

  it("takes 32×32×3 images (CIFAR-10) and is deterministic under its seed", () => {
    const a = keep(resnet18(new Rng(5), { size: 32, channels: 3, width: 4 }));
    const b = keep(resnet18(new Rng(5), { size: 32, channels: 3, width: 4 }));
    expect(paramValues(b)).toEqual(paramValues(a));
    expect(paramValues(keep(resnet18(new Rng(6), { size: 32, channels: 3, width: 4 })))).not.toEqual(paramValues(a));
    const x = uniformTensor(new Rng(7), [2, 32, 32, 3], 0, 1);
    const ya = tf.tidy(() => Array.from(a.apply(x).dataSync()));
    expect(tf.tidy(() => Array.from(b.apply(x).dataSync()))).toEqual(ya);
    x.dispose();
  });

  it("gradients reach every parameter, and the output unit starts where it is told", () => {
    const net = keep(resnet18(new Rng(9), { width: 4, outputBias: 0.55, outputScale: 0 }));
    const rng = new Rng(10);
    const x = uniformTensor(rng, [4, 28, 28, 1], 0, 1);
    expect(tf.tidy(() => Array.from(net.apply(x).dataSync()))).toEqual([0.55, 0.55, 0.55, 0.55].map(Math.fround));
    const target = uniformTensor(rng, [4], 0.1, 1);
    const live = keep(resnet18(new Rng(9), { width: 4 }));
    expectGradientsReachAll(live, () => tf.mean<tf.Scalar>(tf.squaredDifference(live.apply(x), target)));
    tf.dispose([x, target]);
  });
});
