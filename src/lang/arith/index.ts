/** The arithmetic language of ROAP (Tang & Ellis 2023): syntax, exact semantics, text forms, normal forms. */
export * from "./syntax.js";
export * from "./ops.js";
export * from "./task.js";
export * from "./evaluate.js";
export * from "./print.js";
export * from "./parse.js";
export * from "./convert.js";
export * from "./simplify.js";
export * from "./polynomial.js";
export * from "./formulas.js";
