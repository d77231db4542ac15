/**
 * ∂ILP's program space over a Datalog task (Evans & Grefenstette 2018, §4.1–4.3): the language and
 * its ground atoms, clause generation from rule templates, the gather tensors X_c, and the
 * assembly of a Datalog program from chosen clauses. Pure language-level code (no tensors).
 */
export { BOTTOM, DilpLanguage, DilpLanguageError, MAX_ARITY, taskLanguage } from "./language.js";
export type { DilpLanguageParts, LanguageOptions } from "./language.js";
export { VARIABLE_NAMES, generateClauses, generateTaskClauses, variableName } from "./clauses.js";
export type { BodyAtom, ClauseOptions, GeneratedClause, PredicateClauses } from "./clauses.js";
export { denseGather, gatherBytes, gatherTensor, pairsOf, plannedGatherBytes } from "./gather.js";
export type { GatherTensor } from "./gather.js";
export { DEFAULT_MAX_MEMORY, checkProgramSpaceMemory, programSpace, programSpaceBytes } from "./programSpace.js";
export type { PredicateSpace, ProgramSpace, SlotSpace } from "./programSpace.js";
export { DEFAULT_THRESHOLD, assembleProgram, extractProgram } from "./extract.js";
export type { ExtractedProgram, WeightedClause } from "./extract.js";
