import { RowAdam } from "../../engine/adam.js";
import { tf } from "../../engine/backend.js";
import { fusedOp } from "../../engine/fused.js";
import type { Rng } from "../../engine/rng.js";
import { InputError } from "../../errors.js";
import { plural } from "../../text.js";
import { ancMachineKernel, ancStateLayout, type AncHalting } from "../../lang/asm/anc/relaxed/machineKernel.js";
import { oneHotTapes } from "../../lang/asm/anc/relaxed/encode.js";
import type { AncProgram } from "../../lang/asm/anc/syntax.js";
import type { MemoryExample } from "../../lang/asm/tasks.js";
import { decompile } from "./compiler.js";
import { runSearch } from "../../search/relaxedSearch.js";
import { solvesAll, type TuningData } from "./data.js";
import { compositeLoss, type LossWeights } from "./loss.js";
import { PART_NAMES, partShapes, weightParts, type MachineShape, type MachineWeights } from "./weights.js";

/**
 * One tuning run (seed 002 §2.2): Adam on the machine's logits (weights.ts) against the composite
 * loss of eq. 12 (loss.ts), the machine unrolled for the data's step budget as one fused kernel,
 * in the shared relaxed-search loop (search/relaxedSearch.ts, which also fixes the non-finite
 * policy). Every `checkEvery` steps, and before the first, the weights are decompiled and the
 * program is run by the exact interpreter on the validation examples; the run stops as soon as it
 * is recovered.
 */

export interface TuneSettings {
  /** Adam steps (at most). */
  readonly steps: number;
  readonly learningRate: number;
  readonly loss: LossWeights;
  /** Decompile and check every this many steps. */
  readonly checkEvery: number;
  /** How the machine accumulates halting (machineKernel.ts, which validates it): seed eq. 11's running max, or ANC's cumulative h. */
  readonly halting: AncHalting;
}

/** Defaults measured on the seed's tasks (docs/asm.md, "Tuning"). ANC's experiments use Adam with lr 0.1. */
export const TUNE_DEFAULTS: TuneSettings = {
  steps: 300,
  learningRate: 0.1,
  loss: { correctness: 1, efficiency: 0.01 },
  checkEvery: 10,
  halting: "max",
};

/** What a user may choose of the tuning settings (the rest are TUNE_DEFAULTS): `efficiency` is eq. 12's halting weight. */
export interface TuneChoices {
  readonly steps?: number | undefined;
  readonly learningRate?: number | undefined;
  readonly efficiency?: number | undefined;
  readonly halting?: AncHalting | undefined;
}

/** The tuning settings a job runs with for `choices`: only what was chosen, over TUNE_DEFAULTS. */
export function tuneSettingsOf(choices: TuneChoices): Partial<TuneSettings> {
  return {
    ...(choices.steps === undefined ? {} : { steps: choices.steps }),
    ...(choices.learningRate === undefined ? {} : { learningRate: choices.learningRate }),
    ...(choices.efficiency === undefined ? {} : { loss: { ...TUNE_DEFAULTS.loss, efficiency: choices.efficiency } }),
    ...(choices.halting === undefined ? {} : { halting: choices.halting }),
  };
}

export interface RunResult {
  /** The decompiled program at the end of the run (the recovered one when `recovered`). */
  readonly program: AncProgram;
  readonly confidence: readonly number[];
  readonly recovered: boolean;
  /** The step after which the decompiled program was first recovered (0: the initial program), or null. */
  readonly recoveredAtStep: number | null;
  readonly steps: number;
  /** The composite loss of the last step (NaN when no step was taken). */
  readonly loss: number;
  /** Steps whose gradient was not finite, and so were skipped. */
  readonly skippedSteps: number;
  readonly milliseconds: number;
}

/** Called after every step with the steps done so far. */
export type StepCallback = (step: number) => void | Promise<void>;

function checkSettings(settings: TuneSettings): void {
  const { steps, learningRate, checkEvery, loss } = settings;
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`steps must be a non-negative integer, got ${steps}`);
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new RangeError(`learningRate must be a positive number, got ${learningRate}`);
  if (!Number.isInteger(checkEvery) || checkEvery < 1) throw new RangeError(`checkEvery must be a positive integer, got ${checkEvery}`);
  for (const name of ["correctness", "efficiency"] as const) {
    const value = loss[name];
    if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`the ${name} weight must be a finite number ≥ 0, got ${value}`);
  }
}

/** The one-hot targets of a batch: expected tapes [B, M, M] and masks [B, M] (float32). */
function batchTensors(examples: readonly MemoryExample[], base: number): { memory: tf.Tensor; target: tf.Tensor; mask: tf.Tensor } {
  const B = examples.length;
  const mask = new Float32Array(B * base);
  examples.forEach((e, b) => e.mask.forEach((checked, c) => (mask[b * base + c] = checked ? 1 : 0)));
  return {
    memory: tf.tensor3d(Float32Array.from(oneHotTapes(examples.map((e) => e.memory), base)), [B, base, base]),
    target: tf.tensor3d(Float32Array.from(oneHotTapes(examples.map((e) => e.output), base)), [B, base, base]),
    mask: tf.tensor2d(mask, [B, base]),
  };
}

/** The memory the unrolled machine's saved states may take (float64, for the backward pass). */
export const MAX_MACHINE_STATE_BYTES = 8 * 2 ** 30;

/**
 * The fused machine keeps every step's state for the backward pass: batch × maxSteps states of
 * `ancStateLayout(M, nR).size` float64 values (M² for the memory tape). Refuses, before anything
 * is allocated, a run whose states would pass MAX_MACHINE_STATE_BYTES.
 */
function checkMachineMemory(shape: MachineShape, data: TuningData): void {
  const state = ancStateLayout(shape.base, shape.registers).size;
  const bytes = data.batchSize * data.maxSteps * state * Float64Array.BYTES_PER_ELEMENT;
  if (bytes > MAX_MACHINE_STATE_BYTES) {
    throw new InputError(
      `the differentiable machine would keep about ${(bytes / 2 ** 30).toFixed(1)} GB of states (${data.batchSize} ${plural(data.batchSize, "example")} per step × ${data.maxSteps} steps × ${state} values), ` +
        `over ${MAX_MACHINE_STATE_BYTES / 2 ** 30} GB; use fewer examples per step (--batch, or a shorter examples file), fewer steps (maxSteps) or a smaller base`,
    );
  }
}

/** Tunes `weights` in place on `data` and reports the decompiled program. */
export async function tuneRun(weights: MachineWeights, data: TuningData, settings: TuneSettings, rng: Rng, onStep?: StepCallback): Promise<RunResult> {
  checkSettings(settings);
  const started = performance.now();
  const { shape } = weights;
  if (shape.base !== data.base) throw new RangeError(`the machine has base ${shape.base}, the data base ${data.base}`);
  checkMachineMemory(shape, data);
  const machine = fusedOp(ancMachineKernel(data.maxSteps, settings.halting));
  const shapes = partShapes(shape);
  const adam = new RowAdam(weights.params, weights.params.length, { learningRate: settings.learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  const gradient = new Float32Array(weights.params.length);
  const outcome = await runSearch({
    steps: settings.steps,
    checkEvery: settings.checkEvery,
    checkFirst: true,
    check: () => solvesAll(decompile(weights).program, data.validation, data.base, data.maxSteps),
    step: () => {
      const batch = batchTensors(data.batch(rng), data.base);
      const parts = weightParts(weights);
      const logits = PART_NAMES.map((name) => tf.tensor2d(parts[name], shapes[name]));
      const { value, grads } = tf.valueAndGrads((...xs: tf.Tensor[]) => {
        // eq. 2: every row of the controller, and every initial register, is a softmax of its logits.
        const [ops, arg1, arg2, out, registers] = xs.map((x) => tf.softmax(x));
        const states = machine(ops as tf.Tensor, arg1 as tf.Tensor, arg2 as tf.Tensor, out as tf.Tensor, registers as tf.Tensor, batch.memory);
        const parts = compositeLoss(states, shape, { memory: batch.target, memoryMask: batch.mask }, settings.loss);
        parts.correctness.dispose();
        parts.efficiency.dispose();
        return parts.loss;
      })(logits);
      const loss = value.dataSync()[0] as number;
      let offset = 0;
      for (const g of grads) {
        gradient.set(g.dataSync(), offset);
        offset += g.size;
      }
      tf.dispose([value, ...grads, ...logits, batch.memory, batch.target, batch.mask]);
      const applied = gradient.every(Number.isFinite);
      if (applied) adam.updateRow(0, gradient, 0);
      return { loss, applied };
    },
    ...(onStep === undefined ? {} : { afterStep: (done: number) => onStep(done) }),
  });
  const { program, confidence } = decompile(weights);
  return {
    program,
    confidence,
    recovered: outcome.solvedAt !== null,
    recoveredAtStep: outcome.solvedAt,
    steps: outcome.steps,
    loss: outcome.loss,
    skippedSteps: outcome.skipped,
    milliseconds: performance.now() - started,
  };
}
