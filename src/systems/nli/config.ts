import { split, type Split, type SplitName } from "../../data/nli/splits.js";
import type { InterpreterKind, InterpreterOptions, StructuredOptions } from "./interpreter.js";
import type { Schedule } from "../../relax/schedules.js";
import type { TransformerOptions } from "../../nets/transformer.js";

/**
 * Everything that fixes an NLI model and its training run; stored in every checkpoint. The sizes
 * are gradsynth's CPU scale (the seed trains far larger models on GPUs; docs/nli.md lists both).
 */
export interface NliConfig {
  readonly split: SplitName;
  /** T, token positions per program. */
  readonly programLength: number;
  /** m, specification pairs per task (training induces on m − 1 and predicts the held-out one). */
  readonly specPairs: number;
  readonly queryPairs: number;
  readonly interpreter: InterpreterOptions;
  readonly inductor: TransformerOptions & {
    /** Hidden width of the shared feed-forward head f_φ onto codebook logits. */
    readonly headHidden: number;
    /**
     * Pair tokens also embed where each output symbol occurs in the input (sourceOffsets.ts);
     * false or absent (checkpoints written before it existed): the symbol pair only.
     */
    readonly sourceOffsets?: boolean;
  };
  /** Tasks per training batch. */
  readonly batchTasks: number;
  readonly learningRate: number;
  /**
   * Adam's ε (Kingma & Ba 2015, Algorithm 1: θ ← θ − α·m̂/(√v̂ + ε)); absent: tfjs's default 1e-7.
   * A larger ε damps the steps of parameters whose gradients have become tiny; at 1e-4 it kept the
   * 3000-step Shift-L run from diverging late and made Comp-I learn less, and on Shift-P the seed
   * mattered more than ε (docs/results/nli.md, "Adam's ε").
   */
  readonly adamEpsilon?: number;
  /** Gradient clipping by global norm. */
  readonly clipNorm: number;
  /** Weight λ of the encoder regularizer L_reg (expected number of unique tokens per batch). */
  readonly regularizer: number;
  /** Step from which L_reg is applied (before it, it would collapse the codebook before tokens mean anything). */
  readonly regularizerFrom: number;
  /** τ_e over training steps (the seed: "annealed toward zero", no schedule given). */
  readonly encoderTemperature: Schedule;
  /** τ_d over training steps (the seed gives no schedule). */
  readonly decoderTemperature: Schedule;
  readonly steps: number;
  readonly seed: number;
  /** Components switched off (NLI_ABLATIONS); absent or empty: the full model. */
  readonly ablations?: readonly NliAblation[];
}

/**
 * Components that the seed's ablation table removes and a config can switch off: the Gumbel noise
 * of the inductor's or the interpreter's relaxation (a plain softmax at the same temperature,
 * in training and in gradient search), and the skip token's gate (token 0 becomes an ordinary
 * token). The table's other rows are other models: no recurrent execution is T = 1 (D-LPN), no
 * discrete program is LPN (lpn.ts), no encoder loss is λ = 0.
 */
export const NLI_ABLATIONS = ["inductor-gumbel", "interpreter-gumbel", "skip-token"] as const;
export type NliAblation = (typeof NLI_ABLATIONS)[number];

/** Whether `config` keeps `component` (absent `ablations`: every component is kept). */
export function keeps(config: NliConfig, component: NliAblation): boolean {
  return !(config.ablations ?? []).includes(component);
}

/** The relaxation kind of the inductor's programs or the interpreter's candidates under `config`. */
export function relaxationKind(config: NliConfig, part: "inductor" | "interpreter"): "gumbel" | "softmax" {
  return keeps(config, `${part}-gumbel`) ? "gumbel" : "softmax";
}

/** The split of a config, on the config's sequence length and alphabet. */
export function configSplit(config: NliConfig): Split {
  return split(config.split, { length: config.interpreter.length, alphabet: config.interpreter.alphabet });
}

/** The structured execution network at CPU scale (ours; docs/nli.md, "Sizes"). */
function structuredInterpreter(shape: { readonly length: number; readonly alphabet: number }): StructuredOptions {
  return { length: shape.length, alphabet: shape.alphabet, codebook: 16, tokenDim: 8, routingHidden: 32, valueHidden: 16, relabelHidden: 32 };
}

/** The generic execution network at CPU scale (genericNetwork.ts): one FiLM-modulated Transformer block. */
function genericInterpreter(shape: { readonly length: number; readonly alphabet: number }): InterpreterOptions {
  return { kind: "generic", length: shape.length, alphabet: shape.alphabet, codebook: 16, tokenDim: 8, stateDim: 32, hidden: 64 };
}

/** The CPU-scale defaults (docs/nli.md, "Sizes"). */
export function defaultConfig(splitName: SplitName, steps = 1500, seed = 1): NliConfig {
  const { shape } = split(splitName);
  return {
    split: splitName,
    programLength: 10,
    specPairs: 4,
    queryPairs: 1,
    interpreter: structuredInterpreter(shape),
    inductor: { dim: 16, heads: 1, layers: 2, feedForward: 32, headHidden: 32, sourceOffsets: true },
    batchTasks: 16,
    learningRate: 3e-3,
    clipNorm: 1,
    regularizer: 0.003,
    regularizerFrom: Math.round(0.3 * steps),
    // The seed anneals τ_e "toward zero" and gives no schedule; a start at τ_e = 8, τ_d = 2 gave
    // all-skip programs (no token learned) in runs of a few hundred steps, so the CPU scale starts
    // at 2 and 1 (docs/nli.md).
    encoderTemperature: { kind: "exponential", from: 2, to: 0.5, over: Math.max(1, Math.round(0.8 * steps)) },
    decoderTemperature: { kind: "exponential", from: 1, to: 0.5, over: Math.max(1, Math.round(0.8 * steps)) },
    steps,
    seed,
  };
}

/** What a user chooses for a training run (`gradsynth nli train`'s flags); the rest is `defaultConfig`'s. */
export interface NliTrainingOptions {
  readonly split: SplitName;
  readonly steps: number;
  readonly seed: number;
  readonly batchTasks: number;
  readonly programLength: number;
  readonly regularizer: number;
  readonly learningRate: number;
  /** Adam's ε (default: tfjs's). */
  readonly adamEpsilon?: number | undefined;
  /** The inductor's hand-computed source-offset features (docs/nli.md). */
  readonly sourceOffsets: boolean;
  /** The structured interpreter's per-token relabelling of the alphabet (docs/nli.md). */
  readonly relabel: boolean;
  /** The execution network d (default "structured"; interpreter.ts). */
  readonly interpreter?: InterpreterKind | undefined;
}

/** The configuration of a training run: `defaultConfig` with the user's choices. */
export function trainingConfig(options: NliTrainingOptions): NliConfig {
  const base = defaultConfig(options.split, options.steps, options.seed);
  return {
    ...base,
    batchTasks: options.batchTasks,
    programLength: options.programLength,
    regularizer: options.regularizer,
    learningRate: options.learningRate,
    ...(options.adamEpsilon === undefined ? {} : { adamEpsilon: options.adamEpsilon }),
    inductor: { ...base.inductor, sourceOffsets: options.sourceOffsets },
    interpreter: options.interpreter === "generic" ? genericInterpreter(base.interpreter) : options.relabel ? base.interpreter : { ...structuredInterpreter(base.interpreter), relabelHidden: 0 },
  };
}
