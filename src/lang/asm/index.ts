/**
 * The register machines of seed 002 (Saldyt 2022) and Adaptive Neural Compilation (Bunel et al.
 * 2016): the seed's minimal assembly and ANC's 11-op encoding — syntax, text forms, exact
 * interpreters — and the task generators of both papers. docs/asm.md describes the semantics.
 * ANC's relaxed machine, which needs tensors, is exported by anc/relaxed/index.ts.
 */
export * from "./alu.js";
export * from "./syntax.js";
export * from "./ops.js";
export { ParseError } from "./lexer.js";
export * from "./parse.js";
export * from "./print.js";
export * from "./validate.js";
export * from "./evaluate.js";
export * from "./anc/syntax.js";
export * from "./anc/ops.js";
export * from "./anc/validate.js";
export * from "./anc/encoding.js";
export { parseAnc } from "./anc/parse.js";
export * from "./anc/print.js";
export * from "./anc/evaluate.js";
export * from "./tasks.js";
