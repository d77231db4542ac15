/**
 * Index (relative to `start`) of the largest of the `count` entries from `start`: the first one on
 * ties; entries that are NaN never win (0 when all are). The one argmax of the CPU-side decoders
 * (relaxed programs, compiled machines, classifiers).
 */
export function argmaxAt(values: ArrayLike<number>, start: number, count: number): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let k = 0; k < count; k++) {
    const v = values[start + k] as number;
    if (v > bestValue) {
      bestValue = v;
      best = k;
    }
  }
  return best;
}
