import type { Rng } from "../../engine/rng.js";
import { runProgram, sameValue } from "./evaluate.js";
import type { Program, Value, ValueType } from "./syntax.js";

/**
 * Random inputs drawn as ExeDec's generator draws them (tasks/deepcoder/old_sample_random.py,
 * `random_inputs`, with lists of at most 5 ints, its experiments' setting): an int input is
 * uniform in [0, 5] (ints are only arguments of Take, Drop and Access); a list input takes one
 * range of its ints among [0, 4], [0, 9], [−10, 10], [−50, 50] and one range of its length among
 * [1, 3], [0, 5], each uniformly, and then uniform ints and a uniform length in them.
 */
export const MAX_LIST_LENGTH = 5;
const LIST_INT_RANGES: readonly (readonly [number, number])[] = [[0, 4], [0, 9], [-10, 10], [-50, 50]];
const LENGTH_RANGES: readonly (readonly [number, number])[] = [[1, 3], [0, MAX_LIST_LENGTH]];

const uniform = (rng: Rng, [low, high]: readonly [number, number]): number => low + rng.int(high - low + 1);

/** One input of each type of `types`, each list with its own ranges. */
export function drawInputs(rng: Rng, types: readonly ValueType[]): Value[] {
  return types.map((type) => {
    if (type === "int") return uniform(rng, [0, MAX_LIST_LENGTH]);
    const ints = rng.pick(LIST_INT_RANGES);
    return Array.from({ length: uniform(rng, rng.pick(LENGTH_RANGES)) }, () => uniform(rng, ints));
  });
}

/** Draws on which the gold program may fail before `generalizes` gives up on a fresh input. */
const MAX_REDRAWS = 1000;

/**
 * Whether `found` computes what `gold` computes on `trials` fresh inputs of types `types` (inputs
 * on which the gold program fails are redrawn); null when the gold program failed on 1000 draws in
 * a row. A program consistent with a problem's few examples need not be the intended one: this is
 * how often it is (issue 20's generalization measure).
 */
export function generalizes(found: Program, gold: Program, types: readonly ValueType[], trials: number, rng: Rng): boolean | null {
  for (let t = 0; t < trials; t++) {
    let expected: Value | null = null;
    let inputs: Value[] = [];
    for (let draw = 0; draw < MAX_REDRAWS && expected === null; draw++) {
      inputs = drawInputs(rng, types);
      expected = runProgram(gold, inputs);
    }
    if (expected === null) return null;
    const output = runProgram(found, inputs);
    if (output === null || !sameValue(output, expected)) return false;
  }
  return true;
}
