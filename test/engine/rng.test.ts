import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/rng.js";

describe("Rng", () => {
  it("is deterministic per seed and differs across seeds", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 10 }, () => a.nextUint32());
    expect(Array.from({ length: 10 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 10 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it("draws uniform integers without bias and normals with mean 0, variance 1", () => {
    const rng = new Rng(7);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const k = rng.int(10);
      counts[k] = (counts[k] as number) + 1;
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    const xs = Array.from({ length: 100_000 }, () => rng.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
  });

  it("keeps uniforms in [0, 1) and open uniforms in (0, 1)", () => {
    const rng = new Rng(9);
    for (let i = 0; i < 10_000; i++) {
      const u = rng.next();
      const v = rng.nextOpen();
      expect(u >= 0 && u < 1).toBe(true);
      expect(v > 0 && v < 1).toBe(true);
    }
  });

  it("rejects impossible ranges", () => {
    expect(() => new Rng(1).int(0)).toThrow(RangeError);
    expect(() => new Rng(1).pick([])).toThrow(RangeError);
  });
});
