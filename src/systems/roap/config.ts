import { ROAP_ADAM } from "../../engine/adam.js";
import { RELAXATIONS, type RelaxationKind } from "../../relax/kinds.js";
import { BOUNDS } from "../../bounds.js";
import { ROAP_TEMPERATURE, type Schedule } from "../../relax/schedules.js";

/** The paper's learning rate: the same at every epoch. */
export const CONSTANT_RATE: Schedule = { kind: "constant", value: 1 };

/**
 * Everything that defines one ROAP training run (Tang & Ellis 2023, §3 and §4.1). Two presets:
 * `ROAP_PAPER` is the paper's setting where it states one; `ROAP_CPU` is gradsynth's default,
 * sized for a 2-core CPU (docs/results/roap.md says what each change costs).
 */

/** How a task's program logits z_t are produced. */
export const SYNTHESIZERS = ["amortized", "free"] as const;
/**
 * - amortized: ROAP's program synthesizer r, a PointNet over the task's symbol-output pairs (§3.2);
 * - free: the "w/o amortized inference" ablation, z_t as free parameters per task (§4.1).
 */
export type SynthesizerKind = (typeof SYNTHESIZERS)[number];

/**
 * What predicts the outputs from the grounded symbols:
 * - straight-line: ROAP's L-line sketch (Figure 3);
 * - syntax-tree: the "w/ Syntax-Tree" ablation, a depth-D tree (Appendix B, Figure 7);
 * - mlp-disjoint, mlp-onehot: the "w/o program, i.e. CNN+MLP" baselines (no programs at all).
 */
/**
 * The symbol grounder g (Figure 2): gradsynth's small CPU-sized CNN, or the paper's 18-layer ResNet
 * (§4.1) with GroupNorm instead of BatchNorm (footnote 3).
 */
export const GROUNDERS = ["cnn", "resnet18"] as const;
export type GrounderKind = (typeof GROUNDERS)[number];

export const PROGRAM_MODELS = ["straight-line", "syntax-tree", "mlp-disjoint", "mlp-onehot"] as const;
export type ProgramModel = (typeof PROGRAM_MODELS)[number];

/** How ROAP+ lets the grounder learn through found programs (see `RoapPlusConfig`). */
export const ABDUCTIONS = ["symbols", "gradient"] as const;
export type AbductionKind = (typeof ABDUCTIONS)[number];

/**
 * ROAP+ (ours, not in the paper): bottom-up search inside the training loop. From epoch
 * `fromEpoch` on, at the end of every epoch, each task's pairs are grounded by the current g and
 * the program of at most `maxOperators` operators that fits them best is looked up; where it
 * explains the task (mean squared error below `threshold`·σ_t²), (a) the synthesizer is taught its
 * straight-line encoding by a cross-entropy term of weight `teachWeight` (as DreamCoder's
 * recognition model learns from found programs) and (b) the grounder also learns through that
 * exact programs, a term of weight `abductionWeight` (abduction, as in Abductive Learning, Dai et
 * al. 2019, and NGS's back-search, Li et al. 2020): `symbols` regresses g(x) towards the symbols
 * the found programs imply for each tuple (plusAbduction.ts), `gradient` adds the likelihood of
 * eq. 4 with the found programs executed exactly. The search is repeated every epoch, so a found
 * program is revised when another explains the task better.
 */
export interface RoapPlusConfig {
  readonly fromEpoch: number;
  readonly threshold: number;
  readonly teachWeight: number;
  readonly abductionWeight: number;
  readonly abduction: AbductionKind;
  readonly maxOperators: number;
  /** Search under the best global affine map of the grounded symbols (plusSearch.ts `Calibration`). */
  readonly calibrate: boolean;
  /** Training pairs per task the search reads (the first of the reference draw). */
  readonly pairs: number;
}

/**
 * ROAP+'s defaults, chosen on validation seeds 101 and 102 of the demo setting (docs/results/roap.md):
 * a threshold of 1 accepts any program that beats the constant predictor (the revision margin of
 * plusSearch.ts, not the threshold, keeps noise from swapping programs), and the symbol-abduction
 * weight makes the grounder follow the abduced symbols about as fast as it would follow labels;
 * the calibrated search took validation seeds 105 and 106 from 0 and 4 to 18 and 20 programs of 20.
 */
export const ROAP_PLUS: RoapPlusConfig = {
  fromEpoch: 2,
  threshold: 1,
  teachWeight: 1,
  abductionWeight: 1000,
  abduction: "symbols",
  maxOperators: 3,
  calibrate: true,
  pairs: 100,
};

export interface RoapConfig {
  /** T, the number of tasks trained together (paper: 500). */
  readonly tasks: number;
  /** N, symbol tuples (I/O pairs per task) drawn fresh for each step; the paper does not give its batch size. */
  readonly batch: number;
  /** I/O pairs per task in the test split the metrics use (paper: 1000). */
  readonly testSamples: number;
  /** New tasks for the generalization loss (§4.3). */
  readonly oodTasks: number;
  /** I/O pairs of each half of an OOD task (symbols ≤ 5 to synthesize from, > 5 to evaluate on). */
  readonly oodSamples: number;
  readonly model: ProgramModel;
  /** L, lines of the straight-line sketch (paper: 30; the depth-10 and depth-3 ablations change it). */
  readonly lines: number;
  /** D, depth of the syntax tree (the paper tries 2, 3 and 5). */
  readonly depth: number;
  readonly synthesizer: SynthesizerKind;
  /** gumbel (the paper), softmax (the "w/o gumbel-softmax" ablation) or gumbel-hard (straight-through). */
  readonly relaxation: RelaxationKind;
  /** Hidden layers of each PointNet MLP (paper: [256, 256]). */
  readonly hidden: readonly number[];
  /** Width of each pooled PointNet feature h_out, h_io, h_rel[j] (the paper does not say). */
  readonly features: number;
  readonly grounder: GrounderKind;
  /** Channels of the ResNet-18's first stage (grounder resnet18; the standard ResNet-18: 64). */
  readonly resnetWidth: number;
  /** Output channels of the grounder CNN's conv blocks and its dense width (grounder cnn). */
  readonly grounderConv: readonly number[];
  readonly grounderDense: number;
  /** Initial bias of the grounder's output unit: where the symbols start (the paper does not say). */
  readonly grounderBias: number;
  /** Factor on the grounder's initial output weights (1 = Glorot; small values start all symbols near the bias). */
  readonly grounderOutputScale: number;
  /** Scale of the normal initialisation of free logits (synthesizer "free"). */
  readonly initScale: number;
  /** Epochs (paper: 20); the schedules below are in epochs. */
  readonly epochs: number;
  /** Optimizer steps per epoch (the paper's epoch is a pass over 1e6 I/O pairs per task). */
  readonly stepsPerEpoch: number;
  /** λ of the length prior p(z) ∝ exp(−λ·length(z)) (eq. 6; paper: 2e-4). */
  readonly lengthPrior: number;
  /** Epoch from which the length prior applies (paper: 10). */
  readonly priorFromEpoch: number;
  /** Gumbel-softmax temperature by epoch (paper: 1, then 3 from epoch 15). */
  readonly temperature: Schedule;
  /** Adam (paper: learning rate 3e-4, ε = 1e-5). */
  readonly learningRate: number;
  /** Factor on the learning rate by epoch (paper: constant 1; a decay is ours, docs/results/roap.md). */
  readonly learningRateFactor: Schedule;
  readonly epsilon: number;
  readonly seed: number;
  /** ROAP+ (ours): search in the training loop; null for the paper's ROAP. */
  readonly plus: RoapPlusConfig | null;
}

export const ROAP_PAPER: RoapConfig = {
  tasks: 500,
  batch: 64,
  testSamples: 1000,
  oodTasks: 20,
  oodSamples: 100,
  model: "straight-line",
  lines: 30,
  depth: 3,
  synthesizer: "amortized",
  relaxation: "gumbel",
  hidden: [256, 256],
  features: 256,
  grounder: "resnet18",
  resnetWidth: 64,
  grounderConv: [16, 32],
  grounderDense: 64,
  // Not in the paper: start every symbol near the middle of 0.1..1.0. With Glorot output weights
  // and bias 0 the initial symbols spread over about ±2, and products over 30 lines overflow.
  grounderBias: 0.55,
  grounderOutputScale: 0.1,
  initScale: 0.1,
  epochs: 20,
  stepsPerEpoch: 1000,
  lengthPrior: 2e-4,
  priorFromEpoch: 10,
  temperature: ROAP_TEMPERATURE,
  learningRate: ROAP_ADAM.learningRate,
  learningRateFactor: CONSTANT_RATE,
  epsilon: ROAP_ADAM.epsilon,
  seed: 1,
  plus: null,
};

/**
 * gradsynth's CPU-sized default: the small CNN grounder instead of the ResNet-18, smaller MLPs,
 * 100× fewer steps per epoch, and a 10× larger learning rate to make up for part of the missing
 * steps (docs/results/roap.md).
 */
export const ROAP_CPU: RoapConfig = {
  ...ROAP_PAPER,
  hidden: [64, 64],
  features: 64,
  grounder: "cnn",
  grounderConv: [8, 16],
  grounderDense: 32,
  batch: 32,
  testSamples: 100,
  stepsPerEpoch: 100,
  learningRate: 3e-3,
};

const POSITIVE_INTEGERS = ["tasks", "batch", "testSamples", "oodSamples", "lines", "depth", "features", "resnetWidth", "grounderDense", "epochs", "stepsPerEpoch"] as const;

/** Sizes with an upper bound (src/bounds.ts): past it, memory or time would run out. */
const SIZE_BOUNDS: readonly (readonly [(typeof POSITIVE_INTEGERS)[number], number])[] = [
  ["tasks", BOUNDS.roapTasks],
  ["batch", BOUNDS.roapPairs],
  ["testSamples", BOUNDS.roapTestPairs],
  ["oodSamples", BOUNDS.roapTestPairs],
  ["lines", BOUNDS.sketchLines],
  ["features", BOUNDS.width],
  ["resnetWidth", BOUNDS.width],
  ["grounderDense", BOUNDS.width],
  ["epochs", BOUNDS.epochs],
  ["stepsPerEpoch", BOUNDS.steps],
];

/** Products of sizes that fix how much a run holds at once. */
const PRODUCT_BOUNDS: readonly (readonly [(typeof POSITIVE_INTEGERS)[number], (typeof POSITIVE_INTEGERS)[number], number, string])[] = [
  ["tasks", "batch", BOUNDS.roapStepPairs, "the pairs of one training step"],
  ["tasks", "testSamples", BOUNDS.roapTestSplit, "the test split held in memory"],
  ["epochs", "stepsPerEpoch", BOUNDS.steps, "the optimizer steps of a run"],
];

/** Throws a RangeError naming the first invalid field. */
export function validateRoapConfig(config: RoapConfig): void {
  for (const key of POSITIVE_INTEGERS) {
    const value = config[key];
    if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${key} must be a positive integer, got ${value}`);
  }
  for (const [key, bound] of SIZE_BOUNDS) {
    if (config[key] > bound) throw new RangeError(`${key} must be at most ${bound}, got ${config[key]} (docs/formats.md, "Bounds")`);
  }
  for (const [a, b, bound, what] of PRODUCT_BOUNDS) {
    const product = config[a] * config[b];
    if (product > bound) throw new RangeError(`${a} × ${b} must be at most ${bound} (${what}), got ${config[a]} × ${config[b]} = ${product}`);
  }
  for (const key of ["hidden", "grounderConv"] as const) {
    if (config[key].some((n) => n > BOUNDS.width)) throw new RangeError(`${key} must list sizes of at most ${BOUNDS.width}, got [${config[key].join(", ")}]`);
  }
  if (!Number.isInteger(config.oodTasks) || config.oodTasks < 0) throw new RangeError(`oodTasks must be a non-negative integer, got ${config.oodTasks}`);
  for (const [key, sizes] of [["hidden", config.hidden], ["grounderConv", config.grounderConv]] as const) {
    if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new RangeError(`${key} must list positive integers, got [${sizes.join(", ")}]`);
  }
  if (!(PROGRAM_MODELS as readonly string[]).includes(config.model)) throw new RangeError(`model must be one of ${PROGRAM_MODELS.join(", ")}`);
  if (config.depth > 8) throw new RangeError(`depth must be at most 8 (a tree of 2^depth leaves), got ${config.depth}`);
  if (!(GROUNDERS as readonly string[]).includes(config.grounder)) throw new RangeError(`grounder must be one of ${GROUNDERS.join(", ")}`);
  if (!(SYNTHESIZERS as readonly string[]).includes(config.synthesizer)) throw new RangeError(`synthesizer must be one of ${SYNTHESIZERS.join(", ")}`);
  if (!(RELAXATIONS as readonly string[]).includes(config.relaxation)) throw new RangeError(`relaxation must be one of ${RELAXATIONS.join(", ")}`);
  for (const key of ["lengthPrior", "priorFromEpoch", "initScale"] as const) {
    if (!(config[key] >= 0) || !Number.isFinite(config[key])) throw new RangeError(`${key} must be a finite number ≥ 0, got ${config[key]}`);
  }
  for (const key of ["learningRate", "epsilon"] as const) {
    if (!(config[key] > 0) || !Number.isFinite(config[key])) throw new RangeError(`${key} must be a finite number > 0, got ${config[key]}`);
  }
  for (const key of ["grounderBias", "grounderOutputScale"] as const) {
    if (!Number.isFinite(config[key])) throw new RangeError(`${key} must be finite, got ${config[key]}`);
  }
  if (!Number.isInteger(config.seed)) throw new RangeError(`seed must be an integer, got ${config.seed}`);
  if (config.plus !== null) validatePlus(config.plus, config.model);
}

function validatePlus(plus: RoapPlusConfig, model: ProgramModel): void {
  if (model !== "straight-line") throw new RangeError(`ROAP+ teaches straight-line sketches; it needs model straight-line, got ${model}`);
  for (const key of ["fromEpoch", "maxOperators", "pairs"] as const) {
    if (!Number.isInteger(plus[key]) || plus[key] < (key === "fromEpoch" ? 0 : 1)) throw new RangeError(`plus.${key} must be a ${key === "fromEpoch" ? "non-negative" : "positive"} integer, got ${plus[key]}`);
  }
  if (plus.maxOperators > 4) throw new RangeError(`plus.maxOperators must be at most 4 (the search bank grows about 20× per operator), got ${plus.maxOperators}`);
  if (!(ABDUCTIONS as readonly string[]).includes(plus.abduction)) throw new RangeError(`plus.abduction must be one of ${ABDUCTIONS.join(", ")}`);
  for (const key of ["threshold", "teachWeight", "abductionWeight"] as const) {
    if (!(plus[key] >= 0) || !Number.isFinite(plus[key])) throw new RangeError(`plus.${key} must be a finite number ≥ 0, got ${plus[key]}`);
  }
}
