import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runForward, sizeOf, type Shape } from "../../src/engine/fused.js";
import { Rng } from "../../src/engine/rng.js";
import { kernelThreads, kernelWorkersReady, runSharded, setKernelThreads, THREADS_ENV } from "../../src/engine/workers.js";
import { OP_COUNT } from "../../src/lang/arith/relaxed/coefficients.js";
import { straightLineKernel, straightLineShards } from "../../src/lang/arith/relaxed/straightLineKernel.js";
import { failShard, markShard } from "./fixtures/shards.js";

/** Row-stochastic float32 weights [T, L, width], row i using the first limit(i) columns. */
function weights(rng: Rng, T: number, L: number, width: number, limit: (i: number) => number): Float32Array {
  const out = new Float32Array(T * L * width);
  for (let r = 0; r < T * L; r++) {
    const allowed = limit(r % L);
    const row = Array.from({ length: allowed }, () => Math.exp(rng.normal()));
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((v, j) => (out[r * width + j] = v / total));
  }
  return out;
}

/** Output and the four gradients of the straight-line kernel with `threads` threads. */
function run(threads: number, inputs: readonly Float32Array[], shapes: readonly Shape[], dOut: Float32Array): Float32Array[] {
  setKernelThreads(threads);
  const { out, saved } = runForward(straightLineKernel, inputs, shapes, (n) => new Float32Array(n));
  const grads = shapes.map((s) => new Float32Array(sizeOf(s)));
  straightLineKernel.backward(inputs, shapes, saved, dOut, grads);
  straightLineKernel.release?.(saved);
  return [out, ...grads];
}

describe("fused kernels on worker threads", () => {
  beforeAll(async () => {
    setKernelThreads(2);
    expect(await kernelWorkersReady([...straightLineShards, markShard, failShard])).toBe(true);
  });
  afterAll(() => setKernelThreads(undefined));

  it("reads the thread count from the setting, then the environment", () => {
    const saved = process.env[THREADS_ENV];
    try {
      setKernelThreads(undefined);
      process.env[THREADS_ENV] = "3";
      expect(kernelThreads()).toBe(3);
      process.env[THREADS_ENV] = "zero";
      expect(() => kernelThreads()).toThrow(/GRADSYNTH_THREADS must be an integer from 1 to 64/);
      setKernelThreads(1);
      expect(kernelThreads()).toBe(1);
      expect(() => setKernelThreads(0)).toThrow(RangeError);
    } finally {
      if (saved === undefined) delete process.env[THREADS_ENV];
      else process.env[THREADS_ENV] = saved;
      setKernelThreads(2);
    }
  });

  it("runs every item once, in contiguous chunks of at least the minimum size, on both threads", () => {
    const buffer = new SharedArrayBuffer(8 * 2 * 50);
    expect(runSharded(markShard, buffer, [100, 60_000], 50, 5)).toBe(2);
    const out = new Float64Array(buffer);
    // 8 chunks of 7 items; the main thread waits for the worker to run one, so both threads ran some.
    expect(Array.from({ length: 50 }, (_, i) => out[2 * i])).toEqual(Array.from({ length: 50 }, (_, i) => 100 + 7 * Math.floor(i / 7)));
    const threads = new Set(Array.from({ length: 50 }, (_, i) => out[2 * i + 1]));
    expect(threads.has(0) && threads.size === 2).toBe(true);
    expect(runSharded(markShard, buffer, [100, 0], 10, 6)).toBe(1); // too little work to hand off
  });

  it("rethrows a worker's error on the calling thread and stays usable", () => {
    const buffer = new SharedArrayBuffer(8);
    expect(() => runSharded(failShard, buffer, [], 4, 1)).toThrow(/failed on purpose/);
    expect(runSharded(markShard, new SharedArrayBuffer(8 * 2 * 4), [0, 0], 4, 1)).toBe(2);
  });

  for (const shared of [true, false]) {
    it(`straight-line executor: bitwise identical on 1 and 2 threads (${shared ? "shared" : "per-task"} symbols)`, () => {
      // N = 10 is not a multiple of the kernel's example block, so padding is exercised too.
      const [T, L, V, N] = [64, 12, 3, 10];
      const rng = new Rng(shared ? 11 : 12);
      const sShape = shared ? [N, V] : [T, N, V];
      const inputs = [
        weights(rng, T, L, OP_COUNT, () => OP_COUNT),
        weights(rng, T, L, V + L, (i) => V + i),
        weights(rng, T, L, V + L, (i) => V + i),
        Float32Array.from({ length: sizeOf(sShape) }, () => 0.1 + 0.9 * rng.next()),
      ];
      const shapes = [[T, L, OP_COUNT], [T, L, V + L], [T, L, V + L], sShape];
      const dOut = Float32Array.from({ length: T * N }, () => rng.normal());
      const single = run(1, inputs, shapes, dOut);
      const multi = run(2, inputs, shapes, dOut);
      const again = run(2, inputs, shapes, dOut); // from a reused (stale) work buffer
      expect(multi).toEqual(single);
      expect(again).toEqual(single);
      for (const x of single) expect(x.every(Number.isFinite)).toBe(true);
    });
  }
});
