import type { Rng } from "../engine/rng.js";
import { evaluateExpr } from "../lang/arith/evaluate.js";
import type { Expr } from "../lang/arith/syntax.js";
import { drawFormulaTasks } from "./formulaTasks.js";
import { byClass, type ImageDataset } from "./images.js";

/**
 * ROAP's benchmark (Tang & Ellis 2023, §4.1, "We build the dataset by …"):
 * - gold symbols s*_{·,i,j} uniform in {1, …, 10} for i ≤ N samples and j ≤ V = 3 symbols, shared
 *   by all tasks ("for computational efficiency": one grounder pass serves every task);
 * - each symbol's image x_{·,i,j} drawn uniformly from the images of class s − 1 (class c stands
 *   for the number c + 1), training samples from the train split, test samples from the test split;
 * - T gold programs z*_t uniform over the semantically distinct formulas with ≤ 3 variables and
 *   ≤ 3 operators (the pool and draw of `drawFormulaTasks`);
 * - outputs y_{t,i} = ⟦z*_t⟧(s*_{·,i} / 10): symbols squashed to 0.1..1.0.
 * - the out-of-distribution split of the generalization loss: new tasks z*_{t'} whose I/O pairs
 *   to synthesize from have symbols ≤ 5 and whose evaluation pairs have symbols > 5; both draw
 *   their images from the test split (the grounder never trained on them).
 */

export const ROAP_VARIABLES = 3;
/** Symbols are 1..10; programs see them divided by this (ROAP squashes them to 0.1..1.0). */
export const SYMBOL_SCALE = 10;
/** The OOD split: symbols ≤ this to synthesize from, > this to evaluate on (ROAP §4.1). */
export const OOD_THRESHOLD = 5;

export interface RoapTaskOptions {
  /** T, the number of tasks (the paper: 500). */
  readonly tasks: number;
  /** N, the number of training I/O pairs (shared symbols) per task. */
  readonly samples: number;
  /** Test I/O pairs per task (default `samples`). */
  readonly testSamples?: number;
  /** New tasks for the generalization loss (default 1). */
  readonly oodTasks?: number;
  /** I/O pairs of each OOD half (default `samples`). */
  readonly oodSamples?: number;
}

/** N samples of V symbols each, with their images and the outputs of every task on them. */
export interface RoapSplit {
  readonly samples: number;
  /** Gold symbols in 1..10, [N, V] row-major. */
  readonly symbols: Uint8Array;
  /** Index of each symbol's image in the dataset split it was drawn from, [N, V]. */
  readonly images: Int32Array;
  /** y[t, i] = program t on symbols[i] / 10, [T, N] row-major. */
  readonly outputs: Float32Array;
}

export interface RoapTaskSet {
  readonly variables: typeof ROAP_VARIABLES;
  readonly tasks: number;
  /** The gold program of each task. */
  readonly programs: readonly Expr[];
  /** Images index `dataset.train`. */
  readonly train: RoapSplit;
  /** Same programs on fresh symbols; images index `dataset.test`. */
  readonly test: RoapSplit;
  readonly ood: {
    readonly programs: readonly Expr[];
    /** Symbols ≤ 5: the pairs a program is synthesized from. Images index `dataset.test`. */
    readonly fit: RoapSplit;
    /** Symbols > 5: the pairs the generalization loss is measured on. Images index `dataset.test`. */
    readonly evaluate: RoapSplit;
  };
}

/** Symbol k (1..10) as a program sees it: k / 10. */
export const squash = (symbol: number): number => symbol / SYMBOL_SCALE;

export function drawRoapTasks(dataset: Pick<ImageDataset, "train" | "test">, options: RoapTaskOptions, rng: Rng): RoapTaskSet {
  const testSamples = options.testSamples ?? options.samples;
  const oodTasks = options.oodTasks ?? 1;
  const oodSamples = options.oodSamples ?? options.samples;
  for (const [key, value] of Object.entries({ tasks: options.tasks, samples: options.samples, testSamples, oodTasks, oodSamples })) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${key} must be a non-negative integer, got ${value}`);
  }
  // One draw for all programs: the first T are the tasks, the rest the OOD tasks.
  const gold = drawFormulaTasks({ count: options.tasks + oodTasks, examples: 0 }, rng).gold;
  const programs = gold.slice(0, options.tasks);
  const oodPrograms = gold.slice(options.tasks);
  const trainClasses = byClass(dataset.train);
  const testClasses = byClass(dataset.test);
  return {
    variables: ROAP_VARIABLES,
    tasks: options.tasks,
    programs,
    train: drawRoapSamples(programs, options.samples, [1, SYMBOL_SCALE], trainClasses, "train", rng),
    test: drawRoapSamples(programs, testSamples, [1, SYMBOL_SCALE], testClasses, "test", rng),
    ood: {
      programs: oodPrograms,
      fit: drawRoapSamples(oodPrograms, oodSamples, [1, OOD_THRESHOLD], testClasses, "test", rng),
      evaluate: drawRoapSamples(oodPrograms, oodSamples, [OOD_THRESHOLD + 1, SYMBOL_SCALE], testClasses, "test", rng),
    },
  };
}

/** Draws `samples` × V symbols uniform in [low, high], an image of each, and every program's outputs. */
export function drawRoapSamples(
  programs: readonly Expr[],
  samples: number,
  [low, high]: readonly [number, number],
  classes: readonly Int32Array[],
  splitName: string,
  rng: Rng,
): RoapSplit {
  const symbols = new Uint8Array(samples * ROAP_VARIABLES);
  const images = new Int32Array(samples * ROAP_VARIABLES);
  for (let k = 0; k < symbols.length; k++) {
    const symbol = low + rng.int(high - low + 1);
    const pool = classes[symbol - 1];
    if (pool === undefined || pool.length === 0) {
      throw new RangeError(`the ${splitName} split has no image of class ${symbol - 1} (symbol ${symbol}); load more images`);
    }
    symbols[k] = symbol;
    images[k] = pool[rng.int(pool.length)] as number;
  }
  const outputs = new Float32Array(programs.length * samples);
  for (let i = 0; i < samples; i++) {
    const input = Array.from(symbols.subarray(i * ROAP_VARIABLES, (i + 1) * ROAP_VARIABLES), squash);
    programs.forEach((program, t) => {
      outputs[t * samples + i] = evaluateExpr(program, input);
    });
  }
  return { samples, symbols, images, outputs };
}

