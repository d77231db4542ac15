import type { LambdaName, OperationName, Value, ValueType } from "./syntax.js";

/**
 * Every lambda and operation of the DSL, declared once: its type and its exact semantics, as
 * DeepCoder's Appendix F defines them in Python and ExeDec runs them. Python's semantics that a port
 * must keep: `/` is floor division, `%` takes the sign of the divisor (−3 % 2 = 1), Take and Drop
 * slice as Python does (a negative count counts from the end), ZipWith stops at the shorter list.
 * An operation returns `undefined` where it is undefined (Head of [], Access out of range); the
 * evaluator also rejects any result with an int outside the DSL's range (evaluate.ts).
 */

/** A lambda's type: int → int, int → bool, or (int, int) → int. */
export type LambdaKind = "unary" | "predicate" | "binary";

export type LambdaRule =
  | { readonly kind: "unary"; readonly apply: (x: number) => number }
  | { readonly kind: "predicate"; readonly apply: (x: number) => boolean }
  | { readonly kind: "binary"; readonly apply: (x: number, y: number) => number };

const floorDiv = (x: number, d: number): number => Math.floor(x / d);
/** Python's x % d for d > 0: in [0, d). */
const pyMod = (x: number, d: number): number => ((x % d) + d) % d;

export const LAMBDA_RULES: { readonly [L in LambdaName]: LambdaRule } = {
  "(+1)": { kind: "unary", apply: (x) => x + 1 },
  "(-1)": { kind: "unary", apply: (x) => x - 1 },
  "(*2)": { kind: "unary", apply: (x) => x * 2 },
  "(/2)": { kind: "unary", apply: (x) => floorDiv(x, 2) },
  "(*(-1))": { kind: "unary", apply: (x) => -x },
  "(**2)": { kind: "unary", apply: (x) => x * x },
  "(*3)": { kind: "unary", apply: (x) => x * 3 },
  "(/3)": { kind: "unary", apply: (x) => floorDiv(x, 3) },
  "(*4)": { kind: "unary", apply: (x) => x * 4 },
  "(/4)": { kind: "unary", apply: (x) => floorDiv(x, 4) },
  "(>0)": { kind: "predicate", apply: (x) => x > 0 },
  "(<0)": { kind: "predicate", apply: (x) => x < 0 },
  "(%2==0)": { kind: "predicate", apply: (x) => pyMod(x, 2) === 0 },
  "(%2==1)": { kind: "predicate", apply: (x) => pyMod(x, 2) === 1 },
  "(+)": { kind: "binary", apply: (x, y) => x + y },
  "(-)": { kind: "binary", apply: (x, y) => x - y },
  "(*)": { kind: "binary", apply: (x, y) => x * y },
  "(min)": { kind: "binary", apply: (x, y) => Math.min(x, y) },
  "(max)": { kind: "binary", apply: (x, y) => Math.max(x, y) },
};

/** Python's xs[:n] and xs[n:] for any integer n. */
function sliceIndex(n: number, length: number): number {
  return n < 0 ? Math.max(length + n, 0) : Math.min(n, length);
}

const nonEmpty = <T>(f: (xs: readonly number[]) => T) => (xs: readonly number[]): T | undefined => (xs.length > 0 ? f(xs) : undefined);

/** An operation's type and semantics; `lambda` is the lambda type a higher-order operation takes. */
export interface OperationRule {
  readonly lambda: LambdaKind | null;
  readonly args: readonly ValueType[];
  readonly output: ValueType;
  /** The result, or undefined where the operation is undefined. Arguments are checked against `args` before. */
  readonly apply: (args: readonly Value[], lambda: LambdaRule | null) => Value | undefined;
}

/** The first argument as a list, the second and so on by position (types are checked before `apply`). */
const list = (args: readonly Value[], k: number): readonly number[] => args[k] as readonly number[];
const int = (args: readonly Value[], k: number): number => args[k] as number;
const unary = (lambda: LambdaRule | null) => (lambda as Extract<LambdaRule, { kind: "unary" }>).apply;
const predicate = (lambda: LambdaRule | null) => (lambda as Extract<LambdaRule, { kind: "predicate" }>).apply;
const binary = (lambda: LambdaRule | null) => (lambda as Extract<LambdaRule, { kind: "binary" }>).apply;

export const OPERATION_RULES: { readonly [O in OperationName]: OperationRule } = {
  Head: { lambda: null, args: ["list"], output: "int", apply: (a) => nonEmpty((xs) => xs[0] as number)(list(a, 0)) },
  Last: { lambda: null, args: ["list"], output: "int", apply: (a) => nonEmpty((xs) => xs[xs.length - 1] as number)(list(a, 0)) },
  Take: { lambda: null, args: ["int", "list"], output: "list", apply: (a) => list(a, 1).slice(0, sliceIndex(int(a, 0), list(a, 1).length)) },
  Drop: { lambda: null, args: ["int", "list"], output: "list", apply: (a) => list(a, 1).slice(sliceIndex(int(a, 0), list(a, 1).length)) },
  Access: { lambda: null, args: ["int", "list"], output: "int", apply: (a) => (int(a, 0) >= 0 && int(a, 0) < list(a, 1).length ? list(a, 1)[int(a, 0)] : undefined) },
  Minimum: { lambda: null, args: ["list"], output: "int", apply: (a) => nonEmpty((xs) => Math.min(...xs))(list(a, 0)) },
  Maximum: { lambda: null, args: ["list"], output: "int", apply: (a) => nonEmpty((xs) => Math.max(...xs))(list(a, 0)) },
  Reverse: { lambda: null, args: ["list"], output: "list", apply: (a) => [...list(a, 0)].reverse() },
  Sort: { lambda: null, args: ["list"], output: "list", apply: (a) => [...list(a, 0)].sort((x, y) => x - y) },
  Sum: { lambda: null, args: ["list"], output: "int", apply: (a) => list(a, 0).reduce((s, x) => s + x, 0) },
  Map: { lambda: "unary", args: ["list"], output: "list", apply: (a, f) => list(a, 0).map(unary(f)) },
  Filter: { lambda: "predicate", args: ["list"], output: "list", apply: (a, f) => list(a, 0).filter(predicate(f)) },
  Count: { lambda: "predicate", args: ["list"], output: "int", apply: (a, f) => list(a, 0).filter(predicate(f)).length },
  ZipWith: {
    lambda: "binary",
    args: ["list", "list"],
    output: "list",
    apply: (a, f) => {
      const [xs, ys] = [list(a, 0), list(a, 1)];
      return Array.from({ length: Math.min(xs.length, ys.length) }, (_, i) => binary(f)(xs[i] as number, ys[i] as number));
    },
  },
  Scanl1: {
    lambda: "binary",
    args: ["list"],
    output: "list",
    apply: (a, f) => {
      const ys: number[] = [];
      for (const x of list(a, 0)) ys.push(ys.length === 0 ? x : binary(f)(ys[ys.length - 1] as number, x));
      return ys;
    },
  },
};

/** The type of a value. */
export function typeOf(value: Value): ValueType {
  return typeof value === "number" ? "int" : "list";
}
