import { parentPort, workerData } from "node:worker_threads";
import { initEngine } from "../../engine/backend.js";
import { THREADS_ENV, setKernelThreads } from "../../engine/workers.js";
import { CliError } from "../../errors.js";
import { plainResult, type RestartJob, type RestartMessage } from "./parallelRestarts.js";
import { trainRestart } from "./restart.js";

/** A worker thread that trains one ROAP restart (parallelRestarts.ts) and reports back by messages. */
const job = workerData as RestartJob;
const post = (message: RestartMessage): void => parentPort?.postMessage(message);

try {
  if (job.kernelThreads !== undefined && (process.env[THREADS_ENV] ?? "") === "") setKernelThreads(job.kernelThreads);
  await initEngine(job.backend);
  const { result, programs } = await trainRestart(job.config, job.dataset, job.restart, job.options, (report, totalSteps, lastEpoch) =>
    post({ kind: "step", report, totalSteps, lastEpoch }),
  );
  post({ kind: "done", result: plainResult(result), programs });
} catch (error) {
  post({ kind: "error", userError: error instanceof CliError, message: error instanceof Error ? error.message : String(error) });
}
