/** The options of NLI's test-time search (search.ts), free of the tensor engine so that the CLI can parse them fast. */
export const SEARCH_METHODS = ["gradient", "prior", "none"] as const;
export type SearchMethod = (typeof SEARCH_METHODS)[number];
/** soft: programs are executed as the relaxed distributions the search ends with (the seed's choice); hard: as their argmax tokens. */
export const DECODINGS = ["soft", "hard"] as const;
export type Decoding = (typeof DECODINGS)[number];

export interface SearchOptions {
  readonly method: SearchMethod;
  readonly decode: Decoding;
  /** s, starts per task (prior: programs per task). */
  readonly starts: number;
  /** L, gradient steps. */
  readonly steps: number;
  /** σ_s of the Gaussian starts, in logit units. */
  readonly sigma: number;
  readonly learningRate: number;
  /** Initial τ_e and τ_d of the search (annealed geometrically to the final training values). */
  readonly encoderTemperature: number;
  readonly decoderTemperature: number;
}

/**
 * σ_s = 3 and Adam's learning rate 1 (in logit units): the trained inductor's logits are sharp
 * (margins of several units), and with σ_s = 1, lr 0.1 the search could not turn the skip positions
 * of a Shift-L guess into the unit-shift tokens an OOD shift needs — OOD 0.05 against 1.00 with
 * these values on the same model and tasks (docs/results/nli.md).
 */
export const SEARCH_DEFAULTS: SearchOptions = {
  method: "gradient",
  decode: "soft",
  starts: 16,
  steps: 50,
  sigma: 3,
  learningRate: 1,
  encoderTemperature: 2,
  decoderTemperature: 1,
};
