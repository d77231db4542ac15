import { beforeAll, describe, expect, it } from "vitest";
import { initEngine } from "../../../src/engine/backend.js";
import { printDatalog } from "../../../src/lang/datalog/print.js";
import { isPerfect, scoreProgram } from "../../../src/lang/datalog/score.js";
import { trainDilp } from "../../../src/systems/dilp/train.js";
import { shippedTask } from "../../helpers/ilpTasks.js";
import { printClause } from "../../../src/lang/datalog/print.js";
import { runIlpTask } from "../../../src/systems/dilp/runTask.js";

/**
 * ∂ILP end to end on small tasks of the paper at a fixed seed: the extracted program must be the
 * intended one and classify every training and test example correctly (checked exactly).
 */
describe("trainDilp on the paper's tasks", () => {
  beforeAll(async () => {
    await initEngine();
  });

  it.each([
    ["predecessor", "predecessor(X, Y) :- succ(Y, X)."],
    ["even-odd", "even(X) :- zero(X).\neven(X) :- succ(Y, X), pred1(Y).\npred1(X) :- succ(Y, X), even(Y)."],
    ["member", "member(X, Y) :- value(Y, X).\nmember(X, Y) :- cons(Y, Z), member(X, Z)."],
  ])("learns %s", async (name, expected) => {
    const task = shippedTask(name);
    const result = await trainDilp(task, { seed: 0, runs: 3, steps: 300 });
    expect(result.best.fits).toBe(true);
    expect(printDatalog(result.best.program)).toBe(expected);
    const score = scoreProgram(task, result.best.program);
    expect(isPerfect(score.train) && isPerfect(score.test)).toBe(true);
    // The loss fell from its value at random weights (cross-entropy of a near-uniform guess).
    expect(result.best.loss).toBeLessThan(0.1);
  });

  it("learns buzz as the paper sets it up (§5.3.3: +3 and +2 given as facts, +5 invented)", async () => {
    const task = shippedTask("buzz");
    const result = await trainDilp(task, { seed: 0, runs: 3, steps: 300 });
    expect(result.best.fits).toBe(true);
    const score = scoreProgram(task, result.best.program);
    expect(isPerfect(score.train) && isPerfect(score.test)).toBe(true);
    expect(printDatalog(result.best.program)).toContain("buzz(X) :- zero(X).");
  });

  it("is deterministic for a seed", async () => {
    const task = shippedTask("predecessor");
    const a = await trainDilp(task, { seed: 5, runs: 1, steps: 20, checkEvery: 20 });
    const b = await trainDilp(task, { seed: 5, runs: 1, steps: 20, checkEvery: 20 });
    expect(a.best.loss).toBe(b.best.loss);
    expect(a.best.clauses.map((c) => c.weight)).toEqual(b.best.clauses.map((c) => c.weight));
  });

  it("ends a stalled run early with plateauSteps, and never without it", async () => {
    const task = shippedTask("even-odd");
    // Seed 0: restart 1 solves even-odd by step 50; restart 2 stalls at loss ≈ 0.91 (measured).
    const plateau = await trainDilp(task, { seed: 0, runs: 2, steps: 300, plateauSteps: 50, stopAtFirstFit: false });
    const [solving, stuck] = plateau.runs;
    expect(solving).toMatchObject({ fits: true, stalled: false, steps: 50 });
    expect(stuck?.stalled).toBe(true);
    expect(stuck?.fits).toBe(false);
    expect(stuck?.steps).toBeGreaterThanOrEqual(100);
    expect(stuck?.steps).toBeLessThan(300);
    const fixed = await trainDilp(task, { seed: 0, runs: 2, steps: 300, stopAtFirstFit: false });
    expect(fixed.runs.map((r) => r.stalled)).toEqual([false, false]);
    expect(fixed.runs[1]?.steps).toBe(300);
  });

  it("keeps training through steps whose loss reads NaN while the gradient is finite (a valuation rounded above 1)", async () => {
    // On undirected-edge, steps whose float32 loss is NaN come early; skipping their updates left
    // the weights near their random start, whose extracted program (5-8 clauses) fits the few
    // training examples but not the test world.
    const result = await runIlpTask(shippedTask("undirected-edge"), { method: "dilp", runs: 2, steps: 200, seed: 1 });
    expect(result.program?.clauses.map(printClause).sort()).toEqual(["undirected_edge(X, Y) :- edge(X, Y).", "undirected_edge(X, Y) :- edge(Y, X)."]);
  });
});
