import { parseArgs } from "node:util";
import { agreesOnUnseenInputs, drawFormulaTasks } from "../src/data/formulaTasks.js";
import { initEngine } from "../src/engine/backend.js";
import { Rng } from "../src/engine/rng.js";
import type { Expr } from "../src/lang/arith/syntax.js";
import { gradientSolve } from "../src/search/gradient.js";
import type { GradientOptions } from "../src/search/gradientOptions.js";

/**
 * The gradient solver on the task set of test/search/gradient.test.ts (40 ROAP formulas, 20
 * examples, seed 2023), with the given options, for several solver seeds: the numbers of
 * docs/results/solve.md.
 *
 *   npx tsx bench/gradientAblation.ts --options '{"samples":0,"logitBound":0}' --seeds 1,2,3 [--divisor 1]
 */
const { values } = parseArgs({ options: { options: { type: "string" }, seeds: { type: "string" }, divisor: { type: "string" } } });
const options = JSON.parse(values.options ?? "{}") as GradientOptions;
const divisor = Number(values.divisor ?? 10);
const { tasks, gold } = drawFormulaTasks({ count: 40, examples: 20, divisor }, new Rng(2023));
await initEngine();
for (const seed of (values.seeds ?? "1").split(",").map(Number)) {
  const start = performance.now();
  const results = await gradientSolve(tasks, { ...options, seed });
  const rng = new Rng(1);
  const good = results.filter((r, t) => r.solved && r.program && agreesOnUnseenInputs(r.program, gold[t] as Expr, rng, divisor)).length;
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  console.log(`${JSON.stringify(options)} seed ${seed}: ${good}/${tasks.length} solved and generalizing, ${seconds} s`);
}
