import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateExpr } from "../../src/lang/arith/evaluate.js";
import { BINARY_OPS, binary, variable, type BinaryOp, type Expr } from "../../src/lang/arith/syntax.js";
import type { ArithTask } from "../../src/lang/arith/task.js";
import { enumerateBank, enumerateSolve, enumerateTask, ProgramBank, type BankedProgram } from "../../src/search/enumerate.js";
import { closeEnough, DEFAULT_TOLERANCE } from "../../src/search/solver.js";
import { hashVector, makeQuantizer, sameVector } from "../../src/search/vectorHash.js";

// ---------------------------------------------------------------------------------------------
// Helpers

const s = (index: number): Expr => variable(index);
const add = (l: Expr, r: Expr): Expr => binary("add", l, r);
const sub = (l: Expr, r: Expr): Expr => binary("sub", l, r);
const mul = (l: Expr, r: Expr): Expr => binary("mul", l, r);

function operators(expr: Expr): number {
  return expr.kind === "var" ? 0 : 1 + operators(expr.left) + operators(expr.right);
}

function taskOf(formula: (input: readonly number[]) => number, inputs: readonly (readonly number[])[]): ArithTask {
  return { name: "t", examples: inputs.map((input) => ({ input, output: formula(input) })) };
}

function satisfiesAll(program: Expr, task: ArithTask, tolerance = DEFAULT_TOLERANCE): boolean {
  return task.examples.every((e) => closeEnough(evaluateExpr(program, e.input), e.output, tolerance));
}

/** Squashed ROAP symbols (§4.1: {1..10} divided by ten) in a fixed pseudo-random order. */
function roapInputs(rows: number, arity: number, seed: number): number[][] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (1 + (state % 10)) / 10;
  };
  return Array.from({ length: rows }, () => Array.from({ length: arity }, next));
}

/** Every formula with exactly `ops` operators over `arity` variables (no deduplication). */
function allFormulas(ops: number, arity: number): Expr[] {
  if (ops === 0) return Array.from({ length: arity }, (_, v) => s(v));
  const out: Expr[] = [];
  for (let left = 0; left < ops; left++) {
    const lefts = allFormulas(left, arity);
    const rights = allFormulas(ops - 1 - left, arity);
    for (const op of BINARY_OPS) for (const l of lefts) for (const r of rights) out.push(binary(op, l, r));
  }
  return out;
}

/** Random formula with exactly `ops` operators over `arity` variables. */
function formulaWithOps(ops: number, arity: number): fc.Arbitrary<Expr> {
  if (ops === 0) return fc.nat(arity - 1).map(s);
  return fc
    .nat(ops - 1)
    .chain((leftOps) =>
      fc.tuple(fc.constantFrom<BinaryOp>(...BINARY_OPS), formulaWithOps(leftOps, arity), formulaWithOps(ops - 1 - leftOps, arity)),
    )
    .map(([op, l, r]) => binary(op, l, r));
}

const formula = fc.nat(3).chain((ops) => formulaWithOps(ops, 3));
const intRow = fc.tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 }));
const rowsOf = (count: number): fc.Arbitrary<[number, number, number][]> => fc.array(intRow, { minLength: count, maxLength: count });

// ---------------------------------------------------------------------------------------------

describe("enumerateTask: fixed cases", () => {
  const ints = [
    [3, 5, 7],
    [2, 9, 4],
    [8, 1, 6],
    [5, 5, 2],
    [10, 3, 9],
    [1, 7, 8],
  ];

  it.each([
    ["s1 + s2", 1, add(s(0), s(1))],
    ["s1*s2 - s3", 2, sub(mul(s(0), s(1)), s(2))],
    ["(s1+s3)*(s1-s3)", 3, mul(add(s(0), s(2)), sub(s(0), s(2)))],
    ["s1*(s2+s3) - s2", 3, sub(mul(s(0), add(s(1), s(2))), s(1))],
    ["s1*s2*s3 + s1", 3, add(mul(mul(s(0), s(1)), s(2)), s(0))],
    ["s3", 0, s(2)],
  ] as const)("finds %s with %i operators on integer inputs", (_name, ops, target) => {
    const task = taskOf((input) => evaluateExpr(target, input), ints);
    const result = enumerateTask(task, { maxOperators: 4 });
    expect(result.solved).toBe(true);
    expect(result.stats.size).toBe(ops);
    expect(result.program).toBeDefined();
    expect(operators(result.program as Expr)).toBe(ops);
    expect(satisfiesAll(result.program as Expr, task)).toBe(true);
    expect(result.stats.mse).toBe(0);
  });

  it("finds (s1+s3)*(s1-s3) on squashed ROAP symbols with outputs computed as s1² − s3²", () => {
    // A different association order: the outputs differ from the program's in the last bits.
    const task = taskOf(([a = 0, , c = 0]) => a * a - c * c, roapInputs(16, 3, 7));
    const result = enumerateTask(task, { maxOperators: 3 });
    expect(result.solved).toBe(true);
    expect(result.stats.size).toBe(3);
    expect(satisfiesAll(result.program as Expr, task)).toBe(true);
  });

  it("returns a smallest program: (s1 + s2) − s2 is found as s1, 2·s1 as s1 + s1", () => {
    const a = enumerateTask(taskOf((input) => evaluateExpr(sub(add(s(0), s(1)), s(1)), input), ints), {});
    expect(a.program).toEqual(s(0));
    expect(a.stats.size).toBe(0);
    const b = enumerateTask(taskOf(([x = 0]) => 2 * x, ints), {});
    expect(b.program).toEqual(add(s(0), s(0)));
    expect(b.stats.size).toBe(1);
  });

  it("honours the tolerance", () => {
    const inputs = roapInputs(8, 3, 3);
    const noisy = taskOf(([a = 0, b = 0]) => a * b * (1 + 1e-9), inputs);
    expect(enumerateTask(noisy, { maxOperators: 2 }).solved).toBe(true);
    expect(enumerateTask(noisy, { maxOperators: 2, tolerance: 1e-12 }).solved).toBe(false);
  });

  it("unsolvable within maxOperators: solved=false with the least-MSE banked program as best effort", () => {
    // s1^4 needs 3 operators: (s1·s1)·(s1·s1).
    const task = taskOf(([x = 0]) => x ** 4, ints);
    const result = enumerateTask(task, { maxOperators: 2 });
    expect(result.solved).toBe(false);
    expect(result.stats.maxSizeSearched).toBe(2);
    const program = result.program as Expr;
    expect(operators(program)).toBe(result.stats.size);
    expect(operators(program)).toBeLessThanOrEqual(2);
    // It is the best banked program: no banked program has a lower mean squared error.
    const mse = (p: Expr): number =>
      task.examples.reduce((acc, e) => acc + (evaluateExpr(p, e.input) - e.output) ** 2, 0) / task.examples.length;
    expect(Math.abs((result.stats.mse as number) - mse(program))).toBeLessThanOrEqual(1e-9 * mse(program));
    for (const banked of enumerateBank(
      task.examples.map((e) => e.input),
      { maxOperators: 2 },
    )) {
      expect(mse(banked.expr)).toBeGreaterThanOrEqual(mse(program));
    }
    expect(enumerateTask(task, { maxOperators: 3 }).solved).toBe(true);
  });

  it("a non-polynomial target is never solved", () => {
    const task = taskOf(([x = 1]) => 1 / x, ints);
    const result = enumerateTask(task, { maxOperators: 3 });
    expect(result.solved).toBe(false);
    expect(result.stats.bankFull).toBe(0);
  });

  it("still returns a best-effort program when an output is NaN", () => {
    const task: ArithTask = { name: "nan", examples: [{ input: [1, 2], output: NaN }, { input: [3, 4], output: 7 }] };
    const result = enumerateTask(task, { maxOperators: 1 });
    expect(result.solved).toBe(false);
    expect(result.program).toEqual(s(0));
    expect(result.stats.mse).toBeNaN();
  });

  it("stops cleanly when the bank is full", () => {
    const task = taskOf((input) => evaluateExpr(mul(add(s(0), s(2)), sub(s(0), s(2))), input), ints);
    const result = enumerateTask(task, { maxOperators: 3, maxBank: 20 });
    expect(result.solved).toBe(false);
    expect(result.stats.bankFull).toBe(1);
    expect(result.stats.bankSize).toBe(20);
    expect(result.program).toBeDefined();
  });

  it("handles edge cases: no examples, no variables, ragged inputs, bad options", () => {
    expect(enumerateTask({ name: "empty", examples: [] }, {})).toMatchObject({ solved: false, program: undefined });
    expect(new ProgramBank([[1, 2]]).arity).toBe(2);
    expect(() => enumerateTask({ name: "ragged", examples: [{ input: [1, 2], output: 3 }, { input: [1], output: 1 }] }, {})).toThrow(
      RangeError,
    );
    expect(() => enumerateTask(taskOf(([x = 0]) => x, ints), { maxOperators: -1 })).toThrow(RangeError);
    expect(() => enumerateTask(taskOf(([x = 0]) => x, ints), { maxBank: 0 })).toThrow(RangeError);
    expect(() => enumerateTask(taskOf(([x = 0]) => x, ints), { tolerance: NaN })).toThrow(RangeError);
  });

  it("discards programs with NaN or infinite outputs", () => {
    const programs = [...enumerateBank([[1e200], [3e200]], { maxOperators: 2 })];
    for (const p of programs) for (const v of p.outputs) expect(Number.isFinite(v)).toBe(true);
    // s1·s1 overflows, so it is not banked; s1 + s1 and s1 − s1 (= 0) are.
    expect(programs.filter((p) => p.size === 1).map((p) => p.expr)).toEqual([add(s(0), s(0)), sub(s(0), s(0))]);
    expect([...enumerateBank([[NaN, 3]], { maxOperators: 1 })].map((p) => p.expr)).toEqual([
      s(1),
      add(s(1), s(1)),
      sub(s(1), s(1)),
      mul(s(1), s(1)),
    ]);
  });
});

describe("enumerateSolve", () => {
  it("solves every task and reports progress per task", async () => {
    const inputs = roapInputs(10, 3, 11);
    const tasks: ArithTask[] = [
      { ...taskOf(([a = 0, b = 0]) => a + b, inputs), name: "sum" },
      { ...taskOf(([a = 0, b = 0, c = 0]) => a * b - c, inputs), name: "mulsub" },
    ];
    const calls: [number, number, string][] = [];
    const results = await enumerateSolve(tasks, { maxOperators: 3 }, (done, total, label) => calls.push([done, total, label]));
    expect(results.map((r) => [r.name, r.solved, r.stats.size])).toEqual([
      ["sum", true, 1],
      ["mulsub", true, 2],
    ]);
    expect(calls).toEqual([
      [1, 2, "sum"],
      [2, 2, "mulsub"],
    ]);
    for (const r of results) {
      expect(r.stats.programsEvaluated).toBeGreaterThan(0);
      expect(r.stats.bankSize).toBeGreaterThan(0);
    }
  });
});

describe("enumerateTask: properties", () => {
  it("finds a program no larger than the generating formula that satisfies every example and generalizes", () => {
    fc.assert(
      // Unbiased rows: fast-check's bias towards small, repeated values (e.g. eight copies of
      // (1, 1, 1)) would make the examples genuinely ambiguous, not the search wrong.
      fc.property(formula, fc.noBias(rowsOf(8)), fc.noBias(rowsOf(5)), (f, rows, fresh) => {
        const task = taskOf((input) => evaluateExpr(f, input), rows);
        const result = enumerateTask(task, { maxOperators: 3 });
        expect(result.solved).toBe(true);
        const program = result.program as Expr;
        expect(operators(program)).toBe(result.stats.size);
        expect(operators(program)).toBeLessThanOrEqual(operators(f));
        expect(satisfiesAll(program, task)).toBe(true);
        // Integer arithmetic is exact here, so a correct program agrees exactly on unseen inputs
        // (=== rather than Object.is: (s1 − s2)·(s2 − s3) and (s2 − s1)·(s3 − s2) differ in the sign of 0).
        expect(fresh.filter((input) => evaluateExpr(program, input) !== evaluateExpr(f, input))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it("returns a smallest program: it satisfies every example and no banked program of smaller size does", () => {
    fc.assert(
      fc.property(formula, fc.array(intRow, { minLength: 1, maxLength: 6 }), (f, rows) => {
        const task = taskOf((input) => evaluateExpr(f, input), rows);
        const result = enumerateTask(task, { maxOperators: 3 });
        expect(result.solved).toBe(true);
        expect(satisfiesAll(result.program as Expr, task)).toBe(true);
        const size = result.stats.size as number;
        expect(size).toBeLessThanOrEqual(operators(f));
        if (size === 0) return;
        for (const p of enumerateBank(rows, { maxOperators: size - 1 })) {
          expect(satisfiesAll(p.expr, task)).toBe(false);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("enumerateBank: properties", () => {
  /** Inputs: 1–6 examples over 1–3 variables, either small integers or squashed ROAP symbols. */
  const inputsArb = fc
    .record({ rows: fc.integer({ min: 1, max: 6 }), arity: fc.integer({ min: 1, max: 3 }), squash: fc.boolean() })
    .chain(({ rows, arity, squash }) =>
      fc.array(
        fc.array(
          fc.integer({ min: 0, max: 10 }).map((k) => (squash ? k / 10 : k)),
          { minLength: arity, maxLength: arity },
        ),
        { minLength: rows, maxLength: rows },
      ),
    );

  function collect(inputs: number[][], maxOperators: number): BankedProgram[] {
    return [...enumerateBank(inputs, { maxOperators })];
  }

  it("yields programs in non-decreasing size whose outputs are their exact semantics", () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const programs = collect(inputs, 3);
        // Plain checks in the loop (one `expect` per property run keeps the test fast).
        const bad = programs.find(
          (p, k) =>
            p.id !== k ||
            p.size < (programs[k - 1]?.size ?? 0) ||
            operators(p.expr) !== p.size ||
            // The bank evaluates with the same float operations as the exact interpreter.
            !p.outputs.every((value, t) => Object.is(value, evaluateExpr(p.expr, inputs[t] as number[]))),
        );
        expect(bad).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it("never banks two observationally equal programs", () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const vectors = collect(inputs, 3).map((p) => p.outputs);
        // Sort by the first value so that only neighbours within the tolerance need comparing.
        const order = vectors.map((_, k) => k).sort((a, b) => (vectors[a]?.[0] as number) - (vectors[b]?.[0] as number));
        const equalPairs: [number, number][] = [];
        for (let x = 0; x < order.length; x++) {
          const u = vectors[order[x] as number] as Float64Array;
          for (let y = x + 1; y < order.length; y++) {
            const v = vectors[order[y] as number] as Float64Array;
            if (!closeEnough(u[0] as number, v[0] as number)) break;
            if (u.every((value, t) => closeEnough(value, v[t] as number))) equalPairs.push([order[x] as number, order[y] as number]);
          }
        }
        expect(equalPairs).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it("is complete: every formula of size ≤ 2 behaves like a banked program no larger than it", () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const arity = inputs[0]?.length ?? 0;
        const programs = collect(inputs, 2).map((p) => ({ size: p.size, outputs: p.outputs }));
        const missing: Expr[] = [];
        for (let ops = 0; ops <= 2; ops++) {
          for (const f of allFormulas(ops, arity)) {
            const outputs = inputs.map((row) => evaluateExpr(f, row));
            if (!outputs.every(Number.isFinite)) continue;
            const found = programs.some((p) => p.size <= ops && p.outputs.every((v, t) => closeEnough(v, outputs[t] as number)));
            if (!found) missing.push(f);
          }
        }
        expect(missing).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it("enumerates lazily and stops at maxOperators", () => {
    const inputs = roapInputs(8, 3, 5);
    const sizes = collect(inputs, 2).map((p) => p.size);
    expect(Math.max(...sizes)).toBe(2);
    // Level sizes for three generic variables: 3 variables; 6 sums + 6 products + 6 differences + zero.
    expect(sizes.filter((k) => k === 0)).toHaveLength(3);
    expect(sizes.filter((k) => k === 1)).toHaveLength(19);
    const first = enumerateBank(inputs, { maxOperators: 6 }).next();
    expect(first.done).toBe(false);
    expect(first.value?.expr).toEqual(s(0));
  });
});

describe("vectorHash", () => {
  const quantizer = makeQuantizer(DEFAULT_TOLERANCE);

  it("gives values equal up to round-off the same key, in both the absolute and relative ranges", () => {
    expect(quantizer.key(0.1 + 0.2)).toBe(quantizer.key(0.3));
    expect(quantizer.key(-0)).toBe(quantizer.key(0));
    // Integers sit in the middle of their relative buckets, so round-off on either side agrees.
    expect(quantizer.key(3 - 4e-16)).toBe(quantizer.key(3));
    expect(quantizer.key(3 + 4e-16)).toBe(quantizer.key(3));
    expect(quantizer.key(0.7 * 10)).toBe(quantizer.key(7));
    expect(quantizer.key(1.0000000000000002)).toBe(quantizer.key(1));
    expect(quantizer.key(-0.9999999999999999)).toBe(quantizer.key(-1));
    expect(quantizer.key(1234.5 * (1 + 1e-15))).toBe(quantizer.key(1234.5));
    expect(quantizer.key(-1234.5 * (1 + 1e-15))).toBe(quantizer.key(-1234.5));
    expect(quantizer.key(1234.5)).not.toBe(quantizer.key(-1234.5));
    expect(quantizer.key(0.3)).not.toBe(quantizer.key(0.31));
  });

  it("hashes close vectors alike, rejects non-finite ones, and sameVector is the collision check", () => {
    const pool = Float64Array.from([0.1 + 0.2, 7 * 0.1, 1e6 / 3, 0.3, 0.7, 1e6 / 3, 0.3, 0.7, 1e6 / 3 + 1, Infinity, 0, 0]);
    const h = (offset: number): number | undefined => hashVector(pool, offset, 3, quantizer);
    expect(h(0)).toBe(h(3));
    expect(h(9)).toBeUndefined();
    expect(sameVector(pool, 0, 3, 3, DEFAULT_TOLERANCE)).toBe(true);
    expect(sameVector(pool, 0, 6, 3, DEFAULT_TOLERANCE)).toBe(false);
    expect(sameVector(pool, 0, 6, 3, 1e-3)).toBe(true);
  });

  it("rejects invalid tolerances", () => {
    expect(() => makeQuantizer(-1)).toThrow(RangeError);
    expect(() => makeQuantizer(Infinity)).toThrow(RangeError);
    expect(makeQuantizer(0).bits).toBe(20);
  });
});
