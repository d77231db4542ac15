import { kernelThreads, kernelWorkersReady, setKernelThreads, THREADS_ENV, type ShardedFunction } from "../src/engine/workers.js";
import { straightLineShards } from "../src/lang/arith/relaxed/straightLineKernel.js";
import type { Variant } from "./timing.js";

/**
 * The thread counts a benchmark compares: 1 and the configured count ($GRADSYNTH_THREADS, else
 * min(2, cores)) when that is more. Waits until the workers are up, so that no timed run falls
 * back to one thread while they start.
 */
export async function threadCounts(fns: readonly ShardedFunction[] = straightLineShards): Promise<number[]> {
  setKernelThreads(undefined);
  const many = kernelThreads();
  if (many === 1) return [1];
  if (!(await kernelWorkersReady(fns))) throw new Error(`kernel workers did not start; run with ${THREADS_ENV}=1`);
  return [1, many];
}

/** One variant per thread count, named `${name}, N thread(s)`. */
export function perThreadCount(threads: readonly number[], name: string, step: () => void, runs?: number): Variant[] {
  return threads.map((n) => ({
    name: `${name}, ${n} thread${n === 1 ? "" : "s"}`,
    prepare: () => setKernelThreads(n),
    step,
    ...(runs === undefined ? {} : { runs }),
  }));
}
