/**
 * ANC's differentiable machine (Bunel et al. 2016; seed 002 §2.1, eqs. 1–9) as a fused kernel, and
 * the one-hot inputs that make it reproduce the exact interpreter.
 */
export * from "./machineKernel.js";
export * from "./encode.js";
