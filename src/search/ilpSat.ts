import Logic from "logic-solver";
import { isPerfect, scoreExamples } from "../lang/datalog/score.js";
import type { DatalogProgram } from "../lang/datalog/syntax.js";
import type { IlpTask } from "../lang/datalog/task.js";
import type { GeneratedClause } from "../lang/datalog/space/clauses.js";
import { assembleProgram } from "../lang/datalog/space/extract.js";
import { programSpace, type PredicateSpace, type ProgramSpace } from "../lang/datalog/space/programSpace.js";
import { factorSlot } from "./ilpSatSlots.js";

/**
 * ILP as satisfiability (Evans & Grefenstette 2018, §3; the seed's "Converting ILP to SAT"
 * slides, a variant of ASPAL): one boolean flag per generated clause of each rule template,
 * exactly one flag on per template slot, and the clauses that are on must entail every positive
 * example and no negative one. The clauses are those ∂ILP weighs (the same cl(τ), programSpace.ts).
 *
 * Entailment is encoded through ground forward chaining bounded by T steps, ∂ILP's own semantics
 * (§4.4): for an intensional atom γ and step t, d(γ, t) ⇔ d(γ, t−1) ∨ ⋁_c (flag_c ∧ ⋁_{(x, y) ∈
 * X_c[γ]} d(x, t−1) ∧ d(y, t−1)), with d(γ, 0) true iff γ is a background fact. Since exactly one
 * clause per slot is on, the inner part is built factored by body position (ilpSatSlots.ts):
 * ⋁_σ (⋁_i u1_i ∧ d(b1_i σ, t−1)) ∧ (⋁_j u2_j ∧ d(b2_j σ, t−1)), the same boolean function with
 * one operand per distinct body atom instead of one per clause, and its groups shared across
 * atoms. Extensional atoms are constants, so most disjuncts fold away while the formula is built;
 * the formula is built only for the atoms the examples reach. The solver must make d(γ, T) true
 * for positives and false for negatives.
 *
 * A program found this way entails the positives within T steps, hence in its least model; it may
 * still derive a negative after more than T steps. Each solution is therefore checked by exact
 * evaluation to the fixpoint, and one that derives a negative is forbidden and the solver asked
 * again (at most `maxCandidates` times).
 */
export interface IlpSatOptions {
  /** Candidate programs to check before giving up (default 1000). */
  readonly maxCandidates?: number;
  /** Largest formula, in operands of and/or nodes, handed to the solver (default DEFAULT_MAX_SIZE). */
  readonly maxSize?: number;
}

/**
 * logic-solver's MiniSat has a fixed 64 MB heap (compiled in; its API has no option to enlarge
 * it), and building a formula of a million operands takes logic-solver minutes and gigabytes.
 * Measured on the 20 tasks (docs/results/dilp.md): with one operand per clause, less-than's formula
 * had ~169k operands (solved), fizz's on 0..10 ~175k (exhausted MiniSat's heap, reported as
 * "too-large" too) and length's ~700k (refused); factored by body position they are less-than
 * ~106k, fizz (as in the paper, §5.3.3) ~23k and length ~157k, all solved.
 */
export const DEFAULT_MAX_SIZE = 400_000;

export interface IlpSatStats {
  /** Programs proposed by the solver and checked exactly. */
  readonly candidates: number;
  /** Clause flags (generated clauses over all slots). */
  readonly flags: number;
  /** Pairs (atom, step) whose derivability is a formula rather than a constant. */
  readonly encodedAtoms: number;
  /** Operands of the formula's and/or nodes (body-atom choices, substitutions and their disjunctions). */
  readonly size: number;
}

export type IlpSatResult =
  | ({ readonly status: "found"; readonly program: DatalogProgram } & IlpSatStats)
  /** No selection of one clause per slot entails the examples within T steps. */
  | ({ readonly status: "unsat" } & IlpSatStats)
  /** Every candidate derived a negative at the fixpoint, and the budget ran out. */
  | ({ readonly status: "gave-up" } & IlpSatStats)
  /** The formula exceeds `maxSize` or MiniSat's memory. */
  | ({ readonly status: "too-large" } & IlpSatStats);

/** A partially evaluated boolean: a constant, or a logic-solver formula. */
type Bool = boolean | Logic.Operand;

/** Builds and/or with constant folding, counting the operands of every node it creates. */
class FormulaBuilder {
  size = 0;

  or(xs: readonly Bool[]): Bool {
    const rest: Logic.Operand[] = [];
    for (const x of xs) {
      if (x === true) return true;
      if (x !== false) rest.push(x);
    }
    if (rest.length > 1) this.size += rest.length;
    return rest.length === 0 ? false : rest.length === 1 ? (rest[0] as Logic.Operand) : Logic.or(rest);
  }

  and(xs: readonly Bool[]): Bool {
    const rest: Logic.Operand[] = [];
    for (const x of xs) {
      if (x === false) return false;
      if (x !== true) rest.push(x);
    }
    if (rest.length > 1) this.size += rest.length;
    return rest.length === 0 ? true : rest.length === 1 ? (rest[0] as Logic.Operand) : Logic.and(rest);
  }
}

const operand = (x: Bool): Logic.Operand => (x === true ? Logic.TRUE : x === false ? Logic.FALSE : x);

export function ilpSat(task: IlpTask, options: IlpSatOptions = {}): IlpSatResult {
  const maxCandidates = options.maxCandidates ?? 1000;
  const maxSize = options.maxSize ?? DEFAULT_MAX_SIZE;
  const space = programSpace(task);
  const { language } = space;

  // One flag per generated clause, named by predicate, slot and position in cl(τ).
  const flags = space.predicates.map((p, pi) => p.slots.map((slot, s) => slot.clauses.map((_, j) => `c${pi}_${s}_${j}`)));
  const flagCount = flags.flat(2).length;
  const background = new Uint8Array(space.atomCount);
  for (const fact of task.background) background[language.indexOf(fact) as number] = 1;
  const owner = (k: number): number => space.predicates.findIndex((p) => k >= p.rowOffset && k < p.rowOffset + p.rows);
  const memo = Array.from({ length: task.steps + 1 }, () => new Map<number, Bool>());
  const groupMemo = new Map<string, Bool>();
  const formula = new FormulaBuilder();
  let encodedAtoms = 0;
  // Each slot factored by body position (ilpSatSlots.ts), with u_{pi,s,position,i} true iff the
  // chosen clause of slot s has body atom i at that position: u ⇔ ⋁ of those clauses' flags.
  const factored = space.predicates.map((p) => p.slots.map((slot) => factorSlot(language, slot)));
  const choices = factored.map((slots, pi) =>
    slots.map((slot, s) => slot.positions.map((literals, position) => literals.map((_, i) => `u${pi}_${s}_${position}_${i}`))),
  );
  const channels = factored.flatMap((slots, pi) =>
    slots.flatMap((slot, s) =>
      slot.positions.flatMap((literals, position) =>
        literals.map((literal, i) => Logic.equiv(choices[pi]?.[s]?.[position]?.[i] as string, Logic.or(literal.clauses.map((j) => flags[pi]?.[s]?.[j] as string)))),
      ),
    ),
  );

  const derived = (k: number, t: number): Bool => {
    const pi = owner(k);
    if (pi < 0 || t === 0) return background[k] === 1;
    const known = memo[t]?.get(k);
    if (known !== undefined) return known;
    const p = space.predicates[pi] as PredicateSpace;
    const r = k - p.rowOffset;
    const disjuncts: Bool[] = [derived(k, t - 1)];
    factored[pi]?.forEach((slot, s) => {
      // The chosen body atom at `position` holds under substitution σ at step t − 1: a disjunction
      // over the position's groups, each shared by every (row, σ) that grounds it alike.
      const holds = (position: 0 | 1, sigma: number): Bool =>
        formula.or(
          slot.groups[position].map((group, g) => {
            const atoms = group.map((i) => slot.positions[position][i]?.atoms[r * slot.width + sigma] as number);
            const key = `${pi} ${s} ${position} ${g} ${t} ${atoms.join(" ")}`;
            const known = groupMemo.get(key);
            if (known !== undefined) return known;
            const value = formula.or(group.map((i, m) => formula.and([choices[pi]?.[s]?.[position]?.[i] as string, derived(atoms[m] as number, t - 1)])));
            groupMemo.set(key, value);
            return value;
          }),
        );
      for (let sigma = 0; sigma < slot.width; sigma++) {
        const first = holds(0, sigma);
        if (first !== false) disjuncts.push(formula.and([first, holds(1, sigma)]));
      }
    });
    const value = formula.or(disjuncts);
    memo[t]?.set(k, value);
    if (value !== true && value !== false) encodedAtoms++;
    return value;
  };

  const blocked: Logic.Operand[] = [];
  let candidates = 0;
  const stats = (): IlpSatStats => ({ candidates, flags: flagCount, encodedAtoms, size: formula.size });
  // Iterative deepening over the number of steps: a program that entails the positives in fewer
  // than T steps entails them in T, and small horizons keep the formula small.
  for (const horizon of horizons(task.steps)) {
    const positives = task.positive.map((g) => derived(language.indexOf(g) as number, horizon));
    const negatives = task.negative.map((g) => derived(language.indexOf(g) as number, horizon));
    if (formula.size > maxSize) return { status: "too-large", ...stats() };
    const solver = new Logic.Solver();
    const outcome = guarded(() => {
      for (const slot of flags.flat()) solver.require(Logic.exactlyOne(slot));
      solver.require(channels);
      for (const x of positives) solver.require(operand(x));
      for (const x of negatives) solver.forbid(operand(x));
      for (const b of blocked) solver.forbid(b);
      while (candidates < maxCandidates) {
        const solution = solver.solve();
        if (solution === null) return undefined;
        candidates++;
        const { program, clauses } = assembleProgram(space, chosenClauses(space, flags, new Set(solution.getTrueVars())));
        if (isPerfect(scoreExamples(program, task.background, task.positive, task.negative))) return program;
        // Datalog is monotone: every program containing these clauses derives the same negative.
        const block = Logic.and(clauses.map((c) => c.flag));
        blocked.push(block);
        solver.forbid(block);
      }
      return "gave-up" as const;
    });
    if (outcome === "too-large") return { status: "too-large", ...stats() };
    if (outcome === "gave-up") return { status: "gave-up", ...stats() };
    if (outcome !== undefined) return { status: "found", program: outcome, ...stats() };
  }
  return { status: "unsat", ...stats() };
}

/** 1, 2, 4, ... up to T, always ending with T. */
function horizons(steps: number): number[] {
  const out: number[] = [];
  for (let t = 1; t < steps; t *= 2) out.push(t);
  out.push(steps);
  return out;
}

/**
 * Runs solver calls, turning MiniSat running out of its fixed 64 MB heap (an emscripten abort) into
 * "too-large", and keeping MiniSat's own messages (printed through console.log) off stdout.
 */
function guarded<R>(f: () => R): R | "too-large" {
  const log = console.log;
  console.log = () => undefined;
  try {
    return f();
  } catch (error) {
    if (String(error).includes("abort")) return "too-large";
    throw error;
  } finally {
    console.log = log;
  }
}

/** The clause whose flag is on in each slot. */
function chosenClauses(space: ProgramSpace, flags: readonly (readonly (readonly string[])[])[], on: ReadonlySet<string>): { clause: GeneratedClause["clause"]; flag: string }[] {
  const out: { clause: GeneratedClause["clause"]; flag: string }[] = [];
  space.predicates.forEach((p, pi) => {
    p.slots.forEach((slot, s) => {
      slot.clauses.forEach((c, j) => {
        const flag = flags[pi]?.[s]?.[j] as string;
        if (on.has(flag)) out.push({ clause: c.clause, flag });
      });
    });
  });
  return out;
}
