import { ROAP_TEMPERATURE, type Schedule } from "../relax/schedules.js";
import type { RelaxationKind } from "../relax/kinds.js";
import { DEFAULT_TOLERANCE } from "./solver.js";
import { definedOnly } from "../typeHelpers.js";

/**
 * Options of the gradient solver (src/search/gradient.ts), kept free of the tensor engine so the
 * CLI can show and validate them without loading tfjs.
 */
export interface GradientOptions {
  /** Sketch length L (ROAP: 30). */
  readonly lines?: number;
  readonly stepsPerRestart?: number;
  readonly restarts?: number;
  readonly learningRate?: number;
  readonly relaxation?: RelaxationKind;
  readonly temperature?: Schedule;
  /** λ of the length prior (ROAP: 2e-4). */
  readonly lengthPrior?: number;
  /** Epoch (of 20) from which the prior applies (ROAP: 10). */
  readonly priorFromEpoch?: number;
  /** Standard deviation of the initial logits. */
  readonly initScale?: number;
  /**
   * Keeps every logit in [−bound, bound] after each update (0 = off, the paper's setting). Bounded
   * logits keep the relaxed program soft, so lines that are currently unused keep receiving
   * gradient and Gumbel noise keeps exploring (a gradsynth addition, not in ROAP).
   */
  readonly logitBound?: number;
  /**
   * Programs sampled from each sketch's distribution q (Gumbel-max) and checked exactly at every
   * check, besides the argmax program (0 = argmax only, ROAP's decoding).
   */
  readonly samples?: number;
  /** Independent sketches searched in parallel per task (and degree); the first to succeed wins. */
  readonly particles?: number;
  /** Largest polynomial degree tried when inputs must be scaled (see scaling.ts). */
  readonly maxDegree?: number;
  /** Steps between exact checks of the decoded programs. */
  readonly checkEvery?: number;
  readonly tolerance?: number;
  readonly seed?: number;
}

export const GRADIENT_DEFAULTS = {
  lines: 30,
  stepsPerRestart: 1000,
  restarts: 5,
  learningRate: 1,
  relaxation: "gumbel" as RelaxationKind,
  temperature: ROAP_TEMPERATURE,
  lengthPrior: 2e-4,
  priorFromEpoch: 10,
  initScale: 0.1,
  logitBound: 4,
  samples: 32,
  particles: 1,
  maxDegree: 4,
  checkEvery: 20,
  tolerance: DEFAULT_TOLERANCE,
  seed: 0,
} as const;

export type GradientSettings = { -readonly [K in keyof typeof GRADIENT_DEFAULTS]: (typeof GRADIENT_DEFAULTS)[K] extends number ? number : (typeof GRADIENT_DEFAULTS)[K] };

/** ROAP trains for 20 epochs; a restart's steps are mapped onto that clock. */
export const EPOCHS = 20;

export function gradientSettings(options: GradientOptions): GradientSettings {
  const settings = { ...GRADIENT_DEFAULTS, ...definedOnly(options) } as GradientSettings;
  const positiveInts = ["lines", "stepsPerRestart", "restarts", "particles", "maxDegree", "checkEvery"] as const;
  for (const key of positiveInts) {
    if (!Number.isInteger(settings[key]) || settings[key] < 1) throw new RangeError(`${key} must be a positive integer, got ${settings[key]}`);
  }
  for (const key of ["learningRate", "initScale", "tolerance"] as const) {
    if (!(settings[key] > 0)) throw new RangeError(`${key} must be > 0, got ${settings[key]}`);
  }
  if (!Number.isInteger(settings.samples) || settings.samples < 0) throw new RangeError(`samples must be a non-negative integer, got ${settings.samples}`);
  if (!(settings.logitBound >= 0)) throw new RangeError(`logitBound must be ≥ 0, got ${settings.logitBound}`);
  if (!(settings.lengthPrior >= 0)) throw new RangeError(`lengthPrior must be ≥ 0, got ${settings.lengthPrior}`);
  return settings;
}

