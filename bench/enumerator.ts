import { Rng } from "../src/engine/rng.js";
import type { ArithTask } from "../src/lang/arith/task.js";
import { enumerateTask } from "../src/search/enumerate.js";
import { timeVariants, type BenchRow } from "./timing.js";

/**
 * Bottom-up enumeration with observational equivalence (src/search/enumerate.ts): programs
 * evaluated per second on a 3-variable task with 16 examples (integer inputs 1..10) whose random
 * outputs no formula matches, so the search runs through every size up to `maxOperators`.
 */
export function benchEnumerator(runs: number, maxOperators = 4, examples = 16): BenchRow[] {
  const rng = new Rng(3);
  const task: ArithTask = {
    name: "unsolvable",
    examples: Array.from({ length: examples }, () => ({
      input: Array.from({ length: 3 }, () => 1 + (rng.nextUint32() % 10)),
      output: rng.next() * 1000 + 0.5,
    })),
  };
  let evaluated = 0;
  let banked = 0;
  const step = () => {
    const result = enumerateTask(task, { maxOperators });
    evaluated = result.stats["programsEvaluated"] ?? NaN;
    banked = result.stats["bankSize"] ?? NaN;
    if (result.solved) throw new Error("the enumerator benchmark task should be unsolvable");
  };
  const t = timeVariants([{ name: "enumerateTask", step }], runs).get("enumerateTask");
  if (!t) throw new Error("no timing");
  const rate = evaluated / (t.medianMs / 1000);
  return [{
    benchmark: "enumerator (observational equivalence)",
    config: `V=3 N=${examples} ≤${maxOperators} ops`,
    variant: "enumerateTask",
    ...t,
    extra: `${(rate / 1e6).toFixed(2)} M programs/s (${evaluated} evaluated, ${banked} kept)`,
  }];
}
