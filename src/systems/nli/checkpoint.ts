import { mkdirSync, readFileSync } from "node:fs";
import { writeFileAtomic } from "../../engine/atomicWrite.js";
import { dirname } from "node:path";
import { BOUNDS } from "../../bounds.js";
import { CheckpointFields } from "../../checkpointFields.js";
import { SPLITS } from "../../data/nli/splits.js";
import { InputError } from "../../errors.js";
import { NLI_ABLATIONS, configSplit, type NliConfig } from "./config.js";
import { INTERPRETER_KINDS } from "./interpreter.js";

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
  /** Present when the step was skipped: its loss or gradients were not finite, so nothing was updated. */
  readonly skipped?: true;
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
  /** β₁ᵗ and β₂ᵗ as the run accumulated them (train.ts, `adamPowers`); absent in checkpoints written before it. */
  readonly adamPowers?: readonly [number, number];
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

/** The largest width, length or count an NLI configuration may name (the CPU scale uses ≤ 64), and its most steps. */
const MAX_SIZE = BOUNDS.width;
const MAX_STEPS = BOUNDS.steps;

/** An annealing schedule (relax/schedules.ts) with finite numbers. */
function checkSchedule(value: unknown, field: string, fields: CheckpointFields): void {
  const schedule = fields.object(value, field);
  const numbers: Record<string, readonly string[]> = { constant: ["value"], step: ["before", "after", "at"], exponential: ["from", "to", "over"] };
  const names = typeof schedule["kind"] === "string" ? numbers[schedule["kind"]] : undefined;
  if (names === undefined) fields.fail(`${field}.kind`, `must be one of ${Object.keys(numbers).join(", ")}, got ${JSON.stringify(schedule["kind"])}`);
  for (const name of names) fields.finite(schedule[name], `${field}.${name}`);
}

/** The configuration's fields: the split, sizes as integers in range, finite rates; the split must accept the sequence shape. */
function checkConfig(value: unknown, fields: CheckpointFields): NliConfig {
  const config = fields.object(value, "config");
  if (!(SPLITS as readonly unknown[]).includes(config["split"])) fields.fail("config.split", `must be one of ${SPLITS.join(", ")}, got ${JSON.stringify(config["split"])}`);
  for (const name of ["programLength", "specPairs", "queryPairs", "batchTasks"]) fields.integer(config[name], `config.${name}`, 1, MAX_SIZE);
  fields.integer(config["steps"], "config.steps", 1, MAX_STEPS);
  fields.integer(config["regularizerFrom"], "config.regularizerFrom", 0, MAX_STEPS);
  fields.integer(config["seed"], "config.seed", -(2 ** 31), 2 ** 31 - 1);
  for (const name of ["learningRate", "clipNorm", "regularizer"]) {
    if (fields.finite(config[name], `config.${name}`) < 0) fields.fail(`config.${name}`, "must not be negative");
  }
  if (config["adamEpsilon"] !== undefined && fields.finite(config["adamEpsilon"], "config.adamEpsilon") <= 0) fields.fail("config.adamEpsilon", "must be positive");
  checkSchedule(config["encoderTemperature"], "config.encoderTemperature", fields);
  checkSchedule(config["decoderTemperature"], "config.decoderTemperature", fields);
  const interpreter = fields.object(config["interpreter"], "config.interpreter");
  const kind = interpreter["kind"] ?? "structured";
  if (!(INTERPRETER_KINDS as readonly unknown[]).includes(kind)) fields.fail("config.interpreter.kind", `must be one of ${INTERPRETER_KINDS.join(", ")}, got ${JSON.stringify(kind)}`);
  const sizes = kind === "generic" ? ["stateDim", "hidden"] : ["routingHidden", "valueHidden"];
  for (const name of ["length", "alphabet", "codebook", "tokenDim", ...sizes]) fields.integer(interpreter[name], `config.interpreter.${name}`, 1, MAX_SIZE);
  if (kind === "structured" && interpreter["relabelHidden"] !== undefined) fields.integer(interpreter["relabelHidden"], "config.interpreter.relabelHidden", 0, MAX_SIZE);
  if (interpreter["skipGate"] !== undefined && typeof interpreter["skipGate"] !== "boolean") fields.fail("config.interpreter.skipGate", "is not true or false");
  const inductor = fields.object(config["inductor"], "config.inductor");
  for (const name of ["dim", "heads", "layers", "feedForward", "headHidden"]) fields.integer(inductor[name], `config.inductor.${name}`, 1, MAX_SIZE);
  if ((inductor["dim"] as number) % (inductor["heads"] as number) !== 0) fields.fail("config.inductor.heads", "must divide config.inductor.dim");
  if (inductor["sourceOffsets"] !== undefined && typeof inductor["sourceOffsets"] !== "boolean") fields.fail("config.inductor.sourceOffsets", "is not true or false");
  const ablations = config["ablations"] === undefined ? [] : fields.array(config["ablations"], "config.ablations");
  ablations.forEach((a, k) => {
    if (!(NLI_ABLATIONS as readonly unknown[]).includes(a)) fields.fail(`config.ablations[${k}]`, `must be one of ${NLI_ABLATIONS.join(", ")}, got ${JSON.stringify(a)}`);
  });
  try {
    configSplit(config as unknown as NliConfig);
  } catch (error) {
    fields.fail("config.interpreter", `does not fit split ${String(config["split"])}: ${(error as Error).message}`);
  }
  return config as unknown as NliConfig;
}

/** A stored array: a shape of non-negative integers, base64 data of exactly that many finite float32 values (≥ 0 when `nonNegative`). */
function checkArray(value: unknown, field: string, fields: CheckpointFields, nonNegative = false): StoredArray {
  const stored = fields.object(value, field);
  const shape = fields.array(stored["shape"], `${field}.shape`).map((d, k) => fields.integer(d, `${field}.shape[${k}]`, 0, 2 ** 31 - 1));
  const values = fields.values(fields.base64(stored["data"], `${field}.data`), `${field}.data`, nonNegative);
  const size = shape.reduce((a, b) => a * b, 1);
  if (values.length !== size) fields.fail(`${field}.data`, `holds ${values.length} values, its shape [${shape.join(", ")}] ${size}`);
  return stored as unknown as StoredArray;
}

const sameShape = (a: StoredArray, b: StoredArray): boolean => a.shape.join(",") === b.shape.join(",");

/**
 * The whole checkpoint: its configuration, finite parameters, Adam's state (the iteration count,
 * then first and second moments shaped as the parameters), one history record per step, and the
 * selected parameters shaped as the last ones. Whether the shapes fit the model the configuration
 * builds is checked when the parameters are restored (train.ts, which names the file too).
 */
function checkCheckpoint(c: Record<string, unknown>, fields: CheckpointFields): Checkpoint {
  const config = checkConfig(c["config"], fields);
  const step = fields.integer(c["step"], "step", 0, config.steps);
  const params = fields.array(c["params"], "params").map((p, k) => checkArray(p, `params[${k}]`, fields));
  const optimizer = fields.array(c["optimizer"], "optimizer", 1 + 2 * params.length).map((p, k) => checkArray(p, `optimizer[${k}]`, fields, k > params.length));
  const iterations = loadArray(optimizer[0] as StoredArray);
  if (iterations.length !== 1 || !Number.isInteger(iterations[0]) || (iterations[0] as number) < 0 || (iterations[0] as number) > step) fields.fail("optimizer[0]", `must hold Adam's iteration count, an integer from 0 to ${step}`);
  params.forEach((p, k) => {
    for (const moment of [1 + k, 1 + params.length + k]) if (!sameShape(optimizer[moment] as StoredArray, p)) fields.fail(`optimizer[${moment}].shape`, `differs from params[${k}].shape`);
  });
  if (c["adamPowers"] !== undefined) {
    fields.array(c["adamPowers"], "adamPowers", 2).forEach((power, k) => {
      const value = fields.finite(power, `adamPowers[${k}]`);
      // β^t underflows to 0 in float32 after some hundred steps (β₁ = 0.9).
      if (value < 0 || value > 1) fields.fail(`adamPowers[${k}]`, `must be in [0, 1], got ${value}`);
    });
  }
  fields.array(c["history"], "history", step).forEach((record, k) => fields.integer(fields.object(record, `history[${k}]`)["step"], `history[${k}].step`, 1, step));
  if (fields.finite(c["seconds"], "seconds") < 0) fields.fail("seconds", "must not be negative");
  if (c["best"] !== undefined) {
    const best = fields.object(c["best"], "best");
    fields.integer(best["step"], "best.step", 1, step);
    fields.finite(best["exact"], "best.exact");
    const selected = fields.array(best["params"], "best.params", params.length).map((p, k) => checkArray(p, `best.params[${k}]`, fields));
    selected.forEach((p, k) => {
      if (!sameShape(p, params[k] as StoredArray)) fields.fail(`best.params[${k}].shape`, `differs from params[${k}].shape`);
    });
  }
  return c as unknown as Checkpoint;
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
  return checkCheckpoint(c, new CheckpointFields(path));
}
