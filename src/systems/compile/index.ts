/**
 * Synthesize, compile, tune (seed 002, Saldyt 2022; Adaptive Neural Compilation, Bunel et al. 2016):
 * the seed's assembly lowered to ANC's machine, the neural compiler and decompiler (eq. 3), the
 * tuning loss (eqs. 10–12), one tuning run and a job of k runs judged by observational equivalence.
 */
export * from "./lower.js";
export * from "./weights.js";
export * from "./compiler.js";
export * from "./loss.js";
export * from "./data.js";
export * from "./tune.js";
export * from "./job.js";
export * from "./padding.js";
export * from "./templates.js";
export * from "./synthesize.js";
export * from "./both.js";
