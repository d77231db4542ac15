import { tf } from "../../engine/backend.js";
import { sampleTasks } from "../../data/nli/tasks.js";
import type { Parametric } from "../../nets/net.js";
import { configSplit, type NliConfig } from "./config.js";
import { encodePairs } from "./encode.js";
import type { SpecBatch } from "./loss.js";
import { DivergenceGuard } from "../../divergence.js";
import { clippedStep } from "./optimize.js";
import { stepRng } from "./train.js";

/**
 * The training loop of the baselines trained beside NLI (LPN, In-Context): `config.steps` Adam
 * steps at `config.learningRate`, each on the specification pairs of `config.batchTasks` fresh
 * training tasks from step s's generator stepRng(seed, s) — the same task stream as NLI's own
 * training — with gradients clipped to `config.clipNorm`. `loss` maps a batch to the scalar to
 * minimise.
 */
export function trainOnSpecifications(model: Parametric, config: NliConfig, loss: (batch: SpecBatch) => tf.Scalar, onStep?: (step: number, loss: number) => void): void {
  const pool = configSplit(config);
  const optimizer = tf.train.adam(config.learningRate);
  const { length, alphabet } = config.interpreter;
  const guard = new DivergenceGuard("baseline training");
  try {
    for (let step = 0; step < config.steps; step++) {
      const tasks = sampleTasks(pool, "train", config.batchTasks, { specPairs: config.specPairs, queryPairs: 0 }, stepRng(config.seed, step));
      const batch = encodePairs(
        tasks.map((t) => t.spec),
        length,
        alphabet,
      );
      const { report, applied } = clippedStep(model.params(), optimizer, config.clipNorm, () => {
        const total = loss(batch);
        return { total, report: [total] };
      });
      const [value = NaN] = report;
      tf.dispose([batch.inputs, batch.outputs]);
      guard.record(step + 1, applied);
      onStep?.(step + 1, value);
    }
  } finally {
    optimizer.dispose();
  }
}
