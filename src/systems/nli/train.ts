import { tf } from "../../engine/backend.js";
import { Rng } from "../../engine/rng.js";
import { sampleTasks } from "../../data/nli/tasks.js";
import { disposeNets } from "../../nets/net.js";
import { scheduleValue } from "../../relax/schedules.js";
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, loadArray, storeArray, writeCheckpoint, type Checkpoint, type TrainingRecord } from "./checkpoint.js";
import type { Split } from "../../data/nli/splits.js";
import { configSplit, type NliConfig } from "./config.js";
import { encodePairs } from "./encode.js";
import { trainingLoss } from "./loss.js";
import { nliModel, type NliModel } from "./model.js";
import { clippedStep } from "./optimize.js";

/**
 * NLI training (seed, Key Design 3): Adam on L_recon + λ L_reg over batches of fresh tasks from
 * the split's training pool, τ_e and τ_d annealed by the config's schedules, gradients clipped by
 * global norm. The tasks of step s come from a generator seeded by (seed, s), so a run resumed from
 * a checkpoint (parameters and Adam state) continues exactly as the uninterrupted run would.
 */
export interface TrainOptions {
  /** Where to write checkpoints (none when undefined). */
  readonly checkpointPath?: string;
  /** Steps between checkpoints (default 100); one is always written at the end. */
  readonly checkpointEvery?: number;
  /** Continue this checkpoint's run (its config is used, with `config.steps` as the new total). */
  readonly resume?: Checkpoint;
  /** Called after every step. */
  readonly onStep?: (record: TrainingRecord, totalSteps: number) => void;
}

export interface TrainResult {
  readonly model: NliModel;
  readonly checkpoint: Checkpoint;
  /** Mean wall time per step of this call, in ms. */
  readonly msPerStep: number;
}

/** The generator of step `step`'s tasks and noise. */
export function stepRng(seed: number, step: number): Rng {
  return new Rng((seed ^ Math.imul(step + 1, 0x9e3779b1)) >>> 0);
}

export async function trainNli(config: NliConfig, options: TrainOptions = {}): Promise<TrainResult> {
  const run = options.resume ? { ...options.resume.config, steps: config.steps } : config;
  const model = nliModel(run);
  const params = model.params();
  const optimizer = tf.train.adam(run.learningRate);
  let history: TrainingRecord[] = [];
  let start = 0;
  let seconds = 0;
  if (options.resume) {
    restore(options.resume, params);
    ({ step: start, seconds } = options.resume);
    history = [...options.resume.history];
    // Adam's iteration count, then its moments in params() order (names are not used to match them).
    await optimizer.setWeights(options.resume.optimizer.map((s, i) => ({ name: `w${i}`, tensor: tf.tensor(loadArray(s), [...s.shape]) })));
  }
  const pool = configSplit(run);
  const every = options.checkpointEvery ?? 100;
  const began = performance.now();
  const save = async (step: number): Promise<Checkpoint> => {
    const weights = await optimizer.getWeights();
    const checkpoint: Checkpoint = {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      config: run,
      step,
      params: params.map((p) => storeArray(p.dataSync() as Float32Array, p.shape)),
      // Float32Array.from: Adam's iteration count is an int32 tensor.
      optimizer: weights.map((w) => storeArray(Float32Array.from(w.tensor.dataSync()), w.tensor.shape)),
      history,
      seconds: seconds + (performance.now() - began) / 1000,
    };
    if (options.checkpointPath !== undefined) writeCheckpoint(options.checkpointPath, checkpoint);
    return checkpoint;
  };
  try {
    for (let step = start; step < run.steps; step++) {
      const record = trainStep(model, optimizer, run, pool, step);
      history.push(record);
      if (options.checkpointPath !== undefined && (step + 1) % every === 0 && step + 1 < run.steps) await save(step + 1);
      options.onStep?.(record, run.steps);
    }
    const done = Math.max(start, run.steps);
    const checkpoint = await save(done);
    const ran = done - start;
    return { model, checkpoint, msPerStep: ran > 0 ? (performance.now() - began) / ran : NaN };
  } catch (error) {
    disposeNets(model);
    throw error;
  } finally {
    optimizer.dispose();
  }
}

/**
 * One training step `step` (0-based) of `run`: a batch of fresh training tasks from the step's
 * generator, the loss and its gradients, global-norm clipping, one Adam update.
 */
export function trainStep(model: NliModel, optimizer: tf.Optimizer, run: NliConfig, pool: Split, step: number): TrainingRecord {
  const rng = stepRng(run.seed, step);
  const tasks = sampleTasks(pool, "train", run.batchTasks, { specPairs: run.specPairs, queryPairs: 0 }, rng);
  const temperatures = { encoder: scheduleValue(run.encoderTemperature, step), decoder: scheduleValue(run.decoderTemperature, step) };
  const weight = step >= run.regularizerFrom ? run.regularizer : 0;
  const batch = encodePairs(
    tasks.map((t) => t.spec),
    run.interpreter.length,
    run.interpreter.alphabet,
  );
  const [reconstruction = NaN, uniqueTokens = NaN, exact = NaN, symbolAccuracy = NaN] = clippedStep(model.params(), optimizer, run.clipNorm, () => {
    const terms = trainingLoss(model, batch, temperatures, weight, rng);
    return { total: terms.total, report: [terms.reconstruction, terms.uniqueTokens, terms.exact, terms.symbolAccuracy] };
  });
  tf.dispose([batch.inputs, batch.outputs]);
  return { step: step + 1, loss: reconstruction + weight * uniqueTokens, reconstruction, uniqueTokens, exact, symbolAccuracy };
}

/** Loads a checkpoint's parameters into a freshly built model's variables. */
export function restore(checkpoint: Checkpoint, params: readonly tf.Variable[]): void {
  if (checkpoint.params.length !== params.length) throw new RangeError(`checkpoint has ${checkpoint.params.length} parameters, the model ${params.length}`);
  params.forEach((p, i) => {
    const stored = checkpoint.params[i];
    if (stored === undefined || stored.shape.join(",") !== p.shape.join(",")) {
      throw new RangeError(`checkpoint parameter ${i} has shape [${stored?.shape.join(", ")}], the model [${p.shape.join(", ")}]`);
    }
    tf.tidy(() => p.assign(tf.tensor(loadArray(stored), [...stored.shape])));
  });
}

/** A model with a checkpoint's parameters (for evaluation). */
export function modelFromCheckpoint(checkpoint: Checkpoint): NliModel {
  const model = nliModel(checkpoint.config);
  restore(checkpoint, model.params());
  return model;
}
