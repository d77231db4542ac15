/**
 * NLI (seed 001, "Neural Language Interpreter"): a learned token language, its recurrent neural
 * interpreter and the inductor that writes programs, trained on the sequence task suites
 * (src/data/nli), with test-time search (prior sampling or gradient search) and checkpoints.
 * docs/nli.md describes the model and every choice where the seed is silent.
 */
export { NLI_ABLATIONS, defaultConfig, trainingConfig } from "./config.js";
export type { NliAblation, NliConfig, NliTrainingOptions } from "./config.js";
export { nliModel } from "./model.js";
export type { NliModel } from "./model.js";
export { trainNli, modelFromCheckpoint } from "./train.js";
export type { TrainOptions, TrainResult } from "./train.js";
export { CHECKPOINT_FILE, PARAMS_CHOICES, readCheckpoint, writeCheckpoint } from "./checkpoint.js";
export type { Checkpoint, ParamsChoice } from "./checkpoint.js";
export { evaluateNli } from "./evaluate.js";
export type { Evaluation, EvaluateOptions, PartResult, TaskOutcome } from "./evaluate.js";
export { DECODINGS, SEARCH_DEFAULTS, SEARCH_METHODS } from "./searchOptions.js";
export type { Decoding, SearchMethod, SearchOptions } from "./searchOptions.js";
