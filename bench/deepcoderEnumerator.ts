import { enumerateDeepCoder } from "../src/search/deepcoderEnumerate.js";
import type { DeepCoderProblem } from "../src/lang/deepcoder/taskFile.js";
import { timeVariants, type BenchRow } from "./timing.js";

/**
 * Typed bottom-up enumeration of DeepCoder programs (src/search/deepcoderEnumerate.ts): candidates
 * kept per second on a two-input problem with three examples (ExeDec's shape) whose output, a list
 * longer than any list the DSL can build from its inputs, no program matches, so the search runs
 * through every program of up to `maxSize` statements.
 */
export function benchDeepCoderEnumerator(runs: number, maxSize = 3): BenchRow[] {
  const problem: DeepCoderProblem = {
    index: 0,
    inputNames: ["x0", "x1"],
    program: null,
    examples: [
      { inputs: [[3, -1, 4, 1, -5], [2, 7, 1]], output: [1, 1, 1, 1, 1, 1] },
      { inputs: [[0, 9, 2, 6], [5, -3, 8, 8, 0]], output: [1, 1, 1, 1, 1, 1] },
      { inputs: [[-7, 5, 5], [4, 4, -2, 9]], output: [1, 1, 1, 1, 1, 1] },
    ],
  };
  let banked = 0;
  const step = () => {
    const result = enumerateDeepCoder(problem, { maxSize, timeout: 600 });
    if (result.stop !== "exhausted") throw new Error(`the DeepCoder enumerator benchmark should exhaust its sizes, stopped: ${result.stop}`);
    banked = result.banked;
  };
  const t = timeVariants([{ name: "enumerateDeepCoder", step }], runs).get("enumerateDeepCoder");
  if (!t) throw new Error("no timing");
  return [{
    benchmark: "DeepCoder enumerator (observational equivalence)",
    config: `2 inputs, 3 examples, ≤${maxSize} statements`,
    variant: "enumerateDeepCoder",
    ...t,
    extra: `${(banked / (t.medianMs / 1000) / 1000).toFixed(0)} k kept candidates/s (${banked} kept)`,
  }];
}
