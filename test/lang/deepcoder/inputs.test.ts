import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/engine/rng.js";
import { MAX_LIST_LENGTH, drawInputs, generalizes } from "../../../src/lang/deepcoder/inputs.js";
import { parseProgram } from "../../../src/lang/deepcoder/parse.js";

describe("fresh DeepCoder inputs, drawn as ExeDec draws them", () => {
  it("draws ints in [0, 5] and lists of at most 5 ints within one of ExeDec's ranges", () => {
    const rng = new Rng(3);
    const lengths = new Set<number>();
    for (let k = 0; k < 500; k++) {
      const [n, xs] = drawInputs(rng, ["int", "list"]) as [number, number[]];
      expect(Number.isInteger(n) && n >= 0 && n <= MAX_LIST_LENGTH).toBe(true);
      expect(xs.length).toBeLessThanOrEqual(MAX_LIST_LENGTH);
      lengths.add(xs.length);
      const low = Math.min(...xs, 0);
      const high = Math.max(...xs, 0);
      expect([[0, 4], [0, 9], [-10, 10], [-50, 50]].some(([a, b]) => low >= a! && high <= b!)).toBe(true);
    }
    expect([...lengths].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("tells a program that computes the gold function from one that only fits its examples", () => {
    const gold = parseProgram("x0 = INPUT | x1 = Map (*2) x0 | x2 = Sum x1");
    const same = parseProgram("x0 = INPUT | x1 = Sum x0 | x2 = Sum x0 | x3 = ZipWith (+) x0 x0 | x4 = Sum x3");
    // Equal to the gold program on [1 2 3] (12) but not in general.
    const lucky = parseProgram("x0 = INPUT | x1 = Maximum x0 | x2 = Map (*4) x0 | x3 = Access x1 x2");
    expect(generalizes(same, gold, ["list"], 50, new Rng(1))).toBe(true);
    expect(generalizes(lucky, gold, ["list"], 50, new Rng(1))).toBe(false);
    const alwaysFails = parseProgram("x0 = INPUT | x1 = Filter (>0) x0 | x2 = Map (*(-1)) x1 | x3 = Filter (>0) x2 | x4 = Head x3");
    expect(generalizes(same, alwaysFails, ["list"], 3, new Rng(1))).toBeNull();
  });
});
