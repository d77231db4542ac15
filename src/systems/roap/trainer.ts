import { InputError } from "../../errors.js";
import { tf } from "../../engine/backend.js";
import { Rng } from "../../engine/rng.js";
import { VariableAdam } from "../../engine/variableAdam.js";
import { byClass, type ImageDataset } from "../../data/images.js";
import { ROAP_VARIABLES, drawRoapTasks, type RoapTaskSet } from "../../data/roapTasks.js";
import { scheduleValue } from "../../relax/schedules.js";
import { evaluateExpr } from "../../lang/arith/evaluate.js";
import { validateRoapConfig, type RoapConfig, type RoapPlusConfig } from "./config.js";
import { enumerationSuccess, evaluateRoap, reproducesTask, type RoapMetrics } from "./metrics.js";
import type { Sampling } from "./heads.js";
import { IDENTITY, type Calibration, type FoundProgram } from "./plusFound.js";
import { searchPrograms } from "./plusSearch.js";
import { disposeTargets, programTargets, type ProgramTargets } from "./plusTargets.js";
import { roapModel, type RoapModel } from "./model.js";
import { disposeBatch, drawTrainingBatch, likelihoodWeights, roapObjective, taskVariances } from "./objective.js";
import { abductionProblem, type AbductionProblem } from "./plusAbduction.js";

/**
 * One ROAP training run (§4.1, "Implementation Details"): Adam on the objective of eqs. 3–6 for
 * `epochs × stepsPerEpoch` steps, each on N fresh symbol tuples; the length prior from epoch
 * `priorFromEpoch`, the Gumbel temperature by epoch. A step whose loss or gradients are not finite
 * is skipped (parameters and Adam state stay as they were, the last good state) and counted.
 *
 * Randomness: the tasks (programs, test and OOD splits) come from `seed` alone, so every restart
 * of a configuration trains on the same tasks; initialisation and training draws come from
 * (seed, restart). Everything a resumed run needs is in `RoapTrainerState`.
 */
export interface StepReport {
  readonly step: number;
  readonly epoch: number;
  readonly loss: number;
  readonly mse: number;
  /** True when the step was skipped for a non-finite loss or gradient. */
  readonly skipped: boolean;
}

export interface EpochRecord {
  readonly epoch: number;
  /** Mean training loss and relaxed-output MSE over the epoch's good steps (null when every step was skipped). */
  readonly loss: number | null;
  readonly mse: number | null;
  readonly programSuccess: number;
  readonly symbolicLoss: number;
  readonly testLoss: number;
  readonly meanLength: number;
  readonly skippedSteps: number;
  /** The synthesizer's relaxed-vs-decoded diagnostic (metrics.ts `SketchDiagnostics`; straight-line heads only). */
  readonly relaxedMse?: number;
  readonly decodedMse?: number;
  readonly entropy?: number;
  /** ROAP+ (ours): tasks with a program found by the search after this epoch, and how many of those reproduce the gold outputs. */
  readonly found?: number;
  readonly foundCorrect?: number;
  readonly calibration?: Calibration;
}

/** Wall time of a run's parts: optimizer steps, the end-of-epoch evaluation and ROAP+'s search. */
export interface RoapTiming {
  readonly trainSeconds: number;
  readonly evalSeconds: number;
  readonly searchSeconds: number;
}

/** The part of a trainer that a checkpoint stores besides the parameters and Adam's moments. */
export interface RoapTrainerProgress {
  readonly step: number;
  readonly skippedSteps: number;
  readonly history: readonly EpochRecord[];
  readonly rng: ReturnType<Rng["snapshot"]>;
  /** Sums over the current epoch's good steps, and their count. */
  readonly epochSums: { readonly loss: number; readonly mse: number; readonly steps: number };
  /** ROAP+ (ours): each task's found program (null: none yet) and the calibration it was found under; absent for the paper's ROAP. */
  readonly found?: readonly (FoundProgram | null)[];
  readonly calibration?: Calibration;
}

/** Seed of restart `restart`'s initialisation and training draws (tasks use `seed` itself). */
export const restartSeed = (seed: number, restart: number): number => (seed * 7919 + 104729 * (restart + 1)) | 0;

export class RoapTrainer {
  readonly model: RoapModel;
  readonly tasks: RoapTaskSet;
  private readonly adam: VariableAdam;
  private readonly rng: Rng;
  private readonly classes: Int32Array[];
  private readonly weights: tf.Tensor;
  private stepCount = 0;
  private skipped = 0;
  private records: EpochRecord[] = [];
  private sums = { loss: 0, mse: 0, steps: 0 };
  private found: (FoundProgram | null)[];
  private calibration: Calibration = IDENTITY;
  private targets: { readonly tensors: ProgramTargets; readonly problem: AbductionProblem } | undefined;
  private readonly variances: Float64Array;
  private time = { trainSeconds: 0, evalSeconds: 0, searchSeconds: 0 };

  constructor(
    readonly config: RoapConfig,
    readonly dataset: ImageDataset,
    readonly restart = 0,
  ) {
    validateRoapConfig(config);
    this.tasks = drawRoapTasks(
      dataset,
      { tasks: config.tasks, samples: config.testSamples, testSamples: config.testSamples, oodTasks: config.oodTasks, oodSamples: config.oodSamples },
      new Rng(config.seed),
    );
    const [, size, , channels] = dataset.train.shape;
    this.rng = new Rng(restartSeed(config.seed, restart));
    this.model = roapModel(config, { size, channels }, this.rng);
    this.adam = new VariableAdam(this.model.params(), { learningRate: config.learningRate, beta1: 0.9, beta2: 0.999, epsilon: config.epsilon });
    this.classes = byClass(dataset.train);
    this.weights = likelihoodWeights(this.tasks.train, config.tasks);
    this.variances = taskVariances(this.tasks.train, config.tasks);
    this.found = new Array<FoundProgram | null>(config.tasks).fill(null);
  }

  get totalSteps(): number {
    return this.config.epochs * this.config.stepsPerEpoch;
  }

  get step(): number {
    return this.stepCount;
  }

  get done(): boolean {
    return this.stepCount >= this.totalSteps;
  }

  get history(): readonly EpochRecord[] {
    return this.records;
  }

  get skippedSteps(): number {
    return this.skipped;
  }

  /** ROAP+ (ours): each task's program found by the search so far (all null for the paper's ROAP). */
  get foundPrograms(): readonly (FoundProgram | null)[] {
    return this.found;
  }

  get timing(): RoapTiming {
    return this.time;
  }

  /** One optimizer step; at the end of an epoch it also evaluates and records the epoch. */
  trainStep(): StepReport {
    if (this.done) throw new RangeError(`training is complete (${this.totalSteps} steps)`);
    const { config } = this;
    const epoch = Math.floor(this.stepCount / config.stepsPerEpoch);
    const started = performance.now();
    const settings = {
      relaxation: { kind: config.relaxation, temperature: scheduleValue(config.temperature, epoch) },
      lambda: epoch >= config.priorFromEpoch ? config.lengthPrior : 0,
      plus: config.plus === null || this.targets === undefined ? undefined : { targets: this.targets.tensors, problem: this.targets.problem, config: config.plus },
    };
    const batch = drawTrainingBatch(this.tasks.programs, this.dataset.train, this.classes, config.batch, this.rng);
    const params = this.model.params();
    let loss = NaN;
    let mse = NaN;
    let skipped = false;
    tf.tidy(() => {
      let mseTensor: tf.Scalar | undefined;
      const { value, grads } = tf.variableGrads(() => {
        const parts = roapObjective(this.model, batch, this.weights, settings, this.rng);
        mseTensor = tf.keep(parts.mse);
        return parts.loss;
      }, params);
      const ordered = params.map((p) => grads[p.name] ?? tf.zerosLike(p));
      loss = value.dataSync()[0] as number;
      mse = mseTensor?.dataSync()[0] ?? NaN;
      // One sync for all gradients: a NaN or ±inf anywhere makes the total non-finite.
      const total = tf.addN(ordered.map((g) => tf.sum(g))).dataSync()[0] as number;
      const finite = Number.isFinite(loss) && Number.isFinite(total);
      if (finite) this.adam.apply(ordered, scheduleValue(config.learningRateFactor, epoch));
      else skipped = true;
    });
    disposeBatch(batch);
    this.stepCount++;
    if (skipped) this.skipped++;
    else this.sums = { loss: this.sums.loss + loss, mse: this.sums.mse + mse, steps: this.sums.steps + 1 };
    this.time = { ...this.time, trainSeconds: this.time.trainSeconds + (performance.now() - started) / 1000 };
    if (this.stepCount % config.stepsPerEpoch === 0) {
      if (config.plus !== null && epoch + 1 >= config.plus.fromEpoch) this.searchPrograms(config.plus);
      this.recordEpoch(epoch);
    }
    return { step: this.stepCount, epoch, loss, mse, skipped };
  }

  /** The metrics of the current model (generalization loss included unless asked not to; sample-and-verify decoding when asked for). */
  evaluate(generalization = true, sampling?: Sampling): RoapMetrics {
    return evaluateRoap(this.model, this.tasks, this.dataset, { synthesisPairs: this.config.batch, generalization, sampling });
  }

  /** Tasks bottom-up enumeration solves from the learned symbols on the pairs the synthesizer reads (metrics.ts). */
  enumerationSuccess(): number {
    return enumerationSuccess(this.model, this.tasks, this.dataset.test, this.config.batch);
  }

  /** ROAP+ (ours): searches every task's program from the current symbols and rebuilds the targets. */
  private searchPrograms(plus: RoapPlusConfig): void {
    const started = performance.now();
    const result = searchPrograms(this.model, this.tasks, this.dataset.train, plus, this.config.lines, this.found);
    this.found = result.found;
    this.calibration = result.calibration;
    this.rebuildTargets();
    this.time = { ...this.time, searchSeconds: this.time.searchSeconds + (performance.now() - started) / 1000 };
  }

  private rebuildTargets(): void {
    if (this.targets !== undefined) disposeTargets(this.targets.tensors);
    this.targets = this.found.some((p) => p !== null) ? { tensors: programTargets(this.found, this.config.lines), problem: abductionProblem(this.found, this.variances, ROAP_VARIABLES, this.calibration) } : undefined;
  }

  private recordEpoch(epoch: number): void {
    const started = performance.now();
    const metrics = this.evaluate(false);
    const steps = this.sums.steps;
    const found = this.found.filter((p) => p !== null).length;
    const foundCorrect = this.found.filter((p, t) => p !== null && reproducesTask((input) => evaluateExpr(p.expr, input), this.tasks.test, t)).length;
    this.records.push({
      epoch: epoch + 1,
      loss: steps === 0 ? null : this.sums.loss / steps,
      mse: steps === 0 ? null : this.sums.mse / steps,
      programSuccess: metrics.programSuccess,
      symbolicLoss: metrics.symbolicLoss,
      testLoss: metrics.testLoss,
      meanLength: metrics.meanLength,
      skippedSteps: this.skipped,
      ...(metrics.sketch ?? {}),
      ...(this.config.plus === null ? {} : { found, foundCorrect, calibration: this.calibration }),
    });
    this.sums = { loss: 0, mse: 0, steps: 0 };
    this.time = { ...this.time, evalSeconds: this.time.evalSeconds + (performance.now() - started) / 1000 };
  }

  /** Parameters, Adam's state and the progress: everything `restoreState` needs. */
  saveState(): { readonly params: Float32Array[]; readonly adam: ReturnType<VariableAdam["state"]>; readonly progress: RoapTrainerProgress } {
    return {
      params: this.model.params().map((p) => Float32Array.from(p.dataSync() as Float32Array)),
      adam: this.adam.state(),
      progress: { step: this.stepCount, skippedSteps: this.skipped, history: this.records, rng: this.rng.snapshot(), epochSums: this.sums, ...(this.config.plus === null ? {} : { found: this.found, calibration: this.calibration }) },
    };
  }

  /**
   * Continues from a saved state (a checkpoint read by readCheckpoint, which checked it on its
   * own); parameters that do not fit this model are an InputError naming `source` (the file).
   */
  restoreState(state: ReturnType<RoapTrainer["saveState"]>, source = "the checkpoint"): void {
    const params = this.model.params();
    if (state.params.length !== params.length) throw new InputError(`${source}: holds ${state.params.length} parameter arrays, the model its configuration builds has ${params.length}`);
    params.forEach((p, k) => {
      const size = (state.params[k] as Float32Array).length;
      if (size !== p.size) throw new InputError(`${source}: params[${k}] has ${size} values, the model its configuration builds ${p.size} (shape [${p.shape.join(", ")}])`);
    });
    tf.tidy(() => params.forEach((p, k) => p.assign(tf.tensor(state.params[k] as Float32Array, p.shape, "float32"))));
    this.adam.restore(state.adam);
    this.stepCount = state.progress.step;
    this.skipped = state.progress.skippedSteps;
    this.records = [...state.progress.history];
    this.sums = { ...state.progress.epochSums };
    this.rng.restore(state.progress.rng);
    const found = state.progress.found ?? [];
    if (found.length !== 0 && found.length !== this.config.tasks) throw new InputError(`${source}: holds found programs for ${found.length} tasks, the run has ${this.config.tasks}`);
    this.found = found.length === 0 ? new Array<FoundProgram | null>(this.config.tasks).fill(null) : [...found];
    this.calibration = state.progress.calibration ?? IDENTITY;
    this.rebuildTargets();
  }

  dispose(): void {
    this.model.dispose();
    this.adam.dispose();
    this.weights.dispose();
    if (this.targets !== undefined) disposeTargets(this.targets.tensors);
  }
}
