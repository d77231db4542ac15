/**
 * Datalog's relaxed semantics for ∂ILP (Evans & Grefenstette 2018, §4.4): the fused
 * forward-chaining step over a program space, and inference (T steps from a_0 under softmaxed
 * clause weights).
 */
export { forwardChainingStep } from "./stepKernel.js";
export { inference, initialValuation } from "./infer.js";
export type { Inference } from "./infer.js";
