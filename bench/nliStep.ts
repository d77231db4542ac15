import { tf } from "../src/engine/backend.js";
import { Rng } from "../src/engine/rng.js";
import { sampleTasks } from "../src/data/nli/tasks.js";
import { disposeNets } from "../src/nets/net.js";
import { configSplit, defaultConfig } from "../src/systems/nli/config.js";
import { encodePairs } from "../src/systems/nli/encode.js";
import { nliModel } from "../src/systems/nli/model.js";
import { searchPrograms } from "../src/systems/nli/search.js";
import { SEARCH_DEFAULTS } from "../src/systems/nli/searchOptions.js";
import { trainStep } from "../src/systems/nli/train.js";
import { timeVariants, type BenchRow } from "./timing.js";

/**
 * NLI at the CPU scale (issue 6 item 9): one training step (a batch of 16 Shift-L tasks × 4
 * leave-one-out programs of T = 10 tokens: inductor, Gumbel relaxation, interpreter, L_recon +
 * L_reg, backward, clipping, Adam; also without the relabelling σ_k) and gradient search (4 tasks × 16 starts × 5 steps, each
 * start-step executing T tokens on the 4 specification pairs, forward and backward), reported as
 * start-steps per second.
 */
export function benchNliStep(runs: number): BenchRow[] {
  const config = defaultConfig("shift-l", 1000, 1);
  const model = nliModel(config);
  // The interpreter without the relabelling σ_k (nli train --no-relabel), to price it.
  const plainConfig = { ...config, interpreter: { ...config.interpreter, relabelHidden: 0 } };
  const plainModel = nliModel(plainConfig);
  const pool = configSplit(config);
  const optimizer = tf.train.adam(config.learningRate);
  const plainOptimizer = tf.train.adam(config.learningRate);
  const tasks = sampleTasks(pool, "train", 4, { specPairs: config.specPairs, queryPairs: 0 }, new Rng(2));
  const spec = encodePairs(
    tasks.map((t) => t.spec),
    config.interpreter.length,
    config.interpreter.alphabet,
  );
  const search = { ...SEARCH_DEFAULTS, starts: 16, steps: 5 };
  let step = 0;
  try {
    const timings = timeVariants(
      [
        { name: "training step (fwd+bwd+Adam)", step: () => void trainStep(model, optimizer, config, pool, step++) },
        { name: "training step, no relabelling σ", step: () => void trainStep(plainModel, plainOptimizer, plainConfig, pool, step++) },
        { name: "gradient search, 4 tasks × 16 starts × 5 steps", step: () => searchPrograms(model, spec, search, new Rng(3)).programs.dispose() },
      ],
      runs,
      { warmUp: 1 },
    );
    const startSteps = tasks.length * search.starts * search.steps;
    return [...timings].map(([variant, t]) => ({
      benchmark: "NLI",
      config: `Shift-L, T=${config.programLength}, K=${config.interpreter.codebook}, batch ${config.batchTasks} tasks × ${config.specPairs} pairs`,
      variant,
      ...t,
      extra: variant.startsWith("gradient") ? `${Math.round((1000 * startSteps) / t.medianMs)} start-steps/s` : "",
    }));
  } finally {
    tf.dispose([spec.inputs, spec.outputs]);
    optimizer.dispose();
    plainOptimizer.dispose();
    disposeNets(model, plainModel);
  }
}
