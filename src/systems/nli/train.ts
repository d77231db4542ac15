import { tf } from "../../engine/backend.js";
import { InputError, TrainingDiverged } from "../../errors.js";
import { Rng } from "../../engine/rng.js";
import { sampleTasks } from "../../data/nli/tasks.js";
import { disposeNets } from "../../nets/net.js";
import { scheduleValue } from "../../relax/schedules.js";
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  loadArray,
  storeArray,
  writeCheckpoint,
  type Checkpoint,
  type ParamsChoice,
  type SelectedParams,
  type StoredArray,
  type TrainingRecord,
} from "./checkpoint.js";
import type { Split } from "../../data/nli/splits.js";
import { configSplit, type NliConfig } from "./config.js";
import { encodePairs } from "./encode.js";
import { trainingLoss } from "./loss.js";
import { nliModel, type NliModel } from "./model.js";
import { DivergenceGuard } from "../../divergence.js";
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
  /** Steps per model-selection window (default SELECTION_WINDOW). */
  readonly selectionWindow?: number;
  /** The parameters of the returned model: "best" (default) by model selection, or "last". */
  readonly keep?: ParamsChoice;
}

/**
 * Model selection by the training signal. Every step's batch is fresh tasks of the split's
 * training functions, so its leave-one-out exact-match rate estimates in-distribution accuracy on
 * unseen tasks. Long runs can diverge late (docs/results/nli.md: a Shift-P run fell from 0.98 to
 * 0.07 exact within 60 steps after step 1150), so the parameters at the end of the window of
 * SELECTION_WINDOW steps with the highest mean rate are kept beside the last ones. Only
 * training-distribution tasks are ever seen; OOD tasks play no part.
 */
export const SELECTION_WINDOW = 100;

/** Mean exact-match rate of the last `window` records, or undefined before there are that many. */
export function windowExact(history: readonly TrainingRecord[], window: number): number | undefined {
  if (history.length < window) return undefined;
  let sum = 0;
  for (let i = history.length - window; i < history.length; i++) sum += (history[i] as TrainingRecord).exact;
  return sum / window;
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

/** Adam's moment decay rates: tfjs's defaults, the values of Kingma & Ba (2015). */
const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;

export async function trainNli(config: NliConfig, options: TrainOptions = {}): Promise<TrainResult> {
  const run = options.resume ? { ...options.resume.config, steps: config.steps } : config;
  const model = nliModel(run);
  const params = model.params();
  const optimizer = tf.train.adam(run.learningRate, ADAM_BETA1, ADAM_BETA2, run.adamEpsilon);
  let history: TrainingRecord[] = [];
  let start = 0;
  let seconds = 0;
  const window = options.selectionWindow ?? SELECTION_WINDOW;
  let best: SelectedParams | undefined;
  // Parameters as a checkpoint stores them; non-finite ones (an update overflowed) are never stored.
  const stored = (): StoredArray[] =>
    params.map((p) => {
      const values = p.dataSync() as Float32Array;
      if (!values.every(Number.isFinite)) throw new TrainingDiverged(`NLI training diverged: parameter ${p.name} holds non-finite values; no checkpoint was written from them (try a smaller --learning-rate)`);
      return storeArray(values, p.shape);
    });
  if (options.resume) {
    restore(options.resume, params, options.checkpointPath);
    ({ step: start, seconds, best } = options.resume);
    history = [...options.resume.history];
    // Adam's iteration count, then its moments in params() order (names are not used to match them).
    await optimizer.setWeights(options.resume.optimizer.map((s, i) => ({ name: `w${i}`, tensor: tf.tensor(loadArray(s), [...s.shape]) })));
    if (options.resume.adamPowers !== undefined) restoreAdamPowers(optimizer, options.resume.adamPowers);
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
      params: stored(),
      // Float32Array.from: Adam's iteration count is an int32 tensor.
      optimizer: weights.map((w) => storeArray(Float32Array.from(w.tensor.dataSync()), w.tensor.shape)),
      adamPowers: adamPowers(optimizer),
      history,
      seconds: seconds + (performance.now() - began) / 1000,
      ...(best === undefined ? {} : { best }),
    };
    if (options.checkpointPath !== undefined) writeCheckpoint(options.checkpointPath, checkpoint);
    return checkpoint;
  };
  try {
    const guard = new DivergenceGuard("NLI training");
    for (let step = start; step < run.steps; step++) {
      const record = trainStep(model, optimizer, run, pool, step);
      guard.record(record.step, record.skipped !== true);
      history.push(record);
      const exact = windowExact(history, window);
      if (exact !== undefined && exact > (best?.exact ?? -Infinity)) best = { step: record.step, exact, params: stored() };
      if (options.checkpointPath !== undefined && (step + 1) % every === 0 && step + 1 < run.steps) await save(step + 1);
      options.onStep?.(record, run.steps);
    }
    const done = Math.max(start, run.steps);
    const checkpoint = await save(done);
    if ((options.keep ?? "best") === "best" && checkpoint.best !== undefined) restoreArrays(checkpoint.best.params, params, "the checkpoint");
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
 * β₁ᵗ and β₂ᵗ as tfjs's Adam holds them: multiplied by β once per step. Its setWeights recomputes
 * them as β^(t+1), which rounds differently in float32, so a resumed run would drift from the
 * uninterrupted one; a checkpoint stores them and `restoreAdamPowers` puts them back, and the
 * resumed run is bitwise the uninterrupted one. (They are private fields of tfjs's AdamOptimizer.)
 */
function adamPowers(optimizer: tf.Optimizer): [number, number] {
  const { accBeta1, accBeta2 } = optimizer as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable };
  return [accBeta1.dataSync()[0] as number, accBeta2.dataSync()[0] as number];
}

function restoreAdamPowers(optimizer: tf.Optimizer, [beta1, beta2]: readonly [number, number]): void {
  const { accBeta1, accBeta2 } = optimizer as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable };
  accBeta1.assign(tf.scalar(beta1));
  accBeta2.assign(tf.scalar(beta2));
}

/**
 * One training step `step` (0-based) of `run`: a batch of fresh training tasks from the step's
 * generator, the loss and its gradients, global-norm clipping, one Adam update (none, and the
 * record marked `skipped`, when the loss or the gradients are not finite).
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
  const { report, applied } = clippedStep(model.params(), optimizer, run.clipNorm, () => {
    const terms = trainingLoss(model, batch, temperatures, weight, rng);
    return { total: terms.total, report: [terms.reconstruction, terms.uniqueTokens, terms.exact, terms.symbolAccuracy] };
  });
  const [reconstruction = NaN, uniqueTokens = NaN, exact = NaN, symbolAccuracy = NaN] = report;
  tf.dispose([batch.inputs, batch.outputs]);
  return { step: step + 1, loss: reconstruction + weight * uniqueTokens, reconstruction, uniqueTokens, exact, symbolAccuracy, ...(applied ? {} : { skipped: true as const }) };
}

/**
 * Loads a checkpoint's last parameters into a freshly built model's variables; parameters that do
 * not fit the model the checkpoint's configuration builds are an InputError naming `source` (the file).
 */
export function restore(checkpoint: Checkpoint, params: readonly tf.Variable[], source = "the checkpoint"): void {
  restoreArrays(checkpoint.params, params, source);
}

function restoreArrays(arrays: readonly StoredArray[], params: readonly tf.Variable[], source: string): void {
  if (arrays.length !== params.length) throw new InputError(`${source}: holds ${arrays.length} parameter arrays, the model its configuration builds has ${params.length}`);
  params.forEach((p, i) => {
    const stored = arrays[i] as StoredArray;
    if (stored.shape.join(",") !== p.shape.join(",")) {
      throw new InputError(`${source}: params[${i}] has shape [${stored.shape.join(", ")}], the model its configuration builds [${p.shape.join(", ")}]`);
    }
  });
  tf.tidy(() => params.forEach((p, i) => p.assign(tf.tensor(loadArray(arrays[i] as StoredArray), p.shape))));
}

/**
 * A model with a checkpoint's parameters (for evaluation): those model selection kept ("best",
 * the default; the last ones when the checkpoint has no selection yet) or the last ones.
 */
export function modelFromCheckpoint(checkpoint: Checkpoint, choice: ParamsChoice = "best", source = "the checkpoint"): NliModel {
  const model = nliModel(checkpoint.config);
  try {
    restoreArrays(choice === "best" && checkpoint.best !== undefined ? checkpoint.best.params : checkpoint.params, model.params(), source);
  } catch (error) {
    disposeNets(model);
    throw error;
  }
  return model;
}
