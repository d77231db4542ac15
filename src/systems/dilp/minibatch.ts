import type { Rng } from "../../engine/rng.js";

/**
 * Mini-batches of training examples (Evans & Grefenstette 2018, §5.2: "Each step we sample a
 * mini-batch from the positive and negative examples ... This mini-batching gives the process a
 * stochastic element and helps to escape local minima"). The paper does not state the batch size;
 * here it is a fraction of the examples, rounded, at least one.
 */
export function batchSize(examples: number, fraction: number): number {
  return Math.min(examples, Math.max(1, Math.round(fraction * examples)));
}

/** A 0/1 mask over `examples` positions with `size` ones, drawn uniformly without replacement. */
export function sampleBatch(examples: number, size: number, rng: Rng): Float32Array {
  const order = Int32Array.from({ length: examples }, (_, i) => i);
  const mask = new Float32Array(examples);
  for (let i = 0; i < size; i++) {
    const j = i + rng.int(examples - i);
    const chosen = order[j] as number;
    order[j] = order[i] as number;
    order[i] = chosen;
    mask[chosen] = 1;
  }
  return mask;
}
