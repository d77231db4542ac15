/**
 * One run of a relaxed search, the loop every gradient-based system shares (ROAP's gradient search
 * over sketches, ∂ILP's training, the tuning of compiled register machines): up to `steps`
 * optimiser steps on a relaxed program, and an exact check of the program decoded from it every
 * `checkEvery` steps, after the last step and, with `checkFirst`, before the first; the run ends at
 * the first check that succeeds, or after the check that follows a stall. Restarts are the
 * caller's: each system decides what a new run keeps (solved tasks, the best run so far).
 *
 * Non-finite policy, the same for every system: a step whose gradient is not finite applies no
 * update; it reports `applied: false` and the run counts it in `skipped`. The loss is only
 * reported: ∂ILP's cross-entropy reads NaN on steps where a valuation rounds just above 1 in
 * float32 while its gradient stays finite, and those updates are applied, as they always were. A
 * batched search whose rows are independent programs (ROAP's gradient search) applies the policy
 * per row instead, re-initialising the rows concerned, and reports the step as applied.
 */
export interface SearchStep {
  readonly loss: number;
  /** False when the gradient was not finite and the update was skipped. */
  readonly applied: boolean;
}

export interface SearchRun {
  readonly steps: number;
  readonly checkEvery: number;
  /** Check the decoded program before the first step too (a compiled program may be right already). */
  readonly checkFirst?: boolean;
  /** Takes step `index` (0-based): computes the loss and gradient and, if the gradient is finite, applies the update. */
  step(index: number): SearchStep;
  /** The exact check of the decoded program after `done` steps; true ends the run as a success. */
  check(done: number): boolean | Promise<boolean>;
  /** Whether the run has stalled after `done` steps (∂ILP's plateau rule); a stall ends it after one more check. */
  stalled?(done: number, loss: number): boolean;
  /** Called after every step (and its check, if any), e.g. to report progress. */
  afterStep?(done: number, loss: number): void | Promise<void>;
}

export interface SearchOutcome {
  /** Steps taken. */
  readonly steps: number;
  /** The loss of the last step (NaN when no step was taken). */
  readonly loss: number;
  /** Steps whose update was skipped as not finite. */
  readonly skipped: number;
  /** The steps taken when a check first succeeded (0: before the first step), or null. */
  readonly solvedAt: number | null;
  /** The run ended on a stall without success. */
  readonly stalled: boolean;
}

export async function runSearch(run: SearchRun): Promise<SearchOutcome> {
  const { steps, checkEvery } = run;
  if (!Number.isInteger(checkEvery) || checkEvery < 1) throw new RangeError(`checkEvery must be a positive integer, got ${checkEvery}`);
  if (run.checkFirst === true && (await run.check(0))) return { steps: 0, loss: NaN, skipped: 0, solvedAt: 0, stalled: false };
  let loss = NaN;
  let skipped = 0;
  for (let done = 1; done <= steps; done++) {
    const outcome = run.step(done - 1);
    loss = outcome.loss;
    if (!outcome.applied) skipped++;
    const stalled = run.stalled?.(done, loss) ?? false;
    const solved = (done % checkEvery === 0 || done === steps || stalled) && (await run.check(done));
    if (run.afterStep !== undefined) await run.afterStep(done, loss);
    if (solved || stalled) return { steps: done, loss, skipped, solvedAt: solved ? done : null, stalled: stalled && !solved };
  }
  return { steps, loss, skipped, solvedAt: null, stalled: false };
}
