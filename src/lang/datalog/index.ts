/**
 * Datalog (Evans & Grefenstette 2018, §2): syntax, text forms, naive and semi-naive bottom-up
 * evaluation, the ILP task files of ∂ILP, and ∂ILP's program space (space/). Its relaxed
 * semantics, which need tensors, are exported by relaxed/index.ts.
 */
export * from "./syntax.js";
export { checkDatalogProgram, isGround, unsafeVariable } from "./check.js";
export { ParseError, parseAtom, parseDatalog, parseGroundAtom } from "./parse.js";
export * from "./print.js";
export { FactSet } from "./facts.js";
export type { Evaluation, EvaluationOptions } from "./facts.js";
export { naiveEvaluate } from "./naive.js";
export { seminaiveEvaluate } from "./seminaive.js";
export * from "./task.js";
export { TaskFileError, parseIlpTask } from "./taskFile.js";
export type { TaskFileOptions } from "./taskFile.js";
export { printIlpTask } from "./taskPrint.js";
export * from "./space/index.js";
