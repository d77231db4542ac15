import { mkdirSync, readFileSync } from "node:fs";
import { writeFileAtomic } from "../../engine/atomicWrite.js";
import { dirname } from "node:path";
import { InputError } from "../../errors.js";
import type { NliConfig } from "./config.js";

/**
 * NLI checkpoints: one JSON file holding the config, the step reached, every parameter and the
 * optimizer's state (Float32 data as base64), so that `--resume` continues the same run. Written
 * atomically: to a temporary file in the same directory, then renamed over the old one.
 */
export const CHECKPOINT_FORMAT = "gradsynth-nli-checkpoint";
export const CHECKPOINT_VERSION = 1;
export const CHECKPOINT_FILE = "checkpoint.json";

export interface StoredArray {
  readonly shape: readonly number[];
  /** Little-endian float32, base64. */
  readonly data: string;
}

export interface TrainingRecord {
  readonly step: number;
  readonly loss: number;
  readonly reconstruction: number;
  readonly uniqueTokens: number;
  readonly exact: number;
  readonly symbolAccuracy: number;
}

export interface Checkpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: typeof CHECKPOINT_VERSION;
  readonly config: NliConfig;
  /** Training steps completed. */
  readonly step: number;
  /** Model parameters in `params()` order. */
  readonly params: readonly StoredArray[];
  /** Adam's state: its iteration count, then first and second moments in `params()` order. */
  readonly optimizer: readonly StoredArray[];
  /** One record per logged step. */
  readonly history: readonly TrainingRecord[];
  /** Seconds of training so far. */
  readonly seconds: number;
  /** The parameters model selection keeps (train.ts, `selectBest`); absent before the first full window. */
  readonly best?: SelectedParams;
}

/** Which parameters of a checkpoint a model gets: those model selection kept, or the last ones. */
export const PARAMS_CHOICES = ["best", "last"] as const;
export type ParamsChoice = (typeof PARAMS_CHOICES)[number];

/** Parameters chosen by their training signal, beside the last ones. */
export interface SelectedParams {
  /** The training step they are from. */
  readonly step: number;
  /** Mean held-out exact-match rate of the training batches of the window ending at `step`. */
  readonly exact: number;
  /** In `params()` order. */
  readonly params: readonly StoredArray[];
}

export function storeArray(data: Float32Array, shape: readonly number[]): StoredArray {
  return { shape: [...shape], data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64") };
}

export function loadArray(stored: StoredArray): Float32Array {
  const bytes = Buffer.from(stored.data, "base64");
  const size = stored.shape.reduce((a, b) => a * b, 1);
  if (bytes.byteLength !== size * 4) throw new InputError(`checkpoint array of shape [${stored.shape.join(", ")}] has ${bytes.byteLength} bytes`);
  // Copy into a fresh, aligned buffer.
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** Writes `checkpoint` to `path` atomically (temporary file + rename). */
export function writeCheckpoint(path: string, checkpoint: Checkpoint): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, JSON.stringify(checkpoint));
}

/** Reads and checks a checkpoint file; a missing or malformed file is an InputError. */
export function readCheckpoint(path: string): Checkpoint {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === "ENOENT" ? `${path}: file not found` : code === "EISDIR" ? `${path}: is a directory, not a checkpoint file` : `${path}: cannot read (${code ?? "error"})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InputError(`${path}: not a gradsynth NLI checkpoint (invalid JSON)`);
  }
  const c = parsed as Partial<Checkpoint> | null;
  if (c === null || typeof c !== "object" || c.format !== CHECKPOINT_FORMAT) throw new InputError(`${path}: not a gradsynth NLI checkpoint`);
  if (c.version !== CHECKPOINT_VERSION) throw new InputError(`${path}: checkpoint version ${String(c.version)} is not supported (expected ${CHECKPOINT_VERSION})`);
  if (!Array.isArray(c.params) || !Array.isArray(c.optimizer) || typeof c.step !== "number" || typeof c.config !== "object") {
    throw new InputError(`${path}: checkpoint is incomplete`);
  }
  return c as Checkpoint;
}
