import { tf } from "../src/engine/backend.js";
import { Rng } from "../src/engine/rng.js";
import { cnn } from "../src/nets/cnn.js";
import { countParams, disposeNets, type Parametric } from "../src/nets/net.js";
import { resnet18 } from "../src/nets/resnet.js";
import { ROAP_CPU } from "../src/systems/roap/config.js";
import { timeVariants, type BenchRow } from "./timing.js";

/**
 * ROAP's symbol grounders, forward + backward on one step's images (3N = 96 MNIST-sized images):
 * the CPU preset's small CNN against the paper's ResNet-18 (GroupNorm for BatchNorm,
 * src/nets/resnet.ts) at widths 16 and 64 (the standard ResNet-18). Gradients are read back to JS.
 */
export function benchGrounders(runs: number, batch = 96): BenchRow[] {
  const rng = new Rng(12);
  const images = tf.tensor(Float32Array.from({ length: batch * 28 * 28 }, () => rng.next()), [batch, 28, 28, 1]);
  const nets: { name: string; net: Parametric & { apply(x: tf.Tensor): tf.Tensor }; runs: number }[] = [
    { name: `CNN ${ROAP_CPU.grounderConv.join("-")}/${ROAP_CPU.grounderDense} (CPU preset)`, net: cnn(new Rng(1), { conv: ROAP_CPU.grounderConv, dense: ROAP_CPU.grounderDense }), runs },
    { name: "ResNet-18, width 16", net: resnet18(new Rng(1), { width: 16 }), runs },
    { name: "ResNet-18, width 64 (standard)", net: resnet18(new Rng(1), { width: 64 }), runs: Math.max(2, Math.ceil(runs / 5)) },
  ];
  try {
    const timings = timeVariants(
      nets.map(({ name, net, runs: n }) => ({
        name,
        runs: n,
        step: () => tf.tidy(() => Object.values(tf.variableGrads(() => tf.sum<tf.Scalar>(tf.square(net.apply(images))), net.params()).grads).forEach((g) => g.dataSync())),
      })),
      runs,
      { warmUp: 1 },
    );
    return nets.map(({ name, net }) => ({
      benchmark: "grounder fwd+bwd",
      config: `batch ${batch}, 28×28×1`,
      variant: name,
      ...(timings.get(name) as NonNullable<ReturnType<typeof timings.get>>),
      extra: `${(countParams(net) / 1e6).toFixed(2)} M parameters`,
    }));
  } finally {
    images.dispose();
    disposeNets(...nets.map((n) => n.net));
  }
}
