import { tf } from "../../engine/backend.js";
import { byClass, gatherImages, type ImageSplit } from "../../data/images.js";
import { ROAP_VARIABLES, squash, type RoapSplit, type RoapTaskSet } from "../../data/roapTasks.js";
import { evaluateExpr } from "../../lang/arith/evaluate.js";
import { enumerateTask } from "../../search/enumerate.js";
import { closeEnough } from "../../search/solver.js";
import { Rng } from "../../engine/rng.js";
import type { DecodedProgram, Sampling } from "./heads.js";
import type { RoapModel } from "./model.js";

/**
 * ROAP's evaluation metrics (§4.1, "Evaluation Metrics"), all on the test split:
 * - program success: tasks whose decoded program z_t = argmax q(z | r(·)) reproduces every test
 *   output from the gold symbols, Σ_t 1(⟦z_t⟧(s*_i) = y_ti ∀i) (up to float tolerance);
 * - symbolic loss: (1 / NV) Σ_ij (g(x_ij) − s*_ij)², in squashed units (0.1..1.0);
 * - test loss: (1 / TN) Σ_ti (⟦z_t⟧(g(x_i)) − y_ti)²;
 * - generalization loss (§4.3): for each new task, ground its images with g, find its program by
 *   bottom-up enumeration (≤ 3 operators, the pool's bound) on the symbol-output pairs with symbols
 *   ≤ 5, and report the MSE of that program on the pairs with symbols > 5.
 * The amortized synthesizer reads (at most) the first `synthesisPairs` test pairs of each task, as
 * it read N pairs per step in training.
 */
export interface RoapMetrics {
  readonly tasks: number;
  /** Number of tasks whose program is correct (paper: 459 / 500). */
  readonly programSuccess: number;
  /** Paper: 0.00086. */
  readonly symbolicLoss: number;
  /** Paper: 0.11. */
  readonly testLoss: number;
  /**
   * MSE of the decoded programs on grounded training pairs (the reference draw of the train
   * split): the paper's criterion for picking the best of several runs.
   */
  readonly trainLoss: number;
  /** Paper: 0.07 (NaN when there are no OOD tasks or it was not asked for). */
  readonly generalizationLoss: number;
  /** Mean operator count of the decoded programs after dead-code elimination (NaN without programs). */
  readonly meanLength: number;
  /** Mean g(x) over (up to 100) test images of each class c, which stands for the symbol (c + 1) / 10. */
  readonly classValues: readonly number[];
  /** The decoded program of every task (undefined for heads without programs). */
  readonly programs: readonly DecodedProgram[] | undefined;
  /** Which tasks are solved. */
  readonly solved: readonly boolean[];
  /** Sample-and-verify decoding (when asked for): the same metrics for the chosen programs. */
  readonly sampled: SampledDecoding | undefined;
  /** How far the decoded programs are from the relaxed ones the loss sees (straight-line heads only). */
  readonly sketch: SketchDiagnostics | undefined;
}

/**
 * A diagnostic of the amortized synthesizer on the pairs it reads (grounded by g): the MSE of the
 * relaxed program (softmax at τ = 1, no Gumbel noise) against that of its argmax decoding, and
 * the mean entropy (nats) of q's rows (each line's operator, left and right argument).
 */
export interface SketchDiagnostics {
  readonly relaxedMse: number;
  readonly decodedMse: number;
  readonly entropy: number;
}

/**
 * Sample-and-verify decoding (ours, an option beside the paper's argmax): K programs drawn from
 * each task's q(z | r(·)) plus the argmax, the one with the least MSE on the task's training pairs
 * under the learned grounder kept. Judged as program success is judged (gold symbols, test outputs).
 */
export interface SampledDecoding {
  /** K, programs drawn per task besides the argmax. */
  readonly samples: number;
  readonly programSuccess: number;
  readonly testLoss: number;
  readonly programs: readonly DecodedProgram[];
  readonly solved: readonly boolean[];
  /** Wall time of drawing and checking the candidates. */
  readonly seconds: number;
}

/** Images per grounder call in evaluation (bounds the memory of one forward pass). */
const GROUND_CHUNK = 512;

/** g(x) for the images at `indices` (e.g. a split's [N·V] images, in its order). */
export function ground(model: RoapModel, indices: Int32Array, images: ImageSplit): Float32Array {
  const [, height, width, channels] = images.shape;
  const out = new Float32Array(indices.length);
  for (let start = 0; start < indices.length; start += GROUND_CHUNK) {
    const chunk = indices.subarray(start, Math.min(start + GROUND_CHUNK, indices.length));
    const values = tf.tidy(() => {
      const x = tf.tensor(gatherImages(images, chunk), [chunk.length, height, width, channels], "float32");
      return model.grounder.apply(x).dataSync();
    });
    out.set(values, start);
  }
  return out;
}

/** The head's first `pairs` pairs of `split` (outputs [T, n], grounded symbols [n, V]) as tensors. */
function synthesisInputs(split: RoapSplit, grounded: Float32Array, tasks: number, pairs: number): { outputs: tf.Tensor; symbols: tf.Tensor } {
  const n = Math.min(pairs, split.samples);
  const outputs = new Float32Array(tasks * n);
  for (let t = 0; t < tasks; t++) outputs.set(split.outputs.subarray(t * split.samples, t * split.samples + n), t * n);
  return { outputs: tf.tensor(outputs, [tasks, n], "float32"), symbols: tf.tensor(grounded.subarray(0, n * ROAP_VARIABLES), [n, ROAP_VARIABLES], "float32") };
}

/** Each task's candidate programs, the argmax first (undefined for heads without programs). */
export function decodePrograms(model: RoapModel, split: RoapSplit, grounded: Float32Array, tasks: number, pairs: number, sampling?: Sampling): readonly (readonly DecodedProgram[])[] | undefined {
  const { outputs, symbols } = synthesisInputs(split, grounded, tasks, pairs);
  try {
    return model.head.decode(outputs, symbols, sampling);
  } finally {
    tf.dispose([outputs, symbols]);
  }
}

/** Predictions [T, N] on a split's grounded symbols: the decoded programs', or the neural head's. */
function predictions(model: RoapModel, programs: readonly DecodedProgram[] | undefined, split: RoapSplit, grounded: Float32Array, tasks: number): Float32Array {
  if (programs !== undefined) {
    const out = new Float32Array(tasks * split.samples);
    programs.forEach((program, t) => {
      for (let i = 0; i < split.samples; i++) out[t * split.samples + i] = program.evaluate(groundedInput(grounded, i));
    });
    return out;
  }
  const { outputs, symbols } = synthesisInputs(split, grounded, tasks, split.samples);
  try {
    return model.head.predict(outputs, symbols);
  } finally {
    tf.dispose([outputs, symbols]);
  }
}

/** Row i of a split's symbols (1..10) or grounded values, as a program input. */
const goldInput = (split: RoapSplit, i: number): number[] =>
  Array.from(split.symbols.subarray(i * ROAP_VARIABLES, (i + 1) * ROAP_VARIABLES), squash);
const groundedInput = (grounded: Float32Array, i: number): number[] => Array.from(grounded.subarray(i * ROAP_VARIABLES, (i + 1) * ROAP_VARIABLES));

/** Whether a program gives task t's every test output from the gold symbols (program success's test). */
export function reproducesTask(program: (input: readonly number[]) => number, split: RoapSplit, t: number): boolean {
  for (let i = 0; i < split.samples; i++) {
    if (!closeEnough(program(goldInput(split, i)), split.outputs[t * split.samples + i] as number)) return false;
  }
  return true;
}

/**
 * A diagnostic beside the paper's metrics: the number of tasks whose program bottom-up enumeration
 * (≤ 3 operators, the pool's bound) finds from the learned grounder's symbols on the first `pairs`
 * test pairs, counted as program success counts (the found program reproduces every test output
 * from the gold symbols). It is what the synthesizer could reach with this grounder: when it is
 * far above program success, the amortized synthesizer, not the grounder, is what limits.
 */
export function enumerationSuccess(model: RoapModel, tasks: RoapTaskSet, images: ImageSplit, pairs: number): number {
  const split = tasks.test;
  const n = Math.min(pairs, split.samples);
  const grounded = ground(model, split.images.subarray(0, n * ROAP_VARIABLES), images);
  let solved = 0;
  for (let t = 0; t < tasks.tasks; t++) {
    const examples = Array.from({ length: n }, (_, i) => ({ input: groundedInput(grounded, i), output: split.outputs[t * split.samples + i] as number }));
    const found = enumerateTask({ name: `task-${t}`, examples }, { maxOperators: 3 }).program;
    if (found !== undefined && reproducesTask((input) => evaluateExpr(found, input), split, t)) solved++;
  }
  return solved;
}

export interface EvaluateOptions {
  /** Test pairs the amortized synthesizer reads per task. */
  readonly synthesisPairs: number;
  /** Also compute the generalization loss (it enumerates programs; default true). */
  readonly generalization?: boolean;
  /** Sample-and-verify decoding with this many samples per task and generator (default: none). */
  readonly sampling?: Sampling;
}

export function evaluateRoap(model: RoapModel, tasks: RoapTaskSet, images: { readonly train: ImageSplit; readonly test: ImageSplit }, options: EvaluateOptions): RoapMetrics {
  const split = tasks.test;
  const grounded = ground(model, split.images, images.test);
  const decodeStarted = performance.now();
  const candidates = decodePrograms(model, split, grounded, tasks.tasks, options.synthesisPairs, options.sampling);
  const programs = candidates?.map((list) => list[0] as DecodedProgram);
  const decodeSeconds = options.sampling === undefined ? 0 : (performance.now() - decodeStarted) / 1000;

  let symbolic = 0;
  for (let k = 0; k < grounded.length; k++) symbolic += ((grounded[k] as number) - squash(split.symbols[k] as number)) ** 2;

  // Without programs (the CNN+MLP baselines) no task counts as solved, as in the paper's 0 / 500.
  const solvedBy = (chosen: readonly DecodedProgram[] | undefined): boolean[] =>
    Array.from({ length: tasks.tasks }, (_, t) => {
      const program = chosen?.[t];
      return program !== undefined && reproducesTask((input) => program.evaluate(input), split, t);
    });
  const solved = solvedBy(programs);
  const trainGrounded = ground(model, tasks.train.images, images.train);
  const sketch = programs === undefined ? undefined : sketchDiagnostics(model, programs, split, grounded, tasks.tasks, options.synthesisPairs);
  let sampled: SampledDecoding | undefined;
  if (options.sampling !== undefined && candidates !== undefined) {
    const started = performance.now();
    const chosen = candidates.map((list, t) => verified(list, tasks.train, trainGrounded, t));
    const chosenSolved = solvedBy(chosen);
    sampled = {
      samples: options.sampling.samples,
      programSuccess: chosenSolved.filter(Boolean).length,
      testLoss: meanSquaredError(predictions(model, chosen, split, grounded, tasks.tasks), split.outputs),
      programs: chosen,
      solved: chosenSolved,
      seconds: (performance.now() - started) / 1000 + decodeSeconds,
    };
  }

  return {
    tasks: tasks.tasks,
    programSuccess: solved.filter(Boolean).length,
    symbolicLoss: symbolic / grounded.length,
    testLoss: meanSquaredError(predictions(model, programs, split, grounded, tasks.tasks), split.outputs),
    trainLoss: meanSquaredError(predictions(model, programs, tasks.train, trainGrounded, tasks.tasks), tasks.train.outputs),
    generalizationLoss: options.generalization === false ? NaN : generalizationLoss(model, tasks, images.test),
    meanLength: programs === undefined ? NaN : programs.reduce((sum, p) => sum + p.length, 0) / Math.max(1, programs.length),
    classValues: classValues(model, images.test),
    programs,
    solved,
    sampled,
    sketch,
  };
}

function sketchDiagnostics(model: RoapModel, programs: readonly DecodedProgram[], split: RoapSplit, grounded: Float32Array, tasks: number, pairs: number): SketchDiagnostics | undefined {
  const { outputs, symbols } = synthesisInputs(split, grounded, tasks, pairs);
  try {
    const n = outputs.shape[1] as number;
    let relaxedMse = NaN;
    let entropy = NaN;
    tf.tidy(() => {
      const forward = model.head.forward(outputs, symbols, { kind: "softmax", temperature: 1 }, new Rng(0));
      if (forward.sketch === undefined) return;
      relaxedMse = tf.mean(tf.square(tf.sub(forward.predicted, outputs))).dataSync()[0] as number;
      const rowEntropy = (logits: tf.Tensor) => {
        const logP = tf.logSoftmax(logits);
        return tf.neg(tf.sum(tf.mul(tf.exp(logP), logP), -1));
      };
      const { op, left, right } = forward.sketch;
      entropy = tf.mean(tf.stack([rowEntropy(op), rowEntropy(left), rowEntropy(right)])).dataSync()[0] as number;
    });
    if (Number.isNaN(entropy)) return undefined;
    const target = outputs.dataSync();
    let squared = 0;
    programs.forEach((program, t) => {
      for (let i = 0; i < n; i++) squared += (program.evaluate(groundedInput(grounded, i)) - (target[t * n + i] as number)) ** 2;
    });
    return { relaxedMse, decodedMse: squared / (tasks * n), entropy };
  } finally {
    tf.dispose([outputs, symbols]);
  }
}

/** The candidate with the least squared error on task t's pairs of `split` under the grounded symbols (the first on ties). */
function verified(candidates: readonly DecodedProgram[], split: RoapSplit, grounded: Float32Array, t: number): DecodedProgram {
  let best = candidates[0] as DecodedProgram;
  let bestError = Infinity;
  for (const program of candidates) {
    let squared = 0;
    for (let i = 0; i < split.samples && squared < bestError; i++) squared += (program.evaluate(groundedInput(grounded, i)) - (split.outputs[t * split.samples + i] as number)) ** 2;
    if (squared < bestError) {
      bestError = squared;
      best = program;
    }
  }
  return best;
}

/** Test images per class whose grounded values are averaged in `classValues`. */
const IMAGES_PER_CLASS = 100;

function classValues(model: RoapModel, images: ImageSplit): number[] {
  return byClass(images).map((indices) => {
    const sample = indices.subarray(0, IMAGES_PER_CLASS);
    if (sample.length === 0) return NaN;
    const grounded = ground(model, sample, images);
    return grounded.reduce((a, b) => a + b, 0) / grounded.length;
  });
}

function meanSquaredError(predicted: Float32Array, target: Float32Array): number {
  let squared = 0;
  for (let k = 0; k < target.length; k++) squared += ((predicted[k] as number) - (target[k] as number)) ** 2;
  return squared / Math.max(1, target.length);
}

/** §4.3: mean over the OOD tasks of the MSE on symbols > 5 of the program enumerated from symbols ≤ 5. */
function generalizationLoss(model: RoapModel, tasks: RoapTaskSet, images: ImageSplit): number {
  const { programs, fit, evaluate } = tasks.ood;
  if (programs.length === 0) return NaN;
  const fitSymbols = ground(model, fit.images, images);
  const evaluateSymbols = ground(model, evaluate.images, images);
  let total = 0;
  programs.forEach((_, t) => {
    const examples = Array.from({ length: fit.samples }, (_, i) => ({ input: groundedInput(fitSymbols, i), output: fit.outputs[t * fit.samples + i] as number }));
    const found = enumerateTask({ name: `ood-${t}`, examples }, { maxOperators: 3 }).program;
    let squared = 0;
    for (let i = 0; i < evaluate.samples; i++) {
      const predicted = found === undefined ? 0 : evaluateExpr(found, groundedInput(evaluateSymbols, i));
      squared += (predicted - (evaluate.outputs[t * evaluate.samples + i] as number)) ** 2;
    }
    total += squared / evaluate.samples;
  });
  return total / programs.length;
}
