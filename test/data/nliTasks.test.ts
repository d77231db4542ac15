import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/rng.js";
import { NLI_SHAPE, printProgram, runProgram, semantics, type Primitive } from "../../src/data/nli/primitives.js";
import { COMP_I_PRIMITIVES, SPLITS, split } from "../../src/data/nli/splits.js";
import { sampleTasks } from "../../src/data/nli/tasks.js";

const small = { length: 6, alphabet: 4 };
const x = [0, 1, 2, 3, 0, 1];

const primitive: fc.Arbitrary<Primitive> = fc.oneof(
  fc.integer({ min: 0, max: 12 }).map((k): Primitive => ({ kind: "shift", k })),
  fc.constant<Primitive>({ kind: "reverse" }),
  fc.integer({ min: 0, max: 5 }).map((k): Primitive => ({ kind: "add", k })),
  fc.constant<Primitive>({ kind: "swap" }),
);

describe("NLI sequence primitives", () => {
  it("compute the documented functions", () => {
    expect(runProgram([{ kind: "shift", k: 2 }], x, small)).toEqual([2, 3, 0, 1, 0, 1]);
    expect(runProgram([{ kind: "reverse" }], x, small)).toEqual([1, 0, 3, 2, 1, 0]);
    expect(runProgram([{ kind: "add", k: 3 }], x, small)).toEqual([3, 0, 1, 2, 3, 0]);
    expect(runProgram([{ kind: "swap" }], x, small)).toEqual([1, 0, 3, 2, 1, 0]);
    expect(runProgram([{ kind: "swap" }], [5, 6, 7], { length: 3, alphabet: 8 })).toEqual([6, 5, 7]);
    // Left to right: shift, then add.
    expect(runProgram([{ kind: "shift", k: 1 }, { kind: "add", k: 1 }], x, small)).toEqual([2, 3, 0, 1, 2, 1]);
    expect(printProgram([{ kind: "shift", k: 1 }, { kind: "reverse" }])).toBe("shift 1 ; reverse");
    expect(printProgram([])).toBe("id");
  });

  it("semantics is a canonical key: equal keys give equal outputs on every input, distinct keys differ somewhere", () => {
    fc.assert(
      fc.property(fc.array(primitive, { maxLength: 3 }), fc.array(primitive, { maxLength: 3 }), fc.integer(), (p, q, seed) => {
        const rng = new Rng(seed);
        const inputs = Array.from({ length: 30 }, () => Array.from({ length: small.length }, () => rng.int(small.alphabet)));
        // Permutation-and-relabelling witnesses: distinct positions (alphabet ≥ length) and every symbol.
        const wide = { length: small.length, alphabet: 8 };
        const same = semantics(p, wide) === semantics(q, wide);
        const positions = Array.from({ length: wide.length }, (_, i) => i);
        const agrees = (input: number[]) => JSON.stringify(runProgram(p, input, wide)) === JSON.stringify(runProgram(q, input, wide));
        const witnesses = [positions, positions.map((i) => i + 2), ...inputs];
        expect(witnesses.every(agrees)).toBe(same);
      }),
    );
  });
});

describe("NLI splits", () => {
  it("have the seed's pools", () => {
    const print = (name: (typeof SPLITS)[number], part: "train" | "test") => split(name)[part].map(printProgram);
    expect(print("shift-l", "train")).toEqual(["shift 1", "shift 2", "shift 3", "shift 4", "shift 5"]);
    expect(print("shift-l", "test")).toEqual(["shift 6", "shift 7", "shift 8", "shift 9", "shift 10"]);
    expect(print("shift-p", "train")).toEqual(["shift 6", "shift 7", "shift 8", "shift 9", "shift 10"]);
    expect(print("shift-p", "test")).toEqual(["shift 1", "shift 2", "shift 3", "shift 4", "shift 5"]);
    const comp = split("comp-i");
    expect(comp.train).toHaveLength(COMP_I_PRIMITIVES.length);
    expect(comp.test.every((p) => p.length === 2)).toBe(true);
    expect(comp.test.length).toBeGreaterThan(15);
    expect(new Set(comp.test.map((p) => semantics(p, NLI_SHAPE))).size).toBe(comp.test.length);
  });

  it("refuse shapes on which a test function equals a training one", () => {
    expect(() => split("shift-l", { length: 8, alphabet: 5 })).toThrow(/some test function equals a training function/u);
    expect(split("shift-l", { length: 11, alphabet: 4 }).test).toHaveLength(5);
  });

  it("train and test tasks are strictly disjoint, as functions, for every split and seed", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SPLITS), fc.integer(), (name, seed) => {
        const s = split(name);
        const key = (p: Parameters<typeof semantics>[0]) => semantics(p, s.shape);
        const testKeys = new Set(s.test.map(key));
        const rng = new Rng(seed);
        const sizes = { specPairs: 3, queryPairs: 1 };
        const train = sampleTasks(s, "train", 20, sizes, rng);
        const test = sampleTasks(s, "test", 20, sizes, rng);
        expect(train.every((t) => !testKeys.has(key(t.program)))).toBe(true);
        expect(test.every((t) => testKeys.has(key(t.program)))).toBe(true);
        // No specification of a training task is explained by a test function, and vice versa.
        for (const task of train) {
          for (const program of s.test) {
            expect(task.spec.every((p) => JSON.stringify(runProgram(program, p.input, s.shape)) === JSON.stringify(p.output))).toBe(false);
          }
        }
      }),
      { numRuns: 30 },
    );
  });

  it("tasks are seeded and consistent with their program", () => {
    const s = split("comp-i");
    const sizes = { specPairs: 4, queryPairs: 2 };
    const a = sampleTasks(s, "test", 5, sizes, new Rng(3));
    expect(sampleTasks(s, "test", 5, sizes, new Rng(3))).toEqual(a);
    expect(sampleTasks(s, "test", 5, sizes, new Rng(4))).not.toEqual(a);
    for (const task of a) {
      expect(task.spec).toHaveLength(4);
      expect(task.query).toHaveLength(2);
      for (const p of [...task.spec, ...task.query]) {
        expect(p.input).toHaveLength(20);
        expect(p.input.every((v) => Number.isInteger(v) && v >= 0 && v < 10)).toBe(true);
        expect(p.output).toEqual(runProgram(task.program, p.input, s.shape));
      }
    }
  });
});
