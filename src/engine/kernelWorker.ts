import { parentPort, workerData } from "node:worker_threads";
import { markLoaded, markStarted, reportJobError, runChunks, type ShardFunction, type WorkerData, type WorkerMessage } from "./workers.js";

/**
 * A fused-kernel worker (see workers.ts): imports kernel modules when asked and helps with
 * sharded calls by claiming chunks of them. It reports through shared memory only: the calling
 * thread is blocked in Atomics.wait and cannot receive messages.
 */
const data = workerData as WorkerData;
const modules = new Map<number, Record<string, unknown>>();

function onMessage(message: WorkerMessage): void {
  if (message.type === "load") {
    import(message.module).then(
      (module: Record<string, unknown>) => {
        modules.set(message.id, module);
        markLoaded(data, message.id);
      },
      (error: unknown) => markLoaded(data, message.id, error),
    );
    return;
  }
  const run = modules.get(message.id)?.[message.name];
  // Without the function this worker claims nothing, and the calling thread does the work.
  if (typeof run === "function") runChunks(message, run as ShardFunction, data.jobBlock, (error) => reportJobError(data.jobBlock, error));
}

parentPort?.on("message", onMessage);
markStarted(data);
