import type { Rng } from "../../engine/rng.js";
import { checkBase } from "./alu.js";

/**
 * Task generators for the register machines: seed 002's Table 1 (inc, map inc, map dec, reduce,
 * parity, fibonacci), the seed's filter (its appendix lists a `filter_loop`), and Adaptive Neural
 * Compilation's access, increment and swap (Bunel et al. 2016 §4.1; the configurations
 * adaptation/examples/{access,increment,swap}.lua of albanD/adaptive-neural-compilation).
 *
 * An example is an I/O memory state: the initial tape, the expected final tape and a mask of the
 * cells that are checked (ANC's `loss_mask`, seed eq. 10's µ). The tape always has `base` cells
 * (one per value, as in both machines); unchecked cells of `output` repeat their initial values.
 * A program solves an example when, run from `memory` with all registers 0 for at most
 * `maxSteps` steps (until it halts or the budget runs out; seed §2.2 unrolls the machine for a
 * fixed number of steps), it leaves every checked cell equal to `output`.
 *
 * The seed defines none of its tasks beyond their names and listings, so the conventions below are
 * gradsynth's, chosen so that the seed's own complete listings solve them under the default
 * budget (docs/asm.md has the table): fixed-length lists start at cell 0 (the seed's loops start
 * their pointer register at 0), the seed's sum listing sums n = 3 cells into cell n, and the budget
 * is short enough that the seed's never-ending map and fibonacci loops do not wrap round the tape
 * onto the checked cells. The ANC tasks keep ANC's layouts, bases and `--max_rec` budgets.
 */

export const TASK_NAMES = ["inc", "map-inc", "map-dec", "reduce", "parity", "fibonacci", "filter", "access", "increment", "swap"] as const;
export type TaskName = (typeof TASK_NAMES)[number];

export function isTaskName(name: string): name is TaskName {
  return (TASK_NAMES as readonly string[]).includes(name);
}

/** One I/O memory state. All three arrays have one entry per tape cell. */
export interface MemoryExample {
  /** The initial tape. */
  readonly memory: readonly number[];
  /** The expected final tape (unchecked cells repeat `memory`). */
  readonly output: readonly number[];
  /** `mask[i]`: whether cell i is checked. */
  readonly mask: readonly boolean[];
}

export interface TaskOptions {
  /** The base b (values 0..b−1, b tape cells). */
  readonly base?: number;
  /** The list length n, for the tasks over a fixed-length list. */
  readonly length?: number;
  /** The step budget. */
  readonly maxSteps?: number;
}

/** A task with its parameters fixed: a seeded generator of examples. */
export interface AsmTask {
  readonly name: TaskName;
  readonly summary: string;
  readonly source: string;
  readonly base: number;
  /** The list length n (undefined for tasks whose lists have random lengths or that have no list). */
  readonly length: number | undefined;
  readonly maxSteps: number;
  sample(rng: Rng): MemoryExample;
}

interface TaskRule {
  readonly summary: string;
  readonly source: string;
  readonly base: number;
  /** The default list length; tasks without one take no `length`. */
  readonly length?: number;
  /** The default step budget for base b and length n. */
  maxSteps(base: number, length: number): number;
  /** Throws a RangeError when the parameters make no task (e.g. a list longer than the tape). */
  check(base: number, length: number): void;
  sample(rng: Rng, base: number, length: number): MemoryExample;
}

/** A uniformly random tape of `base` cells. */
function randomTape(rng: Rng, base: number): number[] {
  return Array.from({ length: base }, () => rng.int(base));
}

/** The example whose final tape is `output` on the cells `checked` and `memory` elsewhere. */
function example(memory: readonly number[], output: readonly number[], checked: readonly number[]): MemoryExample {
  const mask = memory.map(() => false);
  for (const cell of checked) mask[cell] = true;
  return { memory, output: memory.map((value, i) => (mask[i] ? (output[i] as number) : value)), mask };
}

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

function need(condition: boolean, message: string): void {
  if (!condition) throw new RangeError(message);
}

/** map inc / map dec over the list in cells 0..n−1. */
function mapRule(delta: 1 | -1): TaskRule {
  return {
    summary: `${delta > 0 ? "increment" : "decrement"} each of the n cells 0..n−1, mod b`,
    source: "seed 002 Table 1; Listing 1 (map_loop)",
    base: 10,
    length: 4,
    maxSteps: (_base, n) => 10 * n,
    check: (base, n) => need(n >= 1 && n <= base, `the list (n = ${n}) must fit on the ${base}-cell tape`),
    sample(rng, base, n) {
      const memory = randomTape(rng, base);
      const output = memory.map((value, i) => (i < n ? (value + delta + base) % base : value));
      return example(memory, output, range(0, n));
    },
  };
}

/** Fibonacci as the seed's listing writes it: 1, 2, 3, 5, 8, … (F(k+2) in cell k), mod b. */
function fibonacci(n: number, base: number): number[] {
  const values: number[] = [];
  let [current, next] = [1 % base, 2 % base];
  for (let k = 0; k < n; k++) {
    values.push(current);
    [current, next] = [next, (current + next) % base];
  }
  return values;
}

export const TASK_RULES: { readonly [K in TaskName]: TaskRule } = {
  inc: {
    summary: "increment cell 0, mod b",
    source: "seed 002 Table 1",
    base: 10,
    maxSteps: () => 10,
    check: () => undefined,
    sample(rng, base) {
      const memory = randomTape(rng, base);
      return example(memory, [((memory[0] as number) + 1) % base], [0]);
    },
  },
  "map-inc": mapRule(1),
  "map-dec": mapRule(-1),
  reduce: {
    summary: "write the sum of cells 0..n−1, mod b, to cell n",
    source: "seed 002 Table 1; Listing 1 (sum_loop, n = 3)",
    base: 10,
    length: 3,
    maxSteps: (_base, n) => 10 * (n + 1),
    check: (base, n) => need(n >= 1 && n < base, `the list (n = ${n}) and its sum must fit on the ${base}-cell tape`),
    sample(rng, base, n) {
      const memory = randomTape(rng, base);
      const output = [...memory];
      output[n] = memory.slice(0, n).reduce((sum, value) => (sum + value) % base, 0);
      return example(memory, output, [n]);
    },
  },
  parity: {
    summary: "write the parity (sum mod 2) of the n bits in cells 0..n−1 to cell n",
    source: "seed 002 Table 1",
    base: 10,
    length: 4,
    maxSteps: (_base, n) => 10 * (n + 1),
    check: (base, n) => need(n >= 1 && n < base, `the list (n = ${n}) and its parity must fit on the ${base}-cell tape`),
    sample(rng, base, n) {
      const memory = randomTape(rng, base);
      for (let i = 0; i < n; i++) memory[i] = rng.int(2);
      const output = [...memory];
      output[n] = memory.slice(0, n).reduce((sum, bit) => sum + bit, 0) % 2;
      return example(memory, output, [n]);
    },
  },
  fibonacci: {
    summary: "write 1, 2, 3, 5, 8, … (mod b) to cells 0..n−1, whatever the tape holds",
    source: "seed 002 Table 1; Listing 1 (fib_loop)",
    base: 10,
    length: 6,
    maxSteps: (_base, n) => 10 * n,
    check: (base, n) => need(n >= 1 && n <= base, `the sequence (n = ${n}) must fit on the ${base}-cell tape`),
    sample(rng, base, n) {
      const memory = randomTape(rng, base);
      return example(memory, fibonacci(n, base), range(0, n));
    },
  },
  filter: {
    summary: "copy the even values of cells 0..n−1, in order, to cells n, n+1, …; the rest of cells n..2n−1 stays 0",
    source: "seed 002 Appendix A.1 (filter_loop)",
    base: 10,
    length: 4,
    maxSteps: (_base, n) => 15 * n,
    check: (base, n) => need(n >= 1 && 2 * n <= base, `the list and its filtered copy (2n = ${2 * n} cells) must fit on the ${base}-cell tape`),
    sample(rng, base, n) {
      const memory = randomTape(rng, base);
      for (let i = n; i < 2 * n; i++) memory[i] = 0;
      const output = [...memory];
      memory
        .slice(0, n)
        .filter((value) => value % 2 === 0)
        .forEach((value, k) => (output[n + k] = value));
      return example(memory, output, range(n, 2 * n));
    },
  },
  access: {
    summary: "cell 0 holds k; write the list element M[k+1] to cell 0",
    source: "ANC §4.1 Access; adaptation/examples/access.lua",
    base: 10,
    maxSteps: () => 10,
    check: () => undefined,
    sample(rng, base) {
      const memory = randomTape(rng, base);
      const k = rng.int(base - 1);
      memory[0] = k;
      return example(memory, [memory[k + 1] as number], [0]);
    },
  },
  increment: {
    summary: "increment (mod b) each element of the zero-terminated list at cell 0; its elements are 1..b−1",
    source: "ANC §4.1 Increment; adaptation/examples/increment.lua",
    base: 7,
    maxSteps: (base) => 10 * (base - 2),
    check: (base) => need(base >= 3, `increment needs a base of at least 3, got ${base}`),
    sample(rng, base) {
      const length = 1 + rng.int(base - 2);
      const memory = Array.from({ length: base }, (_, i) => (i < length ? 1 + rng.int(base - 1) : 0));
      const output = memory.map((value, i) => (i < length ? (value + 1) % base : value));
      return example(memory, output, range(0, length + 1));
    },
  },
  swap: {
    summary: "cells 0 and 1 hold p and q; swap the list elements at cells p+2 and q+2",
    source: "ANC §4.1 Swap; adaptation/examples/swap.lua",
    base: 10,
    maxSteps: () => 15,
    check: (base) => need(base >= 5, `swap needs a base of at least 5, got ${base}`),
    sample(rng, base) {
      const length = 2 + rng.int(base - 4);
      const [p, q] = [rng.int(length), rng.int(length)];
      const memory = Array.from({ length: base }, (_, i) => (i >= 2 && i < 2 + length ? 1 + rng.int(base - 1) : 0));
      memory[0] = p;
      memory[1] = q;
      const output = [...memory];
      output[2 + p] = memory[2 + q] as number;
      output[2 + q] = memory[2 + p] as number;
      return example(memory, output, [2 + p, 2 + q]);
    },
  },
};

/** The task `name` with the given parameters (defaults: TASK_RULES[name]). */
export function makeTask(name: TaskName, options: TaskOptions = {}): AsmTask {
  const rule = TASK_RULES[name];
  if (rule === undefined) throw new RangeError(`unknown task "${String(name)}" (one of ${TASK_NAMES.join(", ")})`);
  const base = options.base ?? rule.base;
  checkBase(base);
  if (rule.length === undefined && options.length !== undefined) {
    throw new RangeError(`task ${name} has no list length to set`);
  }
  const length = options.length ?? rule.length;
  if (length !== undefined && !Number.isInteger(length)) throw new RangeError(`length must be an integer, got ${length}`);
  rule.check(base, length ?? 0);
  const maxSteps = options.maxSteps ?? rule.maxSteps(base, length ?? 0);
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new RangeError(`maxSteps must be a positive integer, got ${maxSteps}`);
  return {
    name,
    summary: rule.summary,
    source: rule.source,
    base,
    length,
    maxSteps,
    sample: (rng) => rule.sample(rng, base, length ?? 0),
  };
}

/** `count` examples of `task`, drawn from `rng`. */
export function sampleExamples(task: AsmTask, count: number, rng: Rng): MemoryExample[] {
  return Array.from({ length: count }, () => task.sample(rng));
}

/** Whether a final tape agrees with the example on every checked cell. */
export function matchesExample(finalMemory: readonly number[], example: MemoryExample): boolean {
  return example.mask.every((checked, i) => !checked || finalMemory[i] === example.output[i]);
}
