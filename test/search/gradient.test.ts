import { beforeAll, describe, expect, it } from "vitest";
import { initEngine } from "../../src/engine/backend.js";
import { Rng } from "../../src/engine/rng.js";
import { evaluateExpr } from "../../src/lang/arith/evaluate.js";
import { enumerateFormulas } from "../../src/lang/arith/formulas.js";
import type { Expr } from "../../src/lang/arith/syntax.js";
import type { ArithTask } from "../../src/lang/arith/task.js";
import { enumerateSolve } from "../../src/search/enumerate.js";
import { gradientSolve } from "../../src/search/gradient.js";
import { closeEnough, type SolveResult } from "../../src/search/solver.js";

/**
 * End-to-end: 40 formulas drawn (fixed seed) from ROAP's task pool — the semantically distinct
 * formulas with ≤ 3 variables and ≤ 3 operators (§4.1) — with symbols in ROAP's squashed range
 * {0.1, …, 1.0}. A task counts as solved only if the returned program also reproduces the gold
 * formula on 50 unseen inputs.
 */
const TASKS = 40;
const EXAMPLES = 20;

function drawTasks(seed: number): { tasks: ArithTask[]; gold: Expr[] } {
  const rng = new Rng(seed);
  const pool = enumerateFormulas(3, 3);
  const gold = Array.from({ length: TASKS }, () => rng.pick(pool).expr);
  const symbols = () => [0, 1, 2].map(() => (1 + rng.int(10)) / 10);
  const tasks = gold.map((expr, t) => ({
    name: `task${t + 1}`,
    examples: Array.from({ length: EXAMPLES }, () => {
      const input = symbols();
      return { input, output: evaluateExpr(expr, input) };
    }),
  }));
  return { tasks, gold };
}

function generalizes(result: SolveResult, gold: Expr, rng: Rng): boolean {
  if (!result.solved || !result.program) return false;
  const program = result.program;
  return Array.from({ length: 50 }, () => [0, 1, 2].map(() => (1 + rng.int(100)) / 10)).every((input) =>
    closeEnough(evaluateExpr(program, input), evaluateExpr(gold, input)),
  );
}

describe("arithmetic solvers end to end on 40 random ROAP formulas", () => {
  const { tasks, gold } = drawTasks(2023);

  beforeAll(async () => {
    await initEngine();
  });

  it("enumerate solves every task, and every program generalizes", async () => {
    const results = await enumerateSolve(tasks, {});
    const rng = new Rng(1);
    results.forEach((r, t) => expect(generalizes(r, gold[t] as Expr, rng), `${r.name}`).toBe(true));
  });

  it("gradient search solves at least 90% of the tasks with generalizing programs", async () => {
    const results = await gradientSolve(tasks, { seed: 1 });
    const rng = new Rng(1);
    const good = results.filter((r, t) => generalizes(r, gold[t] as Expr, rng)).length;
    expect(good).toBeGreaterThanOrEqual(Math.ceil(0.9 * TASKS));
  }, 600_000);
});
