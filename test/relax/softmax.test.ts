import { beforeAll, describe, expect, it } from "vitest";
import { initEngine, tf } from "../../src/engine/backend.js";
import { Rng } from "../../src/engine/rng.js";
import { MASKED, gumbelNoise, maskedSoftmax, relax, straightThrough } from "../../src/relax/softmax.js";
import { ROAP_TEMPERATURE, scheduleValue } from "../../src/relax/schedules.js";

describe("relaxation toolbox", () => {
  beforeAll(async () => {
    await initEngine();
  });

  it("masked softmax puts exactly zero mass on masked entries and normalises the rest", () => {
    const logits = tf.tensor2d([[1, 2, 3], [0.5, -1, 4]]);
    const mask = tf.tensor2d([[0, 0, MASKED], [0, MASKED, MASKED]]);
    const p = maskedSoftmax(logits, mask).arraySync() as number[][];
    expect(p[0]?.[2]).toBe(0);
    expect(p[1]).toEqual([1, 0, 0]);
    expect((p[0]?.[0] as number) + (p[0]?.[1] as number)).toBeCloseTo(1, 6);
    expect((p[0]?.[1] as number) / (p[0]?.[0] as number)).toBeCloseTo(Math.E, 4);
  });

  it("temperature divides the logits", () => {
    const logits = tf.tensor1d([0, 1]);
    const p = maskedSoftmax(logits, undefined, 2).dataSync();
    expect((p[1] as number) / (p[0] as number)).toBeCloseTo(Math.exp(0.5), 5);
  });

  it("Gumbel noise has the Gumbel(0, 1) mean (Euler–Mascheroni) and variance π²/6", () => {
    const samples = gumbelNoise([200_000], new Rng(3)).dataSync() as Float32Array;
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    const variance = samples.reduce((a, b) => a + (b - mean) ** 2, 0) / samples.length;
    expect(mean).toBeCloseTo(0.5772, 1);
    expect(Math.abs(variance - Math.PI ** 2 / 6)).toBeLessThan(0.03);
  });

  it("Gumbel-softmax samples follow the softmax distribution (Gumbel-max frequencies)", () => {
    const rng = new Rng(11);
    const logits = tf.tensor2d(Array.from({ length: 20_000 }, () => [Math.log(0.2), Math.log(0.3), Math.log(0.5)]));
    const hard = relax(logits, { kind: "gumbel-hard", temperature: 1 }, rng).arraySync() as number[][];
    const counts = [0, 1, 2].map((k) => hard.filter((row) => row[k] === 1).length / hard.length);
    expect(counts[0]).toBeCloseTo(0.2, 1);
    expect(counts[1]).toBeCloseTo(0.3, 1);
    expect(counts[2]).toBeCloseTo(0.5, 1);
    for (const row of hard.slice(0, 100)) expect(row.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it("the same seed gives the same relaxed sample", () => {
    const logits = tf.tensor2d([[0, 1, 2, 3]]);
    const a = relax(logits, { kind: "gumbel", temperature: 1 }, new Rng(5)).dataSync();
    const b = relax(logits, { kind: "gumbel", temperature: 1 }, new Rng(5)).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it("causal noise leaves forbidden entries untouched", () => {
    const noise = gumbelNoise([2, 3, 4], new Rng(2), (row) => row + 2).arraySync() as number[][][];
    for (const task of noise) {
      task.forEach((row, r) => row.forEach((v, k) => (k >= r + 2 ? expect(v).toBe(0) : expect(v).not.toBe(0))));
    }
  });

  it("straight-through: the value is one-hot, the gradient is the soft sample's", () => {
    const logits = tf.tensor1d([0.1, 0.7, 0.2]);
    const weights = tf.tensor1d([1, 2, 3]);
    const soft = (z: tf.Tensor) => tf.softmax(z);
    const hardValue = straightThrough(soft(logits)).dataSync();
    expect(Array.from(hardValue)).toEqual([0, 1, 0]);
    const gHard = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(straightThrough(soft(z)), weights)))(logits).dataSync();
    const gSoft = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(soft(z), weights)))(logits).dataSync();
    Array.from(gHard).forEach((g, k) => expect(g).toBeCloseTo(gSoft[k] as number, 6));
  });

  it("schedules: ROAP's step (1, then 3 from epoch 15), constant, exponential anneal", () => {
    expect(scheduleValue(ROAP_TEMPERATURE, 0)).toBe(1);
    expect(scheduleValue(ROAP_TEMPERATURE, 14.99)).toBe(1);
    expect(scheduleValue(ROAP_TEMPERATURE, 15)).toBe(3);
    expect(scheduleValue({ kind: "constant", value: 0.7 }, 123)).toBe(0.7);
    const nli = { kind: "exponential", from: 8, to: 0.5, over: 100 } as const;
    expect(scheduleValue(nli, 0)).toBe(8);
    expect(scheduleValue(nli, 50)).toBeCloseTo(2, 10);
    expect(scheduleValue(nli, 100)).toBeCloseTo(0.5, 12);
    expect(scheduleValue(nli, 1000)).toBeCloseTo(0.5, 12);
    const late = { kind: "exponential", from: 1, to: 0.01, over: 10, start: 20 } as const;
    expect([scheduleValue(late, 0), scheduleValue(late, 20)]).toEqual([1, 1]);
    expect(scheduleValue(late, 25)).toBeCloseTo(0.1, 12);
    expect(scheduleValue(late, 40)).toBeCloseTo(0.01, 12);
  });

  it("rejects a non-positive temperature", () => {
    expect(() => relax(tf.tensor1d([1, 2]), { kind: "gumbel", temperature: 0 }, new Rng(1))).toThrow(/temperature must be > 0/);
  });
});
