import { readFileSync } from "node:fs";
import { printClause } from "../../lang/datalog/print.js";
import { parseIlpTask } from "../../lang/datalog/taskFile.js";
import type { IlpTask } from "../../lang/datalog/task.js";
import { runIlpTask, type IlpMethod, type IlpTaskResult } from "../../systems/dilp/runTask.js";
import type { ExperimentContext } from "../experiment.js";

/**
 * What the ∂ILP experiments share: the paper's 20 tasks (Evans & Grefenstette 2018, §5.1 and
 * Appendix G, in the paper's order and domains), shipped as task files in examples/ilp/, and one
 * run of one method on one task reduced to the numbers the tables report.
 */
export const DILP_DOMAINS = {
  arithmetic: ["predecessor", "even-odd", "even-succ2", "less-than", "fizz", "buzz"],
  lists: ["member", "length"],
  "family tree": ["son", "grandparent", "husband", "uncle", "relatedness", "father"],
  graphs: ["undirected-edge", "adjacent-to-red", "two-children", "graph-colouring", "connectedness", "cyclic"],
} as const;

export const DILP_TASK_NAMES: readonly string[] = Object.values(DILP_DOMAINS).flat();

/** A shipped task file by name (`examples/ilp/NAME.dl`; the same relative path from src/ and dist/). */
export function shippedIlpTask(name: string): IlpTask {
  const url = new URL(`../../../examples/ilp/${name}.dl`, import.meta.url);
  return parseIlpTask(readFileSync(url, "utf8"), { file: `${name}.dl` });
}

/** ∂ILP's budget in an experiment: restarts and Adam steps per restart. */
export interface DilpBudget {
  readonly runs: number;
  readonly steps: number;
}

/** One method on one task, as the experiment tables report it. */
export interface IlpRunRecord {
  readonly task: string;
  readonly method: IlpMethod;
  readonly noise: number;
  readonly status: IlpTaskResult["status"];
  readonly solved: boolean;
  /** ∂ILP: restarts that solved the task, of `runs` (the paper's "runs reaching zero error"). */
  readonly solvedRuns: number | null;
  readonly runs: number | null;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  /** ∂ILP: mean squared error of the network's own valuations on the test examples (the paper's metric). */
  readonly testMse: number | null;
  readonly flipped: number;
  readonly seconds: number;
  /** The process's peak resident set size after this run, in MB (monotone over an experiment). */
  readonly peakRssMB: number;
  readonly program: string[] | null;
}

/**
 * Runs `method` on `task` with label noise ρ = `noise` (seeded by the context, so both methods see
 * the same flipped labels). ∂ILP runs every restart to the end or to its own fit, so that the
 * fraction of restarts solving the task is measured.
 */
export async function runRecord(context: ExperimentContext, task: IlpTask, method: IlpMethod, noise: number, budget: DilpBudget): Promise<IlpRunRecord> {
  const r = await runIlpTask(task, { method, noise, seed: context.seed, runs: budget.runs, steps: budget.steps, stopAtFirstFit: false });
  const fraction = (s: { correct: number; total: number }): number => (s.total === 0 ? 1 : s.correct / s.total);
  return {
    task: task.name,
    method,
    noise,
    status: r.status,
    solved: r.solved,
    solvedRuns: r.dilp?.solvedRuns ?? null,
    runs: r.dilp?.runs ?? null,
    trainAccuracy: fraction(r.train),
    testAccuracy: fraction(r.test),
    testMse: r.dilp?.testMse ?? null,
    flipped: r.flipped,
    seconds: Math.round(r.seconds * 10) / 10,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    program: r.program === undefined ? null : r.program.clauses.map(printClause),
  };
}
