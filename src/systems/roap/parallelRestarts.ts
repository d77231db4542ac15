import type { Worker } from "node:worker_threads";
import { workerEntry } from "../../engine/workerEntry.js";
import { InputError } from "../../errors.js";
import type { ImageDataset } from "../../data/images.js";
import { evaluateExpr } from "../../lang/arith/evaluate.js";
import type { Expr } from "../../lang/arith/syntax.js";
import type { RoapConfig } from "./config.js";
import type { SampledDecoding } from "./metrics.js";
import type { DecodedProgram } from "./heads.js";
import type { RestartOptions, RestartResult, RestartStepCallback } from "./restart.js";
import type { EpochRecord, StepReport } from "./trainer.js";

/**
 * Restarts in parallel: each restart trains in a worker thread of its own (restartWorker.ts), with
 * its own tfjs engine on the same backend, at most `workers` at a time. A restart's result depends
 * only on (config, restart), so it is the same in a worker as in the main thread.
 */
export interface RestartJob {
  readonly config: RoapConfig;
  readonly dataset: ImageDataset;
  readonly restart: number;
  readonly options: RestartOptions;
  readonly backend: string;
  /**
   * Threads of the worker's fused kernels when $GRADSYNTH_THREADS is unset: the cores shared
   * among the restarts running at once, at least 1 (without it W restarts would start W pools).
   */
  readonly kernelThreads?: number;
}

/** A decoded program as it crosses threads (DecodedProgram holds functions). */
interface PlainProgram {
  readonly length: number;
  readonly expr: Expr;
}

type PlainSampled = Omit<SampledDecoding, "programs"> & { readonly programs: readonly PlainProgram[] };
type PlainResult = Omit<RestartResult, "metrics"> & {
  readonly metrics: Omit<RestartResult["metrics"], "programs" | "sampled"> & { readonly programs: readonly PlainProgram[] | undefined; readonly sampled: PlainSampled | undefined };
};

export type RestartMessage =
  | { readonly kind: "step"; readonly report: StepReport; readonly totalSteps: number; readonly lastEpoch: EpochRecord | undefined }
  | { readonly kind: "done"; readonly result: PlainResult; readonly programs: readonly Expr[] }
  | { readonly kind: "error"; readonly userError: boolean; readonly message: string };

export function plainResult(result: RestartResult): PlainResult {
  const plain = (p: DecodedProgram): PlainProgram => ({ length: p.length, expr: p.expr() });
  const { programs, sampled } = result.metrics;
  return { ...result, metrics: { ...result.metrics, programs: programs?.map(plain), sampled: sampled && { ...sampled, programs: sampled.programs.map(plain) } } };
}

function fromPlain(result: PlainResult): RestartResult {
  const program = ({ length, expr }: PlainProgram): DecodedProgram => ({ length, expr: () => expr, evaluate: (input) => evaluateExpr(expr, input) });
  const { programs, sampled } = result.metrics;
  return { ...result, metrics: { ...result.metrics, programs: programs?.map(program), sampled: sampled && { ...sampled, programs: sampled.programs.map(program) } } };
}

/** Runs one restart in a new worker thread; resolves with its result (programs rebuilt), rejects with its error. */
async function inWorker(job: RestartJob, onStep: RestartStepCallback | undefined): Promise<{ result: RestartResult; programs: readonly Expr[] }> {
  const threads = await import("node:worker_threads");
  const { entry, argv } = workerEntry(import.meta.url, "restartWorker");
  return new Promise((resolve, reject) => {
    const worker: Worker = new threads.Worker(entry, { workerData: job, argv, execArgv: [] });
    let settled = false;
    worker.on("message", (message: RestartMessage) => {
      if (message.kind === "step") onStep?.(message.report, message.totalSteps, message.lastEpoch);
      else if (message.kind === "done") {
        settled = true;
        resolve({ result: fromPlain(message.result), programs: message.programs });
      } else {
        settled = true;
        reject(message.userError ? new InputError(message.message) : new Error(`restart ${job.restart}: ${message.message}`));
      }
    });
    worker.on("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`restart ${job.restart}: its worker exited with code ${code} before finishing`));
    });
  });
}

/**
 * Runs the restart jobs, at most `workers` at a time, each in its own worker. `onStep` gets each
 * step of each job, tagged with the job's index in `jobs`. Results come in job order.
 */
export async function restartsInWorkers(
  jobs: readonly RestartJob[],
  workers: number,
  onStep?: (restart: number, ...args: Parameters<RestartStepCallback>) => void,
): Promise<{ result: RestartResult; programs: readonly Expr[] }[]> {
  const results = new Array<{ result: RestartResult; programs: readonly Expr[] }>(jobs.length);
  const lanes = Math.min(workers, jobs.length);
  const kernelThreads = Math.max(1, Math.floor((await import("node:os")).availableParallelism() / lanes));
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const k = next++;
      const job = { kernelThreads, ...(jobs[k] as RestartJob) };
      results[k] = await inWorker(job, (...args) => onStep?.(k, ...args));
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return results;
}
