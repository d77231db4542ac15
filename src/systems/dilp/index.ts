/**
 * ∂ILP (Evans & Grefenstette 2018, "Learning Explanatory Rules from Noisy Data"): training
 * (RMSProp or Adam, optional mini-batches; §5.1–5.2) with restarts and rule extraction, and
 * `runIlpTask`, which runs ∂ILP or the SAT baseline (src/search/ilpSat.ts) on one task. The program
 * space it trains over (§4.1–4.3) is in src/lang/datalog/space/, the fused forward-chaining step
 * (§4.4) in src/lang/datalog/relaxed/.
 */
export { DILP_OPTIMIZERS, TfRmsProp, makeOptimizer } from "./optimizer.js";
export type { DilpOptimizer, ParameterUpdate } from "./optimizer.js";
export { batchSize, sampleBatch } from "./minibatch.js";
export { DILP_DEFAULTS } from "./options.js";
export type { DilpOptions } from "./options.js";
export { trainDilp } from "./train.js";
export type { DilpResult, DilpRun } from "./train.js";
export { ILP_METHODS, runIlpTask } from "./runTask.js";
export type { IlpMethod, IlpTaskOptions, IlpTaskResult } from "./runTask.js";
