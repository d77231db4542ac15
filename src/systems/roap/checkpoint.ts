import { readFileSync } from "node:fs";
import { writeFileAtomic } from "../../engine/atomicWrite.js";
import { InputError } from "../../errors.js";
import type { ImageDatasetName } from "../../data/images.js";
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

function decode(text: unknown, what: string, path: string): Float32Array {
  if (typeof text !== "string") throw new InputError(`${path}: ${what} is not a base64 string`);
  const bytes = Buffer.from(text, "base64");
  if (bytes.byteLength % 4 !== 0) throw new InputError(`${path}: ${what} does not hold whole float32 values`);
  const values = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(values.buffer).set(bytes);
  return values;
}

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

/** ROAP+'s found programs, when present: an array of null or { expr, relativeError } (the formulas are checked where they are used). */
function checkFound(found: unknown, path: string): void {
  if (found === undefined) return;
  const valid = Array.isArray(found) && found.every((p: unknown) => p === null || (typeof p === "object" && p !== null && "expr" in p && typeof (p as { relativeError?: unknown }).relativeError === "number"));
  if (!valid) throw new InputError(`${path}: the ROAP+ found programs (progress.found) are not a list of null or { expr, relativeError }`);
}

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
  if (stored.version !== CHECKPOINT_VERSION) throw new InputError(`${path}: checkpoint version ${String(stored.version)} is not supported (expected ${CHECKPOINT_VERSION})`);
  // Checkpoints from before the ResNet-18 option name no grounder: they all used the CNN; those
  // from before ROAP+ and learning-rate schedules trained the paper's ROAP at a constant rate.
  const legacy: Pick<RoapConfig, "grounder" | "resnetWidth" | "plus" | "learningRateFactor"> = { grounder: "cnn", resnetWidth: ROAP_PAPER.resnetWidth, plus: null, learningRateFactor: CONSTANT_RATE };
  const config: RoapConfig = { ...legacy, ...stored.config };
  try {
    validateRoapConfig(config);
  } catch (error) {
    throw new InputError(`${path}: invalid configuration: ${(error as Error).message}`);
  }
  if (!Array.isArray(stored.params) || !Array.isArray(stored.adam?.m) || !Array.isArray(stored.adam.v)) throw new InputError(`${path}: parameters or optimizer state missing`);
  checkFound(stored.progress?.found, path);
  return {
    config,
    images: stored.images,
    restart: stored.restart,
    state: {
      params: stored.params.map((p, k) => decode(p, `parameter ${k}`, path)),
      adam: {
        step: stored.adam.step,
        m: stored.adam.m.map((p, k) => decode(p, `Adam moment m ${k}`, path)),
        v: stored.adam.v.map((p, k) => decode(p, `Adam moment v ${k}`, path)),
      },
      progress: stored.progress,
    },
  };
}
