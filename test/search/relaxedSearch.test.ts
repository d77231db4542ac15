import { describe, expect, it } from "vitest";
import { runSearch, type SearchRun } from "../../src/search/relaxedSearch.js";

/** A run whose step k has loss losses[k] (NaN: not finite, skipped) and whose check succeeds from step `solvesAt`. */
function scripted(losses: readonly number[], solvesAt: number, extra: Partial<SearchRun> = {}): { run: SearchRun; checks: number[]; after: number[] } {
  const checks: number[] = [];
  const after: number[] = [];
  const run: SearchRun = {
    steps: losses.length,
    checkEvery: 3,
    step: (k) => ({ loss: losses[k] as number, applied: Number.isFinite(losses[k]) }),
    check: (done) => {
      checks.push(done);
      return done >= solvesAt;
    },
    afterStep: (done) => {
      after.push(done);
    },
    ...extra,
  };
  return { run, checks, after };
}

describe("the relaxed-search loop", () => {
  it("checks every checkEvery steps and after the last, and stops at the first success", async () => {
    const never = scripted([5, 4, 3, 2, 1, 0.5, 0.2], Infinity);
    expect(await runSearch(never.run)).toEqual({ steps: 7, loss: 0.2, skipped: 0, solvedAt: null, stalled: false });
    expect(never.checks).toEqual([3, 6, 7]);
    expect(never.after).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const early = scripted([5, 4, 3, 2, 1, 0.5, 0.2], 5);
    expect(await runSearch(early.run)).toMatchObject({ steps: 6, solvedAt: 6, loss: 0.5 });
    expect(early.checks).toEqual([3, 6]);
  });

  it("counts the steps whose gradient was not finite as skipped", async () => {
    expect(await runSearch(scripted([1, NaN, Infinity, 0.5], Infinity).run)).toMatchObject({ steps: 4, skipped: 2 });
  });

  it("does not count a step whose loss is not finite but whose update was applied", async () => {
    const run: SearchRun = { steps: 3, checkEvery: 3, step: () => ({ loss: NaN, applied: true }), check: () => false };
    expect(await runSearch(run)).toMatchObject({ steps: 3, skipped: 0 });
  });

  it("checks before the first step with checkFirst (a program right from the start takes no step)", async () => {
    const right = scripted([1, 1], 0, { checkFirst: true });
    expect(await runSearch(right.run)).toEqual({ steps: 0, loss: NaN, skipped: 0, solvedAt: 0, stalled: false });
    expect(right.checks).toEqual([0]);
  });

  it("ends a stalled run after one more check, as stalled unless that check succeeds", async () => {
    const stall = (done: number): boolean => done === 2;
    const stalled = scripted([3, 3, 3, 3], Infinity, { stalled: stall });
    expect(await runSearch(stalled.run)).toEqual({ steps: 2, loss: 3, skipped: 0, solvedAt: null, stalled: true });
    expect(stalled.checks).toEqual([2]);
    expect(await runSearch(scripted([3, 3, 3, 3], 2, { stalled: stall }).run)).toMatchObject({ steps: 2, solvedAt: 2, stalled: false });
  });

  it("rejects a check interval that is not a positive integer", async () => {
    await expect(runSearch(scripted([1], 1, { checkEvery: 0 }).run)).rejects.toThrow("checkEvery must be a positive integer, got 0");
  });
});
