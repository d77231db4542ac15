import { TrainingDiverged } from "./errors.js";

/** Consecutive skipped steps after which a training run is taken to have diverged. */
export const MAX_SKIPPED_IN_A_ROW = 25;

/**
 * Counts the steps a training loop skipped for a non-finite loss or gradient (ROAP, NLI and its
 * baselines skip them rather than apply them) and stops a run that cannot recover: after
 * MAX_SKIPPED_IN_A_ROW skipped steps in a row it throws TrainingDiverged (exit 2) with what to try.
 */
export class DivergenceGuard {
  private inARow = 0;
  skipped = 0;

  constructor(private readonly what: string) {}

  /** Records step `step` (1-based). */
  record(step: number, applied: boolean): void {
    if (applied) {
      this.inARow = 0;
      return;
    }
    this.skipped++;
    this.inARow++;
    if (this.inARow >= MAX_SKIPPED_IN_A_ROW) {
      throw new TrainingDiverged(`${this.what} diverged: the loss or its gradients were not finite at steps ${step - this.inARow + 1}–${step}; no checkpoint was written from them (try a smaller --learning-rate)`);
    }
  }
}
