/** The DeepCoder DSL (Balog et al. 2017, Appendix F) as ExeDec (Shi et al. 2024) writes it: syntax, exact semantics, text forms. */
export * from "./syntax.js";
export * from "./ops.js";
export * from "./evaluate.js";
export * from "./parse.js";
export * from "./print.js";
export * from "./taskFile.js";
export * from "./inputs.js";
