import { Rng } from "../src/engine/rng.js";
import { evaluateExpr } from "../src/lang/arith/evaluate.js";
import { enumerateFormulas } from "../src/lang/arith/formulas.js";
import { OP_COUNT } from "../src/lang/arith/relaxed/coefficients.js";
import { causalMask } from "../src/lang/arith/relaxed/executors.js";
import type { ArithTask } from "../src/lang/arith/task.js";
import { disposeBatch, gradientStep, makeBatch, type SearchRow } from "../src/search/gradientBatch.js";
import { scaleTask } from "../src/search/scaling.js";
import { perThreadCount } from "./threads.js";
import { timeVariants, type BenchRow } from "./timing.js";

/**
 * One step of the gradient solver (src/search/gradientBatch.ts `gradientStep`): Gumbel-softmax
 * relaxation of free logits, the straight-line executor, the Gaussian NLL and the length prior,
 * and the gradients copied back to JS — for `tasks` random ROAP formulas (≤ 3 variables, ≤ 3
 * operators) with `examples` examples each, inputs in 0.1..1.0, L lines.
 */
export function benchGradientStep(threads: readonly number[], runs: number, tasks = 40, examples = 10, lines = 30): BenchRow[] {
  const V = 3;
  const rng = new Rng(7);
  const formulas = enumerateFormulas(V, 3).filter((f) => f.polynomial.key !== "0");
  const arith: ArithTask[] = Array.from({ length: tasks }, (_, t) => {
    const formula = formulas[rng.nextUint32() % formulas.length];
    if (!formula) throw new Error("no formulas");
    return {
      name: `task${t}`,
      examples: Array.from({ length: examples }, () => {
        const input = Array.from({ length: V }, () => (1 + (rng.nextUint32() % 10)) / 10);
        return { input, output: evaluateExpr(formula.expr, input) };
      }),
    };
  });
  const scaled = arith.map((task) => scaleTask(task, 1));
  const rows: SearchRow[] = scaled.map((s, t) => ({ task: t, ...(s.rows[0] as { degree: number; targets: Float64Array }) }));
  const active = rows.map((_, r) => r);
  const batch = makeBatch(active, rows, scaled, V, examples);
  const mask = causalMask(V, lines);
  const logits = {
    op: Float32Array.from({ length: tasks * lines * OP_COUNT }, () => 0.1 * rng.normal()),
    left: Float32Array.from({ length: tasks * lines * (V + lines) }, () => 0.1 * rng.normal()),
    right: Float32Array.from({ length: tasks * lines * (V + lines) }, () => 0.1 * rng.normal()),
  };
  const settings = { lines, vars: V, relaxation: "gumbel" as const, temperature: 1, lambda: 2e-4 };
  const step = () => void gradientStep(logits, batch, settings, rng, mask);
  const timings = timeVariants(perThreadCount(threads, "gradientStep", step), runs);
  disposeBatch(batch);
  mask.bias.dispose();
  const single = [...timings.values()][0]?.medianMs ?? NaN;
  return [...timings].map(([variant, t], k) => ({
    benchmark: "gradient search step (fwd+bwd+relax)",
    config: `${tasks} tasks N=${examples} L=${lines}`,
    variant,
    ...t,
    extra: k === 0 ? "" : `${(single / t.medianMs).toFixed(2)}× 1 thread`,
  }));
}
