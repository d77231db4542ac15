import { beforeAll, describe, expect, it } from "vitest";
import { drawFormulaTasks, agreesOnUnseenInputs } from "../../src/data/formulaTasks.js";
import { initEngine } from "../../src/engine/backend.js";
import { Rng } from "../../src/engine/rng.js";
import type { Expr } from "../../src/lang/arith/syntax.js";
import { enumerateSolve } from "../../src/search/enumerate.js";
import { gradientSolve } from "../../src/search/gradient.js";
import type { SolveResult } from "../../src/search/solver.js";

/**
 * End-to-end: 40 formulas drawn (fixed seed) from ROAP's task pool — the semantically distinct
 * formulas with ≤ 3 variables and ≤ 3 operators (§4.1) — with symbols in ROAP's squashed range
 * {0.1, …, 1.0}. A task counts as solved only if the returned program reproduces every example
 * and also agrees with the gold formula on 50 unseen inputs.
 */
const TASKS = 40;
const { tasks, gold } = drawFormulaTasks({ count: TASKS, examples: 20 }, new Rng(2023));

function generalizing(results: readonly SolveResult[]): number {
  const rng = new Rng(1);
  return results.filter((r, t) => r.solved && r.program && agreesOnUnseenInputs(r.program, gold[t] as Expr, rng)).length;
}

describe("arithmetic solvers end to end on 40 random ROAP formulas", () => {
  beforeAll(async () => {
    await initEngine();
  });

  it("enumerate solves every task, and every program generalizes", async () => {
    expect(generalizing(await enumerateSolve(tasks, {}))).toBe(TASKS);
  });

  it("gradient search solves at least 90% of the tasks with generalizing programs", async () => {
    expect(generalizing(await gradientSolve(tasks, { seed: 1 }))).toBeGreaterThanOrEqual(Math.ceil(0.9 * TASKS));
  }, 600_000);
});
