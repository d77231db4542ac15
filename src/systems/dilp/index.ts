/**
 * ∂ILP (Evans & Grefenstette 2018, "Learning Explanatory Rules from Noisy Data"): the language and
 * ground atoms of a task (§4.1), clause generation from rule templates (§4.2), the gather tensors
 * X_c and the fused forward-chaining step (§4.3–4.4), training (RMSProp or Adam, optional
 * mini-batches; §5.1–5.2) with restarts and rule extraction,
 * and `runIlpTask`, which runs ∂ILP or the SAT baseline (src/search/ilpSat.ts) on one task.
 */
export { BOTTOM, DilpLanguage, DilpLanguageError, MAX_ARITY, taskLanguage } from "./language.js";
export type { DilpLanguageParts, LanguageOptions } from "./language.js";
export { VARIABLE_NAMES, generateClauses, generateTaskClauses, variableName } from "./clauses.js";
export type { BodyAtom, ClauseOptions, GeneratedClause, PredicateClauses } from "./clauses.js";
export { denseGather, gatherBytes, gatherTensor, pairsOf } from "./gather.js";
export type { GatherTensor } from "./gather.js";
export { programSpace } from "./programSpace.js";
export type { PredicateSpace, ProgramSpace, SlotSpace } from "./programSpace.js";
export { forwardChainingStep } from "./stepKernel.js";
export { DEFAULT_THRESHOLD, assembleProgram, extractProgram } from "./extract.js";
export type { ExtractedProgram, WeightedClause } from "./extract.js";
export { DILP_OPTIMIZERS, TfRmsProp, makeOptimizer } from "./optimizer.js";
export type { DilpOptimizer, ParameterUpdate } from "./optimizer.js";
export { batchSize, sampleBatch } from "./minibatch.js";
export { DILP_DEFAULTS } from "./options.js";
export type { DilpOptions } from "./options.js";
export { trainDilp } from "./train.js";
export type { DilpResult, DilpRun } from "./train.js";
export { ILP_METHODS, runIlpTask } from "./runTask.js";
export type { IlpMethod, IlpTaskOptions, IlpTaskResult } from "./runTask.js";
