import { tf } from "../src/engine/backend.js";
import { Rng } from "../src/engine/rng.js";
import { OP_COUNT } from "../src/lang/arith/relaxed/coefficients.js";
import { causalMask, executeStraightLine } from "../src/lang/arith/relaxed/executors.js";
import { straightLineReference } from "../src/lang/arith/relaxed/straightLineReference.js";
import { maskedSoftmax } from "../src/relax/softmax.js";
import { perThreadCount } from "./threads.js";
import { timeVariants, type BenchRow } from "./timing.js";

export interface ExecutorBenchOptions {
  readonly shapes: readonly (readonly [number, number, number])[];
  readonly threads: readonly number[];
  /** Runs of each fused variant, per shape (scaled down for large shapes by the caller). */
  readonly runs: (shape: readonly [number, number, number]) => number;
  /** Runs of the op-by-op reference (slow: a few are enough). */
  readonly referenceRuns: (shape: readonly [number, number, number]) => number;
}

/**
 * Straight-line executor (ROAP Figure 3), forward + backward: gradients w.r.t. the three weight
 * arrays and the shared symbols, read back to JS. The fused kernel (per thread count) and the
 * op-by-op tfjs reference run the same work; weights are masked softmaxes of random logits and
 * symbols lie in ROAP's 0.1..1.0 range.
 */
export function benchExecutor(options: ExecutorBenchOptions): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const shape of options.shapes) {
    const [T, N, L] = shape;
    const V = 3;
    const rng = new Rng(T * 1000 + N);
    const random = (dims: number[], f: () => number) => tf.tensor(Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, f), dims);
    const mask = causalMask(V, L);
    const wO = maskedSoftmax(random([T, L, OP_COUNT], () => rng.normal()));
    const wL = maskedSoftmax(random([T, L, V + L], () => rng.normal()), mask.bias);
    const wR = maskedSoftmax(random([T, L, V + L], () => rng.normal()), mask.bias);
    const symbols = random([N, V], () => 0.1 + 0.9 * rng.next());
    const step = (f: (...xs: tf.Tensor[]) => tf.Tensor) => () => {
      tf.tidy(() => {
        const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => tf.sum(f(a, b, c, d)))([wO, wL, wR, symbols]);
        for (const g of grads) g.dataSync();
      });
    };
    const fused = perThreadCount(options.threads, "fused kernel", step(executeStraightLine));
    const reference = { name: "op-by-op tfjs reference", step: step(straightLineReference), runs: options.referenceRuns(shape), warmUp: 1 };
    const timings = timeVariants([...fused, reference], options.runs(shape));
    const single = timings.get(fused[0]?.name ?? "")?.medianMs ?? NaN;
    const slow = timings.get(reference.name)?.medianMs ?? NaN;
    for (const [variant, t] of timings) {
      const notes = [];
      if (variant !== reference.name) notes.push(`${(slow / t.medianMs).toFixed(1)}× reference`);
      if (variant !== reference.name && variant !== fused[0]?.name) notes.push(`${(single / t.medianMs).toFixed(2)}× 1 thread`);
      rows.push({ benchmark: "straight-line executor fwd+bwd", config: `T=${T} N=${N} L=${L}`, variant, ...t, extra: notes.join(", ") });
    }
    tf.dispose([mask.bias, wO, wL, wR, symbols]);
  }
  return rows;
}
