import { BINARY_OPS, binary, variable, type BinaryOp, type Expr } from "../lang/arith/syntax.js";
import { OP_RULES, type OpRule } from "../lang/arith/ops.js";
import type { ArithTask } from "../lang/arith/task.js";
import { DEFAULT_TOLERANCE, type SolveResult, type Solver } from "./solver.js";
import { hashVector, makeQuantizer, sameVector, type Quantizer } from "./vectorHash.js";

/**
 * Bottom-up enumerative synthesis with observational equivalence (Udupa et al. 2013, "TRANSIT";
 * Albarghouthi, Gulwani & Kincaid 2013). ROAP §4.1 uses "the bottom-up enumerative search [30] to
 * find the program for the new task" once the symbol grounder is learned.
 *
 * Programs are formulas over s1..sV with the operators add, sub and mul (no constants). The size of
 * a program is its number of binary operators. Level 0 holds the input variables; level k holds
 * `l OP r` for every banked l, r with size(l) + size(r) = k − 1. A candidate is kept only if its
 * output vector on the example inputs differs from every banked vector (within the tolerance):
 * programs that behave the same on the examples are interchangeable inside any larger program, so
 * one representative per behaviour suffices, and the first representative is a smallest one.
 */

export interface EnumerateOptions {
  /** Largest program size (number of operators) to enumerate; default 6. */
  readonly maxOperators?: number;
  /** Relative tolerance for both observational equivalence and matching outputs (see `closeEnough`). */
  readonly tolerance?: number;
  /**
   * Cap on banked (kept) programs; on reaching it the search stops and reports `solved: false`.
   * Default: 2,000,000 programs or 2^25 stored values (256 MB of output vectors), whichever is fewer.
   */
  readonly maxBank?: number;
}

export const DEFAULT_MAX_OPERATORS = 6;
export const DEFAULT_MAX_BANK = 2_000_000;
/** Output vectors are stored in one Float64Array; keep the default under 256 MB. */
const DEFAULT_MAX_POOL_VALUES = 2 ** 25;

/** Operator codes index `BINARY_OPS`; `VAR` marks an input variable (its index in `left`). */
const VAR = 255;
/** The enumerated operators: codes index BINARY_OPS; semantics and symmetry come from OP_RULES. */
const ENUMERATED = BINARY_OPS.map((op, code) => ({ code, commutative: OP_RULES[op].commutative, bilinear: OP_RULES[op].bilinear }));
const INITIAL_CAPACITY = 1024;

/** Default bank cap for vectors of `examples` values. */
export function defaultMaxBank(examples: number): number {
  return Math.max(1, Math.min(DEFAULT_MAX_BANK, Math.floor(DEFAULT_MAX_POOL_VALUES / Math.max(1, examples))));
}

/**
 * pool[out + t] = F(pool[ao + t], pool[bo + t]) for t < n, with F(A, B) = a·A + b·B + ab·A·B the
 * operator's bilinear form (OP_RULES, ROAP Figure 3). Zero terms are left out, so add, sub and mul
 * give exactly A + B, A − B and A · B (and an overflowing A · B never turns A + B into NaN).
 */
function applyBilinear(pool: Float64Array, out: number, ao: number, bo: number, n: number, form: OpRule["bilinear"]): void {
  const { a, b, ab } = form;
  if (ab === 0) {
    for (let t = 0; t < n; t++) pool[out + t] = a * (pool[ao + t] as number) + b * (pool[bo + t] as number);
  } else if (a === 0 && b === 0) {
    for (let t = 0; t < n; t++) pool[out + t] = ab * (pool[ao + t] as number) * (pool[bo + t] as number);
  } else {
    for (let t = 0; t < n; t++) {
      const x = pool[ao + t] as number;
      const y = pool[bo + t] as number;
      pool[out + t] = a * x + b * y + ab * x * y;
    }
  }
}

/**
 * The bank of observationally distinct programs, grown one size level at a time. Programs are
 * stored as parent pointers (operator code, left id, right id) and their output vectors in one
 * growing Float64Array pool (program `id` occupies `pool[id·N .. id·N + N)`), with an
 * open-addressing hash table over the vectors. Ids increase with size, so each level is a
 * contiguous id range.
 */
export class ProgramBank {
  /** Number of input variables (the length of every input row). */
  readonly arity: number;
  /** Number of examples, i.e. the length of every output vector. */
  readonly examples: number;
  readonly tolerance: number;
  readonly maxBank: number;

  private readonly quantizer: Quantizer;
  private evaluated = 0;
  private isFull = false;
  private match: { expr: Expr; size: number; outputs: Float64Array } | undefined;
  private count = 0;
  private capacity = 0;
  private ops = new Uint8Array(0);
  private lefts = new Int32Array(0);
  private rights = new Int32Array(0);
  private hashes = new Int32Array(0);
  private pool = new Float64Array(0);
  /** Open addressing, linear probing; slot k is (id + 1, hash) at [2k, 2k + 1], id + 1 = 0 is empty. */
  private table = new Int32Array(0);
  private mask = 0;
  /** levelStarts[k] is the first id of size k; level k ends where level k + 1 starts (or at count). */
  private readonly levelStarts: number[] = [];
  private readonly columns: Float64Array[];

  /** `inputs[i]` is the input row of example i (all rows must have the same length). */
  constructor(inputs: readonly (readonly number[])[], options: Pick<EnumerateOptions, "tolerance" | "maxBank"> = {}) {
    this.examples = inputs.length;
    this.arity = inputs[0]?.length ?? 0;
    inputs.forEach((row, i) => {
      if (row.length !== this.arity) {
        throw new RangeError(`example ${i + 1} has ${row.length} inputs, but example 1 has ${this.arity}`);
      }
    });
    this.tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
    this.quantizer = makeQuantizer(this.tolerance);
    this.maxBank = options.maxBank ?? defaultMaxBank(this.examples);
    if (!Number.isInteger(this.maxBank) || this.maxBank < 1) {
      throw new RangeError(`maxBank must be a positive integer, got ${this.maxBank}`);
    }
    this.columns = Array.from({ length: this.arity }, (_, v) => Float64Array.from(inputs, (row) => row[v] as number));
    this.resizeTable(INITIAL_CAPACITY * 2);
  }

  /** Candidates whose output vector was computed (kept, duplicate or non-finite). */
  get programsEvaluated(): number {
    return this.evaluated;
  }

  /** True once the search stopped because the bank reached `maxBank`. */
  get full(): boolean {
    return this.isFull;
  }

  /**
   * The first candidate that matched the target passed to `grow` (which is not necessarily
   * banked: the target is checked before deduplication), with its size and output vector.
   */
  get solution(): { readonly expr: Expr; readonly size: number; readonly outputs: Float64Array } | undefined {
    return this.match;
  }

  /** Number of banked programs. */
  get size(): number {
    return this.count;
  }

  /** Number of size levels enumerated so far (level k holds programs with k operators). */
  get levels(): number {
    return this.levelStarts.length;
  }

  /** Id range [start, end) of the banked programs with `size` operators. */
  levelRange(size: number): [start: number, end: number] {
    const start = this.levelStarts[size];
    if (start === undefined) return [this.count, this.count];
    return [start, this.levelStarts[size + 1] ?? this.count];
  }

  /** Number of operators of banked program `id`. */
  sizeOf(id: number): number {
    this.checkId(id);
    let k = this.levelStarts.length - 1;
    while ((this.levelStarts[k] as number) > id) k--;
    return k;
  }

  /** A copy of the output vector of banked program `id` on the examples. */
  outputs(id: number): Float64Array {
    this.checkId(id);
    return this.pool.slice(id * this.examples, (id + 1) * this.examples);
  }

  /** The formula of banked program `id`, rebuilt from the parent pointers. */
  expr(id: number): Expr {
    this.checkId(id);
    return this.build(this.ops[id] as number, this.lefts[id] as number, this.rights[id] as number);
  }

  /**
   * Enumerates the next size level (the variables first, then one operator more per call). If
   * `target` is given, stops at the first candidate whose outputs match it within the tolerance —
   * checked before observational deduplication — records it as `solution` and returns true.
   * Returns false when the level is complete or the bank became `full`.
   */
  grow(target?: Float64Array): boolean {
    if (target !== undefined && target.length !== this.examples) {
      throw new RangeError(`target has ${target.length} values for ${this.examples} examples`);
    }
    if (this.full) return false;
    const k = this.levelStarts.length;
    this.levelStarts.push(this.count);
    return k === 0 ? this.addVariables(target) : this.combine(k, target);
  }

  /**
   * The banked program with the least mean squared error against `target` (ties go to the
   * smaller id, hence the smaller program; NaN errors rank last), or undefined if the bank is empty.
   */
  closest(target: Float64Array): { id: number; mse: number } | undefined {
    if (target.length !== this.examples) {
      throw new RangeError(`target has ${target.length} values for ${this.examples} examples`);
    }
    const n = this.examples;
    let best: { id: number; mse: number } | undefined;
    let bestSum = Infinity;
    for (let id = 0; id < this.count; id++) {
      let sum = 0;
      for (let t = 0, o = id * n; t < n && sum < bestSum; t++, o++) {
        const d = (this.pool[o] as number) - (target[t] as number);
        sum += d * d;
      }
      if (best === undefined || sum < bestSum) {
        bestSum = Number.isNaN(sum) ? Infinity : sum;
        best = { id, mse: n > 0 ? sum / n : 0 };
      }
    }
    return best;
  }

  private addVariables(target: Float64Array | undefined): boolean {
    for (let v = 0; v < this.arity; v++) {
      if (this.count === this.capacity && !this.growStorage()) return false;
      this.pool.set(this.columns[v] as Float64Array, this.count * this.examples);
      if (this.admit(VAR, v, -1, target)) return true;
    }
    return false;
  }

  /** Level k: every `a OP b` with size(a) + size(b) = k − 1; commutative operators skip mirrored pairs. */
  private combine(k: number, target: Float64Array | undefined): boolean {
    const n = this.examples;
    for (let i = 0; i < k; i++) {
      const j = k - 1 - i;
      const [aStart, aEnd] = this.levelRange(i);
      const [bStart, bEnd] = this.levelRange(j);
      for (let a = aStart; a < aEnd; a++) {
        const ao = a * n;
        for (let b = bStart; b < bEnd; b++) {
          const bo = b * n;
          // F(a, b) = F(b, a) for a commutative F: take each unordered pair once.
          const firstOfPair = i < j || (i === j && a <= b);
          for (const { code, commutative, bilinear } of ENUMERATED) {
            if (commutative && !firstOfPair) continue;
            if (this.count === this.capacity && !this.growStorage()) return false;
            applyBilinear(this.pool, this.count * n, ao, bo, n, bilinear);
            if (this.admit(code, a, b, target)) return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * The candidate's outputs are at the pool's tail (slot `count`). Discards non-finite vectors,
   * checks the target, then keeps the candidate only if no banked vector is the same.
   * Returns true iff the candidate matched the target.
   */
  private admit(op: number, left: number, right: number, target: Float64Array | undefined): boolean {
    const n = this.examples;
    const pool = this.pool;
    const out = this.count * n;
    this.evaluated++;
    const hash = hashVector(pool, out, n, this.quantizer);
    if (hash === undefined) return false;
    if (target !== undefined && this.matches(out, target)) {
      this.match = { expr: this.build(op, left, right), size: this.levelStarts.length - 1, outputs: pool.slice(out, out + n) };
      return true;
    }
    // Slots hold (id + 1, hash) side by side, so a probe costs one cache miss, plus one into the
    // pool only when the hashes agree.
    const table = this.table;
    const mask = this.mask;
    let slot = hash & mask;
    for (let entry = table[2 * slot] as number; entry !== 0; entry = table[2 * slot] as number) {
      if (table[2 * slot + 1] === hash && sameVector(pool, (entry - 1) * n, out, n, this.tolerance)) return false;
      slot = (slot + 1) & mask;
    }
    const id = this.count++;
    this.ops[id] = op;
    this.lefts[id] = left;
    this.rights[id] = right;
    this.hashes[id] = hash;
    table[2 * slot] = id + 1;
    table[2 * slot + 1] = hash;
    if (this.count * 2 > mask + 1) this.resizeTable(2 * (mask + 1));
    return false;
  }

  /** closeEnough(out_t, target_t) for every example t, exiting at the first mismatch. */
  private matches(out: number, target: Float64Array): boolean {
    const pool = this.pool;
    const tol = this.tolerance;
    for (let t = 0; t < this.examples; t++) {
      const x = pool[out + t] as number;
      const y = target[t] as number;
      if (!(Math.abs(x - y) <= tol * Math.max(1, Math.abs(x), Math.abs(y)))) return false;
    }
    return true;
  }

  /** Makes room for one more program; false (and `full`) when the bank is at `maxBank`. */
  private growStorage(): boolean {
    if (this.count >= this.maxBank) {
      this.isFull = true;
      return false;
    }
    const capacity = Math.min(this.maxBank, Math.max(INITIAL_CAPACITY, this.capacity * 2));
    const grow = <A extends Uint8Array | Int32Array | Float64Array>(old: A, make: (length: number) => A, width = 1): A => {
      const next = make(capacity * width);
      next.set(old.subarray(0, this.count * width));
      return next;
    };
    this.ops = grow(this.ops, (l) => new Uint8Array(l));
    this.lefts = grow(this.lefts, (l) => new Int32Array(l));
    this.rights = grow(this.rights, (l) => new Int32Array(l));
    this.hashes = grow(this.hashes, (l) => new Int32Array(l));
    // One spare slot so the pool always has room for the candidate being evaluated.
    this.pool = grow(this.pool, (l) => new Float64Array(l + this.examples), this.examples);
    this.capacity = capacity;
    return true;
  }

  /** Rebuilds the hash table with `slots` slots (a power of two) from the stored hashes. */
  private resizeTable(slots: number): void {
    const table = new Int32Array(2 * slots);
    const mask = slots - 1;
    for (let id = 0; id < this.count; id++) {
      const hash = this.hashes[id] as number;
      let slot = hash & mask;
      while (table[2 * slot] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = id + 1;
      table[2 * slot + 1] = hash;
    }
    this.table = table;
    this.mask = mask;
  }

  private build(op: number, left: number, right: number): Expr {
    if (op === VAR) return variable(left);
    return binary(BINARY_OPS[op] as BinaryOp, this.expr(left), this.expr(right));
  }

  private checkId(id: number): void {
    if (!Number.isInteger(id) || id < 0 || id >= this.count) {
      throw new RangeError(`no banked program ${id} (the bank holds ${this.count})`);
    }
  }
}

/** One program yielded by `enumerateBank`; `outputs` and `expr` are computed on access. */
export class BankedProgram {
  constructor(
    private readonly bank: ProgramBank,
    /** Id in the bank (ids increase with size). */
    readonly id: number,
    /** Number of operators. */
    readonly size: number,
  ) {}

  /** Output vector on the example inputs (a fresh copy). */
  get outputs(): Float64Array {
    return this.bank.outputs(this.id);
  }

  get expr(): Expr {
    return this.bank.expr(this.id);
  }
}

/**
 * Yields the observationally distinct programs over the given inputs (`inputs[i]` = input row of
 * example i) in order of non-decreasing size, up to `maxOperators` operators. Each size level is
 * enumerated when the consumer first asks for one of its programs, so stopping early saves the
 * work of larger levels. If the bank reaches `maxBank`, the programs kept so far are yielded and
 * the generator ends.
 */
export function* enumerateBank(
  inputs: readonly (readonly number[])[],
  options: EnumerateOptions = {},
): Generator<BankedProgram, void, undefined> {
  const maxOperators = checkMaxOperators(options.maxOperators);
  const bank = new ProgramBank(inputs, options);
  while (bank.levels <= maxOperators && !bank.full) {
    bank.grow();
    const size = bank.levels - 1;
    const [start, end] = bank.levelRange(size);
    for (let id = start; id < end; id++) yield new BankedProgram(bank, id, size);
  }
}

/**
 * Solves one task: grows the bank level by level until a candidate matches every example output
 * within `closeEnough`, so the returned program is a smallest one (up to the observational
 * equivalence of its subprograms). If none exists within `maxOperators` (or the bank fills up),
 * the result has `solved: false` and, as a best effort, the banked program with the least mean
 * squared error on the examples (ties to the smaller program); `program` is undefined only when
 * the task has no input variables.
 *
 * Stats: `programsEvaluated` (candidate vectors computed), `bankSize` (programs kept), `size`
 * (operators of the returned program, −1 if none), `maxSizeSearched` (largest level entered),
 * `mse` (of the returned program on the examples), `bankFull` (1 if `maxBank` stopped the search).
 */
export function enumerateTask(task: ArithTask, options: EnumerateOptions = {}): SolveResult {
  const maxOperators = checkMaxOperators(options.maxOperators);
  const bank = new ProgramBank(
    task.examples.map((example) => example.input),
    options,
  );
  const target = Float64Array.from(task.examples, (example) => example.output);
  let solved = false;
  while (!solved && bank.levels <= maxOperators && !bank.full) solved = bank.grow(target);
  let program: Expr | undefined;
  let size = -1;
  let mse = NaN;
  const match = bank.solution;
  if (solved && match !== undefined) {
    program = match.expr;
    size = match.size;
    mse = meanSquaredError(match.outputs, target);
  } else {
    const best = bank.closest(target);
    if (best !== undefined) {
      program = bank.expr(best.id);
      size = bank.sizeOf(best.id);
      mse = best.mse;
    }
  }
  return {
    name: task.name,
    solved,
    program,
    stats: {
      programsEvaluated: bank.programsEvaluated,
      bankSize: bank.size,
      size,
      maxSizeSearched: bank.levels - 1,
      mse,
      bankFull: bank.full ? 1 : 0,
    },
  };
}

/** `Solver` over many tasks; each task gets its own bank (tasks may have different inputs). */
export const enumerateSolve: Solver<EnumerateOptions> = async (tasks, options, progress) => {
  const results: SolveResult[] = [];
  for (const [i, task] of tasks.entries()) {
    results.push(enumerateTask(task, options));
    progress?.(i + 1, tasks.length, task.name);
    // Let the event loop run between tasks (progress bars, signals).
    if (i + 1 < tasks.length) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return results;
};

function checkMaxOperators(maxOperators: number | undefined): number {
  const value = maxOperators ?? DEFAULT_MAX_OPERATORS;
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`maxOperators must be a non-negative integer, got ${value}`);
  }
  return value;
}

/** Mean squared error of two equally long vectors (0 for empty ones). */
function meanSquaredError(outputs: Float64Array, target: Float64Array): number {
  let sum = 0;
  for (let t = 0; t < target.length; t++) {
    const d = (outputs[t] as number) - (target[t] as number);
    sum += d * d;
  }
  return target.length > 0 ? sum / target.length : 0;
}
