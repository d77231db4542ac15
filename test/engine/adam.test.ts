import { beforeAll, describe, expect, it } from "vitest";
import { RowAdam, type AdamSettings } from "../../src/engine/adam.js";
import { initEngine, tf } from "../../src/engine/backend.js";
import { VariableAdam } from "../../src/engine/variableAdam.js";

const SETTINGS: AdamSettings = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
/** The gradient of Σ_i c_i (θ_i − 1)², a quadratic both optimizers can descend. */
const C = [1, 3, 0.5, 2];
const gradientAt = (theta: ArrayLike<number>): Float32Array => Float32Array.from(C, (c, i) => 2 * c * ((theta[i] as number) - 1));

/** Adam written out in float64 for one vector (Kingma & Ba 2015, Algorithm 1). */
function adamSteps(start: readonly number[], steps: number, s: AdamSettings): number[] {
  const theta = [...start];
  const m = theta.map(() => 0);
  const v = theta.map(() => 0);
  for (let t = 1; t <= steps; t++) {
    const g = gradientAt(theta);
    theta.forEach((x, i) => {
      const gi = g[i] as number;
      m[i] = s.beta1 * (m[i] as number) + (1 - s.beta1) * gi;
      v[i] = s.beta2 * (v[i] as number) + (1 - s.beta2) * gi * gi;
      theta[i] = x - (s.learningRate * ((m[i]) / (1 - s.beta1 ** t))) / (Math.sqrt((v[i]) / (1 - s.beta2 ** t)) + s.epsilon);
    });
  }
  return theta;
}

beforeAll(async () => {
  await initEngine();
});

describe("RowAdam", () => {
  it("follows Adam's equations row by row", () => {
    const params = Float32Array.from([0, 2, -1, 5, 0, 2, -1, 5]);
    const adam = new RowAdam(params, 4, SETTINGS);
    for (let t = 0; t < 20; t++) {
      for (const row of [0, 1]) adam.updateRow(row, gradientAt(params.subarray(4 * row, 4 * row + 4)), 0);
    }
    const expected = adamSteps([0, 2, -1, 5], 20, SETTINGS);
    for (const row of [0, 1]) [...params.subarray(4 * row, 4 * row + 4)].forEach((x, i) => expect(x).toBeCloseTo(expected[i] as number, 5));
  });

  it("resets one row's state without touching the others", () => {
    const params = Float32Array.from([0, 2, -1, 5, 0, 2, -1, 5]);
    const adam = new RowAdam(params, 4, SETTINGS);
    for (let t = 0; t < 5; t++) for (const row of [0, 1]) adam.updateRow(row, gradientAt(params.subarray(4 * row, 4 * row + 4)), 0);
    params.set([0, 2, -1, 5], 4);
    adam.resetRow(1);
    for (let t = 0; t < 3; t++) for (const row of [0, 1]) adam.updateRow(row, gradientAt(params.subarray(4 * row, 4 * row + 4)), 0);
    const untouched = adamSteps([0, 2, -1, 5], 8, SETTINGS);
    const fresh = adamSteps([0, 2, -1, 5], 3, SETTINGS);
    [...params.subarray(0, 4)].forEach((x, i) => expect(x).toBeCloseTo(untouched[i] as number, 5));
    [...params.subarray(4, 8)].forEach((x, i) => expect(x).toBeCloseTo(fresh[i] as number, 5));
  });

  it("reads a row's gradient at an offset, and rejects parameters that are not whole rows", () => {
    const params = Float32Array.from([0, 2, -1, 5]);
    new RowAdam(params, 4, SETTINGS).updateRow(0, Float32Array.from([9, 9, ...gradientAt(params)]), 2);
    [...params].forEach((x, i) => expect(x).toBeCloseTo(adamSteps([0, 2, -1, 5], 1, SETTINGS)[i] as number, 6));
    expect(() => new RowAdam(new Float32Array(6), 4, SETTINGS)).toThrow(/multiple of the row size/u);
  });
});

describe("VariableAdam", () => {
  const descend = (adam: VariableAdam, x: tf.Variable, steps: number, factor = 1): void => {
    for (let t = 0; t < steps; t++) {
      const g = tf.tensor(gradientAt(x.dataSync()));
      adam.apply([g], factor);
      g.dispose();
    }
  };

  it("follows Adam's equations, with `factor` scaling the learning rate", () => {
    for (const factor of [1, 0.5]) {
      const x = tf.variable(tf.tensor([0, 2, -1, 5]));
      const adam = new VariableAdam([x], SETTINGS);
      descend(adam, x, 20, factor);
      const expected = adamSteps([0, 2, -1, 5], 20, { ...SETTINGS, learningRate: factor * SETTINGS.learningRate });
      [...x.dataSync()].forEach((value, i) => expect(value).toBeCloseTo(expected[i] as number, 5));
      adam.dispose();
      x.dispose();
    }
  });

  it("resumes bitwise from its saved state, and refuses a state of another shape", () => {
    const x = tf.variable(tf.tensor([0, 2, -1, 5]));
    const adam = new VariableAdam([x], SETTINGS);
    descend(adam, x, 7);
    const state = adam.state();
    const y = tf.variable(tf.tensor(x.dataSync()));
    descend(adam, x, 5);
    const resumed = new VariableAdam([y], SETTINGS);
    resumed.restore(state);
    descend(resumed, y, 5);
    expect([...y.dataSync()]).toEqual([...x.dataSync()]);
    expect(() => resumed.restore({ ...state, m: [new Float32Array(3)] })).toThrow(/has 3 values, expected 4/u);
    expect(() => resumed.restore({ ...state, v: [] })).toThrow("Adam state holds 1 first and 0 second moments, expected 1 of each");
    for (const o of [adam, resumed]) o.dispose();
    tf.dispose([x, y]);
  });
});
