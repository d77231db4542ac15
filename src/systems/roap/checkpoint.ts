import { readFileSync } from "node:fs";
import { writeFileAtomic } from "../../engine/atomicWrite.js";
import { CheckpointFields } from "../../checkpointFields.js";
import { InputError } from "../../errors.js";
import { IMAGE_DATASETS, type ImageDatasetName } from "../../data/images.js";
import { CONSTANT_RATE, ROAP_PAPER, validateRoapConfig, type RoapConfig } from "./config.js";
import type { RoapTrainer } from "./trainer.js";

/**
 * ROAP checkpoints: one JSON file holding the configuration, which images it trains on, the
 * parameters, Adam's moments, the training generator's state and the epoch history — everything
 * needed to evaluate the model or to continue training so that the resumed run ends exactly where
 * an uninterrupted one would. Float arrays are stored as base64 of their little-endian bytes.
 * Files are written atomically (a temporary file renamed over the target).
 */
export const CHECKPOINT_FORMAT = "gradsynth-roap-checkpoint";
export const CHECKPOINT_VERSION = 1;

export interface ImageSource {
  readonly name: ImageDatasetName;
  readonly dataDir?: string;
  /** Images loaded per split (undefined: all). */
  readonly limit?: number;
}

export interface RoapCheckpoint {
  readonly config: RoapConfig;
  readonly images: ImageSource;
  readonly restart: number;
  readonly state: ReturnType<RoapTrainer["saveState"]>;
}

interface StoredCheckpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: typeof CHECKPOINT_VERSION;
  readonly config: RoapConfig;
  readonly images: ImageSource;
  readonly restart: number;
  readonly params: string[];
  readonly adam: { readonly step: number; readonly m: string[]; readonly v: string[] };
  readonly progress: RoapCheckpoint["state"]["progress"];
}

const encode = (values: Float32Array): string => Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("base64");

export function writeCheckpoint(path: string, checkpoint: RoapCheckpoint): void {
  const { state } = checkpoint;
  const stored: StoredCheckpoint = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    config: checkpoint.config,
    images: checkpoint.images,
    restart: checkpoint.restart,
    params: state.params.map(encode),
    adam: { step: state.adam.step, m: state.adam.m.map(encode), v: state.adam.v.map(encode) },
    progress: state.progress,
  };
  writeFileAtomic(path, JSON.stringify(stored));
}

/** ROAP+'s found programs, when present: one entry per task, null or { expr, relativeError } (the formulas are checked where they are used). */
function checkFound(found: unknown, tasks: number, fields: CheckpointFields): void {
  if (found === undefined) return;
  const valid = Array.isArray(found) && found.every((p: unknown) => p === null || (typeof p === "object" && p !== null && "expr" in p && typeof (p as { relativeError?: unknown }).relativeError === "number"));
  if (!valid) fields.fail("progress.found", "is not a list of null or { expr, relativeError } (the ROAP+ found programs)");
  if (found.length !== 0 && found.length !== tasks) fields.fail("progress.found", `holds programs for ${found.length} tasks, the run has ${tasks}`);
}

/** The largest restart index a checkpoint may name (`--restarts` is far below it). */
const MAX_RESTART = 1_000_000;

function checkImages(value: unknown, fields: CheckpointFields): ImageSource {
  const images = fields.object(value, "images");
  if (!(IMAGE_DATASETS as readonly unknown[]).includes(images["name"])) fields.fail("images.name", `must be one of ${IMAGE_DATASETS.join(", ")}, got ${JSON.stringify(images["name"])}`);
  if (images["dataDir"] !== undefined && typeof images["dataDir"] !== "string") fields.fail("images.dataDir", "is not a string");
  if (images["limit"] !== undefined) fields.integer(images["limit"], "images.limit", 1, Number.MAX_SAFE_INTEGER);
  return images as unknown as ImageSource;
}

/**
 * The training progress, checked against the configuration: counters in range (the step within
 * the run, skipped steps and Adam's updates within the step, one history record per finished
 * epoch), the generator's state, the epoch's running sums finite.
 */
function checkProgress(value: unknown, adamStep: unknown, config: RoapConfig, fields: CheckpointFields): RoapCheckpoint["state"]["progress"] {
  const progress = fields.object(value, "progress");
  const step = fields.integer(progress["step"], "progress.step", 0, config.epochs * config.stepsPerEpoch);
  fields.integer(progress["skippedSteps"], "progress.skippedSteps", 0, step);
  fields.integer(adamStep, "adam.step", 0, step);
  const history = fields.array(progress["history"], "progress.history", Math.floor(step / config.stepsPerEpoch));
  history.forEach((record, k) => fields.integer(fields.object(record, `progress.history[${k}]`)["epoch"], `progress.history[${k}].epoch`, 0, config.epochs));
  const rng = fields.object(progress["rng"], "progress.rng");
  fields.array(rng["words"], "progress.rng.words", 4).forEach((word, k) => fields.integer(word, `progress.rng.words[${k}]`, -(2 ** 31), 2 ** 31 - 1));
  if (rng["spareNormal"] !== null && rng["spareNormal"] !== undefined) fields.finite(rng["spareNormal"], "progress.rng.spareNormal");
  const sums = fields.object(progress["epochSums"], "progress.epochSums");
  fields.finite(sums["loss"], "progress.epochSums.loss");
  fields.finite(sums["mse"], "progress.epochSums.mse");
  fields.integer(sums["steps"], "progress.epochSums.steps", 0, config.stepsPerEpoch);
  checkFound(progress["found"], config.tasks, fields);
  if (progress["calibration"] !== undefined) {
    const calibration = fields.object(progress["calibration"], "progress.calibration");
    fields.finite(calibration["scale"], "progress.calibration.scale");
    fields.finite(calibration["offset"], "progress.calibration.offset");
  }
  return progress as unknown as RoapCheckpoint["state"]["progress"];
}

/**
 * Reads a checkpoint and checks it as a whole (docs/formats.md): the configuration, the image
 * source, finite parameters and Adam moments of matching sizes, and the progress counters. Whether
 * the parameters fit the model the configuration builds is checked when they are restored
 * (`RoapTrainer.restoreState`, which names the file too).
 */
export function readCheckpoint(path: string): RoapCheckpoint {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new InputError(`cannot read checkpoint ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let stored: StoredCheckpoint;
  try {
    stored = JSON.parse(text) as StoredCheckpoint;
  } catch {
    throw new InputError(`${path} is not a gradsynth ROAP checkpoint (not JSON)`);
  }
  if (stored === null || typeof stored !== "object" || stored.format !== CHECKPOINT_FORMAT) {
    throw new InputError(`${path} is not a gradsynth ROAP checkpoint (format field missing or different)`);
  }
  if (stored.version !== CHECKPOINT_VERSION) throw new InputError(`${path}: checkpoint version ${String(stored.version)} is not supported (expected ${String(CHECKPOINT_VERSION)})`);
  const fields = new CheckpointFields(path);
  // Checkpoints from before the ResNet-18 option name no grounder: they all used the CNN; those
  // from before ROAP+ and learning-rate schedules trained the paper's ROAP at a constant rate.
  const legacy: Pick<RoapConfig, "grounder" | "resnetWidth" | "plus" | "learningRateFactor"> = { grounder: "cnn", resnetWidth: ROAP_PAPER.resnetWidth, plus: null, learningRateFactor: CONSTANT_RATE };
  const config = { ...legacy, ...fields.object(stored.config, "config") } as RoapConfig;
  try {
    validateRoapConfig(config);
  } catch (error) {
    throw new InputError(`${path}: invalid configuration: ${(error as Error).message}`);
  }
  const restart = fields.integer(stored.restart, "restart", 0, MAX_RESTART);
  const images = checkImages(stored.images, fields);
  const params = fields.array(stored.params, "params").map((p, k) => fields.values(fields.base64(p, `params[${k}]`), `params[${k}]`));
  const adam = fields.object(stored.adam, "adam");
  const moments = (name: "m" | "v") =>
    fields.array(adam[name], `adam.${name}`, params.length).map((p, k) => {
      const values = fields.values(fields.base64(p, `adam.${name}[${k}]`), `adam.${name}[${k}]`, name === "v");
      if (values.length !== (params[k] as Float32Array).length) fields.fail(`adam.${name}[${k}]`, `has ${values.length} values, params[${k}] ${(params[k] as Float32Array).length}`);
      return values;
    });
  const progress = checkProgress(stored.progress, adam["step"], config, fields);
  return { config, images, restart, state: { params, adam: { step: adam["step"] as number, m: moments("m"), v: moments("v") }, progress } };
}
