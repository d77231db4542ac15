import type { Rng } from "../engine/rng.js";
import { evaluateExpr } from "../lang/arith/evaluate.js";
import { enumerateFormulas } from "../lang/arith/formulas.js";
import type { Expr } from "../lang/arith/syntax.js";
import type { ArithTask } from "../lang/arith/task.js";
import { closeEnough } from "../search/solver.js";

/**
 * Numeric tasks drawn as ROAP draws its programs (§4.1): formulas uniformly from the semantically
 * distinct formulas with ≤ 3 variables and ≤ 3 operators, symbols uniformly from {1, …, 10}
 * divided by `divisor` (ROAP squashes them to {0.1, …, 1.0}: divisor 10).
 */
export interface FormulaTaskOptions {
  readonly count: number;
  readonly examples: number;
  /** Symbols are k / divisor, k = 1..10: 10 gives ROAP's {0.1, …, 1.0} (default), 1 gives {1, …, 10}. */
  readonly divisor?: number;
}

export interface FormulaTaskSet {
  readonly tasks: ArithTask[];
  /** The formula each task was generated from. */
  readonly gold: Expr[];
}

const VARIABLES = 3;
const MAX_OPERATORS = 3;

export function drawFormulaTasks(options: FormulaTaskOptions, rng: Rng): FormulaTaskSet {
  const divisor = options.divisor ?? 10;
  const pool = enumerateFormulas(VARIABLES, MAX_OPERATORS);
  const gold = Array.from({ length: options.count }, () => rng.pick(pool).expr);
  const symbols = (): number[] => Array.from({ length: VARIABLES }, () => (1 + rng.int(10)) / divisor);
  const tasks = gold.map((expr, t) => ({
    name: `task${t + 1}`,
    examples: Array.from({ length: options.examples }, () => {
      const input = symbols();
      return { input, output: evaluateExpr(expr, input) };
    }),
  }));
  return { tasks, gold };
}

/**
 * Whether `program` agrees with `gold` on `trials` unseen inputs drawn from a range ten times wider
 * than the training symbols (k / divisor, k = 1..100), i.e. whether it is the same function.
 */
export function agreesOnUnseenInputs(program: Expr, gold: Expr, rng: Rng, divisor = 10, trials = 50): boolean {
  return Array.from({ length: trials }, () => Array.from({ length: VARIABLES }, () => (1 + rng.int(100)) / divisor)).every((input) =>
    closeEnough(evaluateExpr(program, input), evaluateExpr(gold, input)),
  );
}
