import { inRange, sameValue } from "../lang/deepcoder/evaluate.js";
import { MAX_VARIABLES } from "../lang/deepcoder/parse.js";
import { LAMBDA_RULES, OPERATION_RULES, typeOf, type LambdaKind } from "../lang/deepcoder/ops.js";
import { LAMBDAS, OPERATIONS, type LambdaName, type OperationName, type Program, type Statement, type Value, type ValueType } from "../lang/deepcoder/syntax.js";
import type { DeepCoderProblem } from "../lang/deepcoder/taskFile.js";

/**
 * Typed bottom-up enumeration of DeepCoder programs with observational equivalence (Udupa et al.
 * 2013; Albarghouthi et al. 2013), the search DeepCoder's and ExeDec's baselines run. Level 0 holds
 * the inputs; level k every operation applied to banked arguments of the right types whose sizes
 * (operations) sum to k − 1, for each lambda of the type the operation takes. A candidate is kept
 * only when its values on the examples differ from every banked candidate of its type, and only
 * when it is defined on every example (the DSL's failures, ints within [−50, 50]); the first
 * candidate equal to the outputs on every example is a smallest program (fewest statements)
 * consistent with them. Found expressions are written as ExeDec's straight-line programs, a shared
 * subexpression once.
 */

export interface DeepCoderEnumerateOptions {
  /** Largest program, in statements (default: as many as ExeDec's ten variables leave). */
  readonly maxSize?: number;
  /** Wall-clock budget in seconds (default 5, as the reference point of issue 20). */
  readonly timeout?: number;
}

export interface DeepCoderEnumerateResult {
  /** A smallest program consistent with every example, or null. */
  readonly program: Program | null;
  /** Why the search ended: found, every size up to maxSize exhausted, or out of time. */
  readonly stop: "found" | "exhausted" | "timeout";
  /** Candidates kept (distinct behaviours). */
  readonly banked: number;
  /** The size being enumerated when the search ended. */
  readonly size: number;
  readonly seconds: number;
}

export const DEFAULT_ENUMERATE_TIMEOUT = 5;

/** A banked candidate: an input or an operation over earlier candidates, with its value on every example. */
interface Candidate {
  readonly type: ValueType;
  readonly values: readonly Value[];
  readonly size: number;
  readonly operation: OperationName | null;
  readonly lambda: LambdaName | null;
  readonly args: readonly Candidate[];
  /** For an input: its name. */
  readonly name: string;
}

const LAMBDAS_OF: { readonly [K in LambdaKind]: readonly LambdaName[] } = {
  unary: LAMBDAS.filter((l) => LAMBDA_RULES[l].kind === "unary"),
  predicate: LAMBDAS.filter((l) => LAMBDA_RULES[l].kind === "predicate"),
  binary: LAMBDAS.filter((l) => LAMBDA_RULES[l].kind === "binary"),
};

/** How many candidates are built between two looks at the clock. */
const CLOCK_EVERY = 2048;

export function enumerateDeepCoder(problem: DeepCoderProblem, options: DeepCoderEnumerateOptions = {}): DeepCoderEnumerateResult {
  const started = performance.now();
  const inputs = problem.inputNames;
  const maxSize = Math.min(options.maxSize ?? Infinity, MAX_VARIABLES - inputs.length);
  const deadline = started + 1000 * (options.timeout ?? DEFAULT_ENUMERATE_TIMEOUT);
  const outputs = problem.examples.map((e) => e.output);
  const outputType = typeOf(outputs[0] as Value);
  // banks[size][type]: the candidates of that size and type, in the order they were found.
  const banks: Record<ValueType, Candidate[]>[] = [];
  // Banked candidates by the hash of their type and values; equal hashes are compared in full.
  const seen = new Map<number, Candidate[]>();
  let banked = 0;
  let built = 0;
  const finish = (program: Program | null, stop: DeepCoderEnumerateResult["stop"], size: number): DeepCoderEnumerateResult => ({
    program,
    stop,
    banked,
    size,
    seconds: (performance.now() - started) / 1000,
  });

  /** Banks `candidate` unless an equivalent one is banked; true when it reproduces the outputs. */
  const offer = (candidate: Candidate): boolean => {
    const key = hashCandidate(candidate.type, candidate.values);
    const bucket = seen.get(key);
    if (bucket?.some((other) => other.type === candidate.type && other.values.every((v, e) => sameValue(v, candidate.values[e] as Value))) === true) return false;
    if (bucket === undefined) seen.set(key, [candidate]);
    else bucket.push(candidate);
    banked += 1;
    (banks[candidate.size] as Record<ValueType, Candidate[]>)[candidate.type].push(candidate);
    return candidate.type === outputType && candidate.values.every((v, e) => sameValue(v, outputs[e] as Value));
  };

  banks[0] = { int: [], list: [] };
  for (const [k, name] of inputs.entries()) {
    const values = problem.examples.map((e) => e.inputs[k] as Value);
    offer({ type: typeOf(values[0] as Value), values, size: 0, operation: null, lambda: null, args: [], name });
  }
  for (let size = 1; size <= maxSize; size++) {
    banks[size] = { int: [], list: [] };
    for (const operation of OPERATIONS) {
      const rule = OPERATION_RULES[operation];
      const lambdas: readonly (LambdaName | null)[] = rule.lambda === null ? [null] : LAMBDAS_OF[rule.lambda];
      for (const sizes of compositions(size - 1, rule.args.length)) {
        const [first = [], second] = sizes.map((s, k) => (banks[s] as Record<ValueType, Candidate[]>)[rule.args[k] as ValueType]);
        // Operations take one or two arguments: every pair is visited lazily, never stored.
        for (const a of first) {
          for (const b of second ?? [null]) {
            const args = b === null ? [a] : [a, b];
            for (const lambda of lambdas) {
              if (++built % CLOCK_EVERY === 0 && performance.now() > deadline) return finish(null, "timeout", size);
              const values = applyAll(operation, lambda, args, problem.examples.length);
              if (values === null) continue;
              const candidate: Candidate = { type: rule.output, values, size, operation, lambda, args, name: "" };
              if (offer(candidate)) return finish(toProgram(candidate, inputs), "found", size);
            }
          }
        }
      }
    }
  }
  return finish(null, "exhausted", maxSize);
}

/** The operation's value on every example, or null when it fails on one. */
function applyAll(operation: OperationName, lambda: LambdaName | null, args: readonly Candidate[], examples: number): Value[] | null {
  const rule = OPERATION_RULES[operation];
  const f = lambda === null ? null : LAMBDA_RULES[lambda];
  const values: Value[] = [];
  const argValues: Value[] = new Array<Value>(args.length);
  for (let e = 0; e < examples; e++) {
    for (let k = 0; k < args.length; k++) argValues[k] = (args[k] as Candidate).values[e] as Value;
    const value = rule.apply(argValues, f);
    if (value === undefined || !inRange(value)) return null;
    values.push(value);
  }
  return values;
}

/** A 32-bit FNV-1a hash of a type and the values on every example (lists delimited by their length). */
function hashCandidate(type: ValueType, values: readonly Value[]): number {
  let h = type === "int" ? 0x811c9dc5 : 0x050c5d1f;
  const mix = (x: number): void => {
    h = Math.imul(h ^ (x & 0xff), 16777619);
    h = Math.imul(h ^ ((x >> 8) & 0xff), 16777619);
  };
  for (const value of values) {
    if (typeof value === "number") mix(value);
    else {
      mix(0x7fff ^ value.length);
      for (const x of value) mix(x);
    }
  }
  return h >>> 0;
}

/** Every way to write `total` as an ordered sum of `parts` non-negative sizes. */
function compositions(total: number, parts: number): number[][] {
  if (parts === 1) return [[total]];
  const out: number[][] = [];
  for (let first = 0; first <= total; first++) for (const rest of compositions(total - first, parts - 1)) out.push([first, ...rest]);
  return out;
}

/** The candidate as a straight-line program: its subexpressions in post-order, each once. */
function toProgram(root: Candidate, inputs: readonly string[]): Program {
  const names = new Map<Candidate, string>();
  const used = new Set(inputs);
  let next = 0;
  const fresh = (): string => {
    while (used.has(`x${next}`)) next += 1;
    used.add(`x${next}`);
    return `x${next}`;
  };
  const statements: Statement[] = [];
  const visit = (candidate: Candidate): string => {
    if (candidate.operation === null) return candidate.name;
    const known = names.get(candidate);
    if (known !== undefined) return known;
    const args = candidate.args.map(visit);
    const variable = fresh();
    names.set(candidate, variable);
    statements.push({ variable, operation: candidate.operation, lambda: candidate.lambda, args });
    return variable;
  };
  visit(root);
  return { inputs, statements };
}
