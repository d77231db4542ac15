import { tf } from "../../engine/backend.js";
import type { Rng } from "../../engine/rng.js";
import { gatherImages, type ImageSplit } from "../../data/images.js";
import { ROAP_VARIABLES, drawRoapSamples, SYMBOL_SCALE, type RoapSplit } from "../../data/roapTasks.js";
import type { Expr } from "../../lang/arith/syntax.js";
import type { Relaxation } from "../../relax/kinds.js";
import { relaxedProgramLoss, sigmaOf } from "../../lang/arith/relaxed/likelihood.js";
import type { RoapModel } from "./model.js";
import type { RoapPlusConfig } from "./config.js";
import type { AbductionProblem } from "./plusAbduction.js";
import { abductionLoss, symbolAbductionLoss, teachingLoss, type ProgramTargets } from "./plusTargets.js";

/**
 * ROAP's training objective (§3, eqs. 3–6) on one batch of N fresh symbol tuples:
 *   loss = mean_t [ mean_i (⟦z_t⟧(g(x_i)) − y_ti)² / (2σ_t²) ] + λ · mean_t E[length(z_t)]
 * with z_t ~ q(z | r({y_ti, g(x_i)})) relaxed by Gumbel-softmax (eq. 5), the Gaussian likelihood of
 * eq. 4 (σ_t the standard deviation of task t's outputs; additive constants dropped) and the
 * length prior of eq. 6. Averaging over tasks and pairs (rather than summing) keeps the learning
 * rate independent of T and N; the ratio of likelihood to prior is that of a per-pair likelihood.
 * ROAP+ (ours) adds the teaching and abduction terms of its found programs (plusTargets.ts).
 */

/** One training batch as tensors. */
export interface RoapBatch {
  /** The grounder's input, [N·V, H, W, C] (sample i's symbol j at row i·V + j). */
  readonly images: tf.Tensor;
  /** y [T, N]. */
  readonly outputs: tf.Tensor;
}

/** N fresh training tuples (symbols uniform in 1..10, images from the train split) for `programs`. */
export function drawTrainingBatch(programs: readonly Expr[], split: ImageSplit, classes: readonly Int32Array[], samples: number, rng: Rng): RoapBatch {
  const drawn = drawRoapSamples(programs, samples, [1, SYMBOL_SCALE], classes, "train", rng);
  return batchTensors(drawn, split, programs.length);
}

/** A split's images and outputs as tensors. */
export function batchTensors(split: RoapSplit, images: ImageSplit, tasks: number): RoapBatch {
  const [, height, width, channels] = images.shape;
  return {
    images: tf.tensor(gatherImages(images, split.images), [split.images.length, height, width, channels], "float32"),
    outputs: tf.tensor(split.outputs, [tasks, split.samples], "float32"),
  };
}

export function disposeBatch(batch: RoapBatch): void {
  tf.dispose([batch.images, batch.outputs]);
}

/**
 * 1 / (2σ_t²) per task, [T, 1]: σ_t is the standard deviation of task t's outputs on `reference`
 * (a large fixed draw from the training distribution), 1 when they are constant.
 */
export function likelihoodWeights(reference: RoapSplit, tasks: number): tf.Tensor {
  return tf.tensor(Float32Array.from(taskVariances(reference, tasks), (variance) => 1 / (2 * variance)), [tasks, 1], "float32");
}

/** σ_t² of every task's outputs on `reference` (1 when they are constant). */
export function taskVariances(reference: RoapSplit, tasks: number): Float64Array {
  return Float64Array.from({ length: tasks }, (_, t) => sigmaOf(Float64Array.from(reference.outputs.subarray(t * reference.samples, (t + 1) * reference.samples))) ** 2);
}

export interface ObjectiveSettings {
  readonly relaxation: Relaxation;
  /** λ of eq. 6 (0 before the prior's epoch). */
  readonly lambda: number;
  /** ROAP+ (ours): the programs found so far and the weights of their teaching and abduction terms. */
  readonly plus?: { readonly targets: ProgramTargets; readonly problem: AbductionProblem; readonly config: RoapPlusConfig };
}

export interface ObjectiveParts {
  readonly loss: tf.Scalar;
  /** Mean squared error of the relaxed programs' outputs (for logs). */
  readonly mse: tf.Scalar;
}

/** Grounds the batch's images, synthesizes, relaxes and executes every task's program. */
export function roapObjective(model: RoapModel, batch: RoapBatch, weights: tf.Tensor, settings: ObjectiveSettings, rng: Rng): ObjectiveParts {
  return tf.tidy(() => {
    const symbols = tf.reshape(model.grounder.apply(batch.images), [-1, ROAP_VARIABLES]); // [N, V]
    const { predicted, length, sketch } = model.head.forward(batch.outputs, symbols, settings.relaxation, rng); // ŷ [T, N]
    const objective = relaxedProgramLoss(predicted, batch.outputs, weights, { lambda: settings.lambda, length }, "mean");
    const { squared } = objective;
    let loss: tf.Tensor = objective.loss;
    const { plus } = settings;
    if (plus !== undefined) {
      if (sketch === undefined) throw new RangeError("ROAP+ needs a straight-line head");
      const { teachWeight, abductionWeight, abduction } = plus.config;
      if (teachWeight > 0) loss = tf.add(loss, tf.mul(teachWeight, teachingLoss(sketch, plus.targets)));
      if (abductionWeight > 0) {
        const term = abduction === "symbols" ? symbolAbductionLoss(plus.problem, symbols, batch.outputs) : abductionLoss(plus.targets, symbols, batch.outputs, weights);
        loss = tf.add(loss, tf.mul(abductionWeight, term));
      }
    }
    return { loss: loss as tf.Scalar, mse: tf.mean<tf.Scalar>(squared) };
  });
}
