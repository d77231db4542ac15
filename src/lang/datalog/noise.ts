import type { Rng } from "../../engine/rng.js";
import type { GroundAtom } from "./syntax.js";
import type { IlpTask } from "./task.js";

/**
 * Mislabelled training data (Evans & Grefenstette 2018, experiments on mislabelled data; the seed's "Mis-labelled Data"
 * slide): a fraction ρ of the training examples, round(ρ·N) of the N of them chosen uniformly
 * without replacement, has its label flipped (positive ↔ negative). Test examples are untouched.
 */
export interface NoisyTask {
  readonly task: IlpTask;
  /** The training examples whose label was flipped. */
  readonly flipped: readonly GroundAtom[];
}

export function flipLabels(task: IlpTask, rho: number, rng: Rng): NoisyTask {
  if (!(rho >= 0 && rho <= 1)) throw new RangeError(`the mislabelled fraction must be in [0, 1], got ${rho}`);
  const examples = [...task.positive.map((g) => ({ g, positive: true })), ...task.negative.map((g) => ({ g, positive: false }))];
  const count = Math.round(rho * examples.length);
  // Partial Fisher–Yates over example positions: the first `count` become a uniform sample without replacement.
  const order = examples.map((_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(order.length - i);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const flip = new Set(order.slice(0, count));
  const positive: GroundAtom[] = [];
  const negative: GroundAtom[] = [];
  examples.forEach((e, i) => (e.positive !== flip.has(i) ? positive : negative).push(e.g));
  return { task: { ...task, positive, negative }, flipped: [...flip].sort((x, y) => x - y).map((i) => (examples[i] as (typeof examples)[number]).g) };
}
