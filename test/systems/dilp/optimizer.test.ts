import { describe, expect, it } from "vitest";
import { makeOptimizer, TfRmsProp } from "../../../src/systems/dilp/optimizer.js";

/**
 * The paper's optimiser (Evans & Grefenstette 2018, §5.1: RMSProp, learning rate 0.5), with
 * TensorFlow 1's defaults (mean square starts at 1, ρ = 0.9, ε = 1e-10), against the update
 * written out by hand in float64.
 */
describe("TfRmsProp", () => {
  it("follows ms ← ρ·ms + (1−ρ)·g², θ ← θ − lr·g/√(ms + ε) from ms = 1", () => {
    const params = new Float32Array([0.5, -1, 2]);
    const rms = new TfRmsProp(params, 0.5);
    const gradients = [
      [0.2, -3, 0],
      [1, 0.5, -0.25],
    ];
    const theta = [0.5, -1, 2];
    const ms = [1, 1, 1];
    for (const g of gradients) {
      rms.step(new Float32Array(g));
      for (let i = 0; i < 3; i++) {
        const gi = g[i] as number;
        ms[i] = 0.9 * (ms[i] as number) + 0.1 * gi * gi;
        theta[i] = (theta[i] as number) - (0.5 * gi) / Math.sqrt((ms[i] as number) + 1e-10);
      }
      for (let i = 0; i < 3; i++) expect(params[i]).toBeCloseTo(theta[i] as number, 6);
    }
  });

  it("takes a first step of lr·g/√0.9 for a small gradient (the start at one; from zero it would be lr/√0.1)", () => {
    const params = new Float32Array([0]);
    makeOptimizer("rmsprop", params, 0.5).step(new Float32Array([0.01]));
    expect(params[0]).toBeCloseTo((-0.5 * 0.01) / Math.sqrt(0.9 + 0.1 * 0.01 * 0.01), 7);
  });

  it("adam moves every parameter with a non-zero gradient by about lr on its first step", () => {
    const params = new Float32Array([0, 0]);
    makeOptimizer("adam", params, 0.5).step(new Float32Array([0.01, -2]));
    expect(params[0]).toBeCloseTo(-0.5, 3);
    expect(params[1]).toBeCloseTo(0.5, 3);
  });
});
