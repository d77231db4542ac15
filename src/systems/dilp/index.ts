/**
 * ∂ILP (Evans & Grefenstette 2018, "Learning Explanatory Rules from Noisy Data"), symbolic part:
 * the language and ground atoms of a task (§4.1), clause generation from rule templates (§4.2) and
 * the gather tensors X_c of the differentiable valuation step (§4.3).
 */
export { BOTTOM, DilpLanguage, DilpLanguageError, MAX_ARITY, taskLanguage } from "./language.js";
export type { DilpLanguageParts, LanguageOptions } from "./language.js";
export { VARIABLE_NAMES, generateClauses, generateTaskClauses, variableName } from "./clauses.js";
export type { BodyAtom, ClauseOptions, GeneratedClause, PredicateClauses } from "./clauses.js";
export { denseGather, gatherBytes, gatherTensor, pairsOf } from "./gather.js";
export type { GatherTensor } from "./gather.js";
