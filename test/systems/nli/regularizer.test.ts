import { beforeAll, describe, expect, it } from "vitest";
import { initEngine, tf } from "../../../src/engine/backend.js";
import { Rng } from "../../../src/engine/rng.js";
import { leaveOneOutPool, meanPool } from "../../../src/systems/nli/inductor.js";
import { expectedUniqueTokens } from "../../../src/systems/nli/regularizer.js";

beforeAll(async () => {
  await initEngine();
});

const value = (q: number[][]): number => tf.tidy(() => expectedUniqueTokens(tf.tensor2d(q)).dataSync()[0] as number);

describe("encoder regularizer (expected number of unique tokens)", () => {
  it("counts the distinct tokens of one-hot programs", () => {
    // Slots use tokens 0, 2, 2 out of 4: two distinct tokens (up to the 1e-6 cap of q).
    expect(value([[1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 1, 0]])).toBeCloseTo(2, 5);
    expect(value([[0, 1, 0], [0, 1, 0]])).toBeCloseTo(1, 5);
  });

  it("matches hand-computed values on soft programs", () => {
    // Two slots, each ½/½ over two tokens: each token is unused with probability ¼ → 2 · ¾.
    expect(value([[0.5, 0.5], [0.5, 0.5]])).toBeCloseTo(1.5, 6);
    // One slot (0.2, 0.3, 0.5): Σ_k q_k = 1 exactly.
    expect(value([[0.2, 0.3, 0.5]])).toBeCloseTo(1, 6);
    // Slots (0.9, 0.1) and (0.4, 0.6): 1 − 0.1·0.6 + 1 − 0.9·0.4 = 0.94 + 0.64.
    expect(value([[0.9, 0.1], [0.4, 0.6]])).toBeCloseTo(1.58, 6);
  });

  it("has the gradient ∂/∂q_jk = Π_{j'≠j} (1 − q_j'k)", () => {
    const rng = new Rng(9);
    const q = Array.from({ length: 4 }, () => Array.from({ length: 3 }, () => 0.05 + 0.9 * rng.next()));
    const grad = tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => expectedUniqueTokens(x))(tf.tensor2d(q)).dataSync()));
    q.forEach((row, j) =>
      row.forEach((_, k) => {
        const expected = q.reduce((prod, other, jj) => (jj === j ? prod : prod * (1 - (other[k] as number))), 1);
        expect(grad[j * 3 + k]).toBeCloseTo(expected, 5);
      }),
    );
  });
});

describe("pooling over specification pairs", () => {
  it("mean-pools and leaves one pair out", () => {
    tf.tidy(() => {
      // One task, three pairs, T = 1, D = 2.
      const e = tf.tensor4d([[[[1, 2]], [[3, 5]], [[8, 0]]]]);
      expect(Array.from(meanPool(e).dataSync())).toEqual([4, 7 / 3].map((v) => Math.fround(v)));
      const loo = Array.from(leaveOneOutPool(e).dataSync());
      const expected = [5.5, 2.5, 4.5, 1, 2, 3.5];
      loo.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 6));
      expect(() => leaveOneOutPool(tf.zeros([1, 1, 1, 2]))).toThrow(/at least 2 pairs/u);
    });
  });
});
