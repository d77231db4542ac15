/**
 * The DeepCoder DSL (Balog et al., ICLR 2017, Appendix F) as ExeDec (Shi et al., ICLR 2024)
 * writes it: a program is a list of typed inputs followed by straight-line statements
 * `x2 = Scanl1 (*) x1`, each applying one operation to earlier variables and, for a higher-order
 * operation, first to one lambda. Values are ints or lists of ints; the program's output is its
 * last statement's value.
 */

/** A value of the DSL: an int or a list of ints. */
export type Value = number | readonly number[];

/** The two types a variable may have. */
export type ValueType = "int" | "list";

/** The DSL's lambdas, by ExeDec's token; their semantics and types are in ops.ts. */
export const LAMBDAS = ["(+1)", "(-1)", "(*2)", "(/2)", "(*(-1))", "(**2)", "(*3)", "(/3)", "(*4)", "(/4)", "(>0)", "(<0)", "(%2==0)", "(%2==1)", "(+)", "(-)", "(*)", "(min)", "(max)"] as const;
export type LambdaName = (typeof LAMBDAS)[number];

/** The first-order operations, then the higher-order ones (whose first argument is a lambda). */
export const FIRST_ORDER_OPERATIONS = ["Head", "Last", "Take", "Drop", "Access", "Minimum", "Maximum", "Reverse", "Sort", "Sum"] as const;
export const HIGHER_ORDER_OPERATIONS = ["Map", "Filter", "Count", "ZipWith", "Scanl1"] as const;
export const OPERATIONS = [...FIRST_ORDER_OPERATIONS, ...HIGHER_ORDER_OPERATIONS] as const;
export type OperationName = (typeof OPERATIONS)[number];

/** `variable = operation [lambda] arguments…`; arguments name earlier variables. */
export interface Statement {
  readonly variable: string;
  readonly operation: OperationName;
  /** The lambda of a higher-order operation; null for a first-order one. */
  readonly lambda: LambdaName | null;
  readonly args: readonly string[];
}

export interface Program {
  /** The input variables, in order (`x0 = INPUT | x1 = INPUT | …`). */
  readonly inputs: readonly string[];
  readonly statements: readonly Statement[];
}
