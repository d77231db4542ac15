import { beforeAll, describe, expect, it } from "vitest";
import { initEngine } from "../../../src/engine/backend.js";
import { programSpace } from "../../../src/lang/datalog/space/programSpace.js";
import { softTestError } from "../../../src/systems/dilp/softScore.js";
import { trainDilp } from "../../../src/systems/dilp/train.js";
import { shippedTask } from "../../helpers/ilpTasks.js";

/** The paper's mean squared test error, from the network's valuations on the test world. */
describe("softTestError", () => {
  beforeAll(async () => {
    await initEngine();
  });

  it("is near 0 for learned weights, and 1 per misclassified test atom for weights that pick a wrong clause", async () => {
    const task = shippedTask("predecessor");
    const learned = await trainDilp(task, { seed: 0, runs: 1, steps: 300 });
    expect(learned.best.fits).toBe(true);
    expect(softTestError(task, learned.best.logits)).toBeLessThan(0.01);

    // All mass on predecessor(X, Y) :- succ(X, Y): every test positive is missed and every test
    // negative succ(X, Y) atom is derived, a squared error of 1 on each of those.
    const space = programSpace(task);
    const p = space.predicates[0];
    const wrong = p?.slots[0]?.clauses.findIndex((c) => c.clause.body.every((b) => b.predicate === "succ" && b.args.map((t) => t.name).join() === "X,Y")) ?? -1;
    expect(wrong).toBeGreaterThanOrEqual(0);
    const logits = new Float32Array(space.weightCount).fill(-30);
    logits[wrong] = 30;
    const positives = task.test.positive.length;
    const derivedNegatives = task.test.negative.filter((g) => Number(g.args[1]) === Number(g.args[0]) + 1).length;
    const expected = (positives + derivedNegatives) / (positives + task.test.negative.length);
    expect(softTestError(task, logits)).toBeCloseTo(expected, 5);
  });
});
