import { tf } from "../src/engine/backend.js";
import { loadImages } from "../src/data/images.js";
import { ROAP_CPU, type RoapConfig } from "../src/systems/roap/config.js";
import { disposeBatch, drawTrainingBatch } from "../src/systems/roap/objective.js";
import { RoapTrainer } from "../src/systems/roap/trainer.js";
import { Rng } from "../src/engine/rng.js";
import { byClass } from "../src/data/images.js";
import { timeVariants, type BenchRow } from "./timing.js";

/**
 * One full ROAP training step at T tasks (issue 3 item 10): draw a batch of N symbol tuples and
 * their 3N MNIST images, ground them (CNN), synthesize every task's program (PointNet), relax,
 * execute and take the length prior (fused kernels), backpropagate, Adam. With a breakdown: the
 * grounder's and the synthesizer's forward + backward passes timed alone on the same batch; the
 * rest (relaxation, executors, loss, Adam, batch drawing) is the difference.
 */
export function benchRoapStep(runs: number, tasks = 500): BenchRow[] {
  const config: RoapConfig = { ...ROAP_CPU, tasks, oodTasks: 0, testSamples: 10, stepsPerEpoch: 1_000_000 };
  const dataset = loadImages("mnist");
  const trainer = new RoapTrainer(config, dataset);
  const batch = drawTrainingBatch(trainer.tasks.programs, dataset.train, byClass(dataset.train), config.batch, new Rng(3));
  const symbols = tf.tidy(() => tf.reshape(trainer.model.grounder.apply(batch.images), [-1, 3]));
  const gradsOf = (loss: () => tf.Scalar, vars: tf.Variable[]) => tf.tidy(() => Object.values(tf.variableGrads(loss, vars).grads).forEach((g) => g.dataSync()));
  const grounder = () => gradsOf(() => tf.sum(trainer.model.grounder.apply(batch.images)), trainer.model.grounder.params());
  const synthesizer = () =>
    gradsOf(() => {
      const forward = trainer.model.head.forward(batch.outputs, symbols, { kind: "gumbel", temperature: 1 }, new Rng(5));
      return tf.sum(forward.predicted);
    }, trainer.model.head.params());
  try {
    const timings = timeVariants(
      [
        { name: "full step (fwd+bwd+Adam)", step: () => void trainer.trainStep() },
        { name: "grounder fwd+bwd", step: grounder },
        { name: "head fwd+bwd (PointNet, relax, executor)", step: synthesizer },
      ],
      runs,
      { warmUp: 2 },
    );
    const full = timings.get("full step (fwd+bwd+Adam)")?.medianMs ?? NaN;
    return [...timings].map(([variant, t]) => ({
      benchmark: "ROAP training step",
      config: `T=${tasks}, N=${config.batch}, L=${config.lines}, CNN ${config.grounderConv.join("-")}/${config.grounderDense}, MLPs ${config.hidden.join("x")}`,
      variant,
      ...t,
      extra: variant.startsWith("full") ? "" : `${((100 * t.medianMs) / full).toFixed(0)}% of the full step`,
    }));
  } finally {
    disposeBatch(batch);
    symbols.dispose();
    trainer.dispose();
  }
}
