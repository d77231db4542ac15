import { expect } from "vitest";
import { tf } from "../../src/engine/backend.js";
import type { Rng } from "../../src/engine/rng.js";
import type { Parametric } from "../../src/nets/net.js";

/** A float32 tensor of `shape` with entries U(lo, hi) drawn from `rng`. */
export function uniformTensor(rng: Rng, shape: number[], lo = -1, hi = 1): tf.Tensor {
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => lo + (hi - lo) * rng.next()), shape);
}

/**
 * Asserts that the gradient of `loss` reaches every parameter of `net`: tf.variableGrads returns a
 * gradient for each variable, finite, and not all zero.
 */
export function expectGradientsReachAll(net: Parametric, loss: () => tf.Scalar): void {
  const params = net.params();
  tf.tidy(() => {
    const { value, grads } = tf.variableGrads(loss, params);
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    for (const p of params) {
      const g = grads[p.name];
      expect(g, `gradient of ${p.name} [${p.shape.join(", ")}]`).toBeDefined();
      if (!g) continue;
      expect(g.shape).toEqual(p.shape);
      const data = g.dataSync();
      let nonzero = 0;
      let nonFinite = 0;
      for (const v of data) {
        if (!Number.isFinite(v)) nonFinite++;
        else if (v !== 0) nonzero++;
      }
      expect(nonFinite, `gradient of ${p.name} has non-finite entries`).toBe(0);
      expect(nonzero, `gradient of ${p.name} [${p.shape.join(", ")}] is all zero`).toBeGreaterThan(0);
    }
  });
}

/** The parameter values, copied. */
export function paramValues(net: Parametric): number[][] {
  return net.params().map((p) => Array.from(p.dataSync()));
}
