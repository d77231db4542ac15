import { tf } from "../src/engine/backend.js";
import { registerWasmKernels, restoreWasmKernels } from "../src/engine/kernels/index.js";
import { Rng } from "../src/engine/rng.js";
import { timeVariants, type BenchRow } from "./timing.js";

/**
 * One training step of a small CNN symbol grounder (ROAP's g: one scalar per 28×28×1 image):
 * conv 3×3×32 'same' → ReLU → maxpool 2 → conv 3×3×64 'same' → ReLU → maxpool 2 → dense 128 →
 * ReLU → dense 1, MSE against random targets, forward + backward + Adam, loss read back to JS.
 * Variants: tfjs's own wasm kernels with only the missing Conv2DBackpropFilter added (the
 * least that runs at all: without it the step throws) versus all of gradsynth's wasm kernels
 * (src/engine/kernels/). wasm only: on the cpu backend the filter gradient alone takes ~50 s.
 */
export function benchCnn(runs: number, batch = 96): BenchRow[] {
  if (tf.getBackend() !== "wasm") {
    process.stderr.write("bench: CNN grounder step skipped (wasm backend only)\n");
    return [];
  }
  const rng = new Rng(11);
  const tensor = (shape: number[], f: () => number) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, f), shape);
  const he = (shape: number[], fanIn: number) => tf.variable(tensor(shape, () => rng.normal() * Math.sqrt(2 / fanIn)));
  const params = {
    w1: he([3, 3, 1, 32], 9),
    b1: tf.variable(tf.zeros([32])),
    w2: he([3, 3, 32, 64], 288),
    b2: tf.variable(tf.zeros([64])),
    w3: he([7 * 7 * 64, 128], 7 * 7 * 64),
    b3: tf.variable(tf.zeros([128])),
    w4: he([128, 1], 128),
    b4: tf.variable(tf.zeros([1])),
  };
  const images = tensor([batch, 28, 28, 1], () => rng.next());
  const targets = tensor([batch, 1], () => 0.1 + 0.9 * rng.next());
  const optimizer = tf.train.adam(1e-3);
  const forward = (x: tf.Tensor4D): tf.Tensor => {
    const p = params;
    const block = (h: tf.Tensor4D, w: tf.Variable, b: tf.Variable): tf.Tensor4D =>
      tf.maxPool(tf.relu(tf.add(tf.conv2d(h, w as tf.Tensor4D, 1, "same"), b)) as tf.Tensor4D, 2, 2, "valid");
    const h = block(block(x, p.w1, p.b1), p.w2, p.b2);
    const flat = tf.reshape(h, [batch, 7 * 7 * 64]);
    const hidden = tf.relu(tf.add(tf.matMul(flat, p.w3), p.b3));
    return tf.add(tf.matMul(hidden, p.w4), p.b4);
  };
  const step = () => {
    tf.tidy(() => {
      const loss = optimizer.minimize(() => tf.mean<tf.Scalar>(tf.squaredDifference(forward(images as tf.Tensor4D), targets)), true);
      loss?.dataSync();
    });
  };
  const before = "tfjs wasm kernels + Conv2DBackpropFilter only";
  const after = "gradsynth wasm kernels (src/engine/kernels)";
  try {
    const timings = timeVariants(
      [
        { name: before, prepare: () => (restoreWasmKernels(), registerWasmKernels(["Conv2DBackpropFilter"])), step, runs: Math.max(3, Math.ceil(runs / 3)), warmUp: 1 },
        { name: after, prepare: () => registerWasmKernels(), step },
      ],
      runs,
    );
    const slow = timings.get(before)?.medianMs ?? NaN;
    return [...timings].map(([variant, t]) => ({
      benchmark: "CNN grounder train step (fwd+bwd+Adam)",
      config: `batch ${batch}, 28×28×1`,
      variant,
      ...t,
      extra: variant === after ? `${(slow / t.medianMs).toFixed(1)}× before; PyTorch 1 thread ≈ 90 ms (DESIGN.md, not measured here)` : "",
    }));
  } finally {
    registerWasmKernels();
    optimizer.dispose();
    tf.dispose([images, targets, ...Object.values(params)]);
  }
}
