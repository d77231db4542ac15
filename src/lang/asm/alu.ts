import { assertNever } from "../../typeHelpers.js";
/**
 * The arithmetic shared by the two register machines of this folder: the seed's minimal assembly
 * (Saldyt 2022, §2.1) and Adaptive Neural Compilation's 11-op machine (Bunel et al. 2016). Both
 * machines hold every value in {0, …, b−1} for a base b, and every operation is taken mod b:
 * ANC represents a value as a distribution over M values and adds, subtracts, increments and
 * decrements with `(a ± b) % M` (albanD/adaptive-neural-compilation, adaptation/utils/distUtils.lua,
 * `addDist` / `subDist`; adaptation/ops/inc_op.lua and dec_op.lua add or subtract the constant 1);
 * the seed stores the outputs in a b×b×b table T per operation (seed eq. 6), so each operation is
 * a total function {0..b−1}² → {0..b−1}.
 */

/** Every value-producing operation of either machine (`zero` is ANC's only, `mod` the seed's only). */
export const ALU_OPS = ["zero", "inc", "dec", "add", "sub", "min", "max", "mod"] as const;
export type AluOp = (typeof ALU_OPS)[number];

export interface AluRule {
  /** Operands the operation reads: 0 (constant), 1 (x) or 2 (x and y). */
  readonly arity: 0 | 1 | 2;
  /** Meaning, for documentation and error messages. */
  readonly summary: string;
}

export const ALU_RULES: { readonly [K in AluOp]: AluRule } = {
  zero: { arity: 0, summary: "0" },
  inc: { arity: 1, summary: "(x + 1) mod b" },
  dec: { arity: 1, summary: "(x − 1) mod b" },
  add: { arity: 2, summary: "(x + y) mod b" },
  sub: { arity: 2, summary: "(x − y) mod b" },
  min: { arity: 2, summary: "min(x, y)" },
  max: { arity: 2, summary: "max(x, y)" },
  mod: { arity: 2, summary: "x mod y, and x when y = 0" },
};

/** The representative of `value` in {0, …, base−1}. */
export function wrap(value: number, base: number): number {
  // Adding `base` before the second `%` also turns −0 into 0.
  return ((value % base) + base) % base;
}

/**
 * Exact value of one operation on x, y ∈ {0, …, base−1} (operands an operation does not read are
 * ignored). `min` and `max` compare the representatives, as ANC's `minDist` / `maxDist` compare
 * the value indices (distUtils.lua). `mod` with divisor 0 returns x: the seed defines no value for
 * it, and Knuth's convention x mod 0 = x (Concrete Mathematics, eq. 3.22) keeps the seed's table
 * T total without inventing a new number.
 */
export function applyAlu(op: AluOp, x: number, y: number, base: number): number {
  switch (op) {
    case "zero":
      return 0;
    case "inc":
      return wrap(x + 1, base);
    case "dec":
      return wrap(x - 1, base);
    case "add":
      return wrap(x + y, base);
    case "sub":
      return wrap(x - y, base);
    case "min":
      return Math.min(x, y);
    case "max":
      return Math.max(x, y);
    case "mod":
      return y === 0 ? x : x % y;
    default:
      return assertNever(op);
  }
}

/** Checks that `base` can be a machine base: an integer ≥ 2 (so that 0 and 1 are distinct values). */
export function checkBase(base: number): void {
  if (!Number.isInteger(base) || base < 2) throw new RangeError(`base must be an integer ≥ 2, got ${base}`);
}

/** Checks that every entry of `values` is a value of the base-`base` machine, naming the first offender. */
export function checkValues(what: string, values: readonly number[], base: number): void {
  values.forEach((value, i) => {
    if (!Number.isInteger(value) || value < 0 || value >= base) {
      throw new RangeError(`${what}[${i}] = ${value} is not a value of the base-${base} machine (0..${base - 1})`);
    }
  });
}

/**
 * The initial memory tape: both machines have exactly one cell per value, addressed by a value
 * (seed eq. 8 writes at the address distribution v1 over b values; ANC's tape is M×M,
 * adaptation/ops.lua). A shorter `memory` is padded with zeros; a longer one is an error.
 */
export function initialTape(memory: readonly number[], base: number): number[] {
  checkBase(base);
  if (memory.length > base) {
    throw new RangeError(`the base-${base} machine has ${base} memory cells, got ${memory.length} values`);
  }
  checkValues("memory", memory, base);
  const tape = new Array<number>(base).fill(0);
  memory.forEach((value, i) => (tape[i] = value));
  return tape;
}
