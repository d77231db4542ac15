import type { Worker } from "node:worker_threads";
import { workerEntry } from "./workerEntry.js";

/**
 * Worker threads for fused kernels. tfjs-wasm runs single-threaded in Node, so the other cores
 * are free for the fused interpreters (DESIGN.md, "Engine decision"). A kernel whose work splits
 * over independent items (the tasks of a batch) keeps its data in a SharedArrayBuffer; the items
 * are cut into contiguous chunks, and the calling thread and up to `threads − 1` workers claim
 * chunks from a shared atomic counter until none are left. The caller then blocks in
 * `Atomics.wait` until every claimed chunk is finished (tf.customGrad forward and backward are
 * synchronous). A worker that is slow to wake up — a busy machine — only claims fewer chunks; the
 * caller never waits for a worker that has not started.
 *
 * Determinism: every item is computed by the same code in the same order whichever thread runs
 * it, so results are bitwise identical for any thread count.
 *
 * Workers start lazily, in the background, on a kernel's first sharded call; until a worker has
 * started and loaded the kernel's module the calls simply run on the calling thread (so the first
 * steps of a run are single-threaded). Workers are unref'd: they never keep the process alive.
 * Node's modules are imported dynamically, so kernels that use this file still load (and run on
 * one thread) outside Node.
 */

/** Environment variable with the number of threads for fused kernels (1 = calling thread only). */
export const THREADS_ENV = "GRADSYNTH_THREADS";
/** Threads used when neither `setKernelThreads` nor $GRADSYNTH_THREADS says otherwise (capped by the cores). */
export const DEFAULT_THREADS = 2;
/** Chunks per thread: more than one, so that a thread that runs slower than the others (sharing its core) holds up less. */
const CHUNKS_PER_THREAD = 4;

/**
 * Computes items [start, end) of a kernel, reading and writing `buffer`, with the kernel's own
 * small `params` (sizes, flags). Must be exported as `name` from `module` (its `import.meta.url`)
 * so that a worker can import it.
 */
export type ShardFunction = (buffer: SharedArrayBuffer, params: readonly number[], start: number, end: number) => void;

export interface ShardedFunction {
  readonly module: string;
  readonly name: string;
  readonly run: ShardFunction;
}

let requestedThreads: number | undefined;

interface NodeThreading {
  readonly Worker: typeof Worker;
  readonly cores: number;
}

let threading: NodeThreading | undefined;
const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string";
const threadingLoaded: Promise<void> = isNode
  ? Promise.all([import("node:worker_threads"), import("node:os")]).then(
      ([workerThreads, os]) => void (threading = { Worker: workerThreads.Worker, cores: os.availableParallelism() }),
      (error: unknown) => void process.stderr.write(`gradsynth: worker threads unavailable (${String(error)}); fused kernels run on one thread\n`),
    )
  : Promise.resolve();

/** Sets the number of threads for fused kernels (undefined: back to $GRADSYNTH_THREADS or the default). */
export function setKernelThreads(threads: number | undefined): void {
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    throw new RangeError(`kernel threads must be a positive integer, got ${threads}`);
  }
  requestedThreads = threads;
}

/** Threads fused kernels may use: `setKernelThreads`, else $GRADSYNTH_THREADS, else min(2, cores). */
export function kernelThreads(): number {
  if (requestedThreads !== undefined) return requestedThreads;
  const env = isNode ? process.env[THREADS_ENV] : undefined;
  if (env !== undefined && env !== "") return threadCount(env);
  return Math.min(DEFAULT_THREADS, threading?.cores ?? 1);
}

/** The most threads $GRADSYNTH_THREADS may ask for (each is a worker with its own heap). */
export const MAX_THREADS = 64;

/** The thread count $GRADSYNTH_THREADS gives: an integer in [1, MAX_THREADS], else a RangeError naming the variable. */
export function threadCount(text: string): number {
  const n = /^\s*\d+\s*$/u.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) throw new RangeError(`${THREADS_ENV} must be an integer from 1 to ${MAX_THREADS}, got '${text}'`);
  return n;
}

// Shared memory blocks: Int32 slots, then the UTF-8 text of an error.
const ERROR_BYTES = 4096;
/** Job block, one for all workers: the claim word, finished chunks, failure flag, error text. */
const CLAIM = 0; // (generation << INDEX_BITS) | index of the next unclaimed chunk
const FINISHED = 1;
const FAILED = 2;
const JOB_ERROR_LENGTH = 3;
const JOB_HEADER = 16;
/** Worker block, one per worker: started flag, module import states, error text of a failed import. */
const STARTED = 0;
const LOAD_ERROR_LENGTH = 1;
const MODULES = 2; // MODULES + id: 1 once module `id` is imported, −1 if the import failed
const MAX_MODULES = 62;
const WORKER_HEADER = 4 * (MODULES + MAX_MODULES);

const INDEX_BITS = 11;
const MAX_CHUNKS = (1 << INDEX_BITS) - 1;
const GENERATIONS = 1 << (31 - INDEX_BITS);

/** A job that does not finish within this time means a worker died holding a chunk (it cannot tell us while we block). */
const JOB_TIMEOUT_MS = 120_000;

/** A sharded call, as posted to the workers. */
export interface Job {
  readonly id: number;
  readonly name: string;
  readonly buffer: SharedArrayBuffer;
  readonly params: readonly number[];
  readonly count: number;
  readonly chunk: number;
  readonly chunks: number;
  readonly generation: number;
}

/** Messages from the calling thread to a worker. */
export type WorkerMessage = { readonly type: "load"; readonly id: number; readonly module: string } | ({ readonly type: "run" } & Job);

/** What a worker receives at start-up. */
export interface WorkerData {
  readonly jobBlock: SharedArrayBuffer;
  readonly workerBlock: SharedArrayBuffer;
}

function writeText(block: SharedArrayBuffer, header: number, lengthSlot: number, error: unknown): void {
  const text = new TextEncoder().encode(error instanceof Error ? (error.stack ?? error.message) : String(error)).subarray(0, ERROR_BYTES);
  new Uint8Array(block, header, ERROR_BYTES).set(text);
  Atomics.store(new Int32Array(block), lengthSlot, text.length);
}

function readText(block: SharedArrayBuffer, header: number, lengthSlot: number): string {
  const length = Atomics.load(new Int32Array(block), lengthSlot);
  return new TextDecoder().decode(new Uint8Array(block, header, length).slice());
}

/** Worker side: marks the worker started. */
export function markStarted(data: WorkerData): void {
  Atomics.store(new Int32Array(data.workerBlock), STARTED, 1);
}

/** Worker side: records the outcome of importing module `id`. */
export function markLoaded(data: WorkerData, id: number, error?: unknown): void {
  if (error !== undefined) writeText(data.workerBlock, WORKER_HEADER, LOAD_ERROR_LENGTH, error);
  Atomics.store(new Int32Array(data.workerBlock), MODULES + id, error === undefined ? 1 : -1);
}

/**
 * Claims and runs chunks of `job` until none are left (both sides run this). A claim succeeds only
 * while the claim word still carries the job's generation, so a worker that wakes up late for a
 * finished job claims nothing. Errors go to `onError`; the chunk still counts as finished.
 */
export function runChunks(job: Job, run: ShardFunction, jobBlock: SharedArrayBuffer, onError: (error: unknown) => void): void {
  const state = new Int32Array(jobBlock);
  for (;;) {
    const word = Atomics.load(state, CLAIM);
    const k = word & MAX_CHUNKS;
    if (word >>> INDEX_BITS !== job.generation || k >= job.chunks) return;
    if (Atomics.compareExchange(state, CLAIM, word, word + 1) !== word) continue;
    try {
      run(job.buffer, job.params, k * job.chunk, Math.min(job.count, (k + 1) * job.chunk));
    } catch (error) {
      onError(error);
    }
    Atomics.add(state, FINISHED, 1);
    Atomics.notify(state, FINISHED);
  }
}

/** Worker side: records a chunk's error for the calling thread to throw. */
export function reportJobError(jobBlock: SharedArrayBuffer, error: unknown): void {
  if (Atomics.compareExchange(new Int32Array(jobBlock), FAILED, 0, 1) === 0) writeText(jobBlock, JOB_HEADER * 4, JOB_ERROR_LENGTH, error);
}

const moduleIds = new Map<string, number>();

function moduleId(module: string): number {
  let id = moduleIds.get(module);
  if (id === undefined) {
    id = moduleIds.size;
    if (id >= MAX_MODULES) throw new RangeError(`at most ${MAX_MODULES} kernel modules can be sharded`);
    moduleIds.set(module, id);
  }
  return id;
}

class KernelWorker {
  private readonly workerBlock = new SharedArrayBuffer(WORKER_HEADER + ERROR_BYTES);
  private readonly state = new Int32Array(this.workerBlock);
  private readonly worker: Worker;
  private readonly requested = new Set<number>();
  alive = true;

  constructor(
    threads: NodeThreading,
    jobBlock: SharedArrayBuffer,
    private readonly onGone: (worker: KernelWorker, error?: Error) => void,
  ) {
    const workerData: WorkerData = { jobBlock, workerBlock: this.workerBlock };
    const { entry, argv } = workerEntry(import.meta.url, "kernelWorker");
    this.worker = new threads.Worker(entry, { workerData, argv, execArgv: [] });
    this.worker.unref();
    this.worker.on("error", (error) => onGone(this, error));
    this.worker.on("exit", () => onGone(this));
  }

  /** Whether the worker can run module `id` now; asks it to import the module if not yet asked. */
  ready(id: number, module: string): boolean {
    if (!this.alive || Atomics.load(this.state, STARTED) !== 1) return false;
    const loaded = Atomics.load(this.state, MODULES + id);
    if (loaded === -1) {
      this.terminate();
      this.onGone(this, new Error(`could not import ${module}: ${readText(this.workerBlock, WORKER_HEADER, LOAD_ERROR_LENGTH)}`));
      return false;
    }
    if (loaded === 0 && !this.requested.has(id)) {
      this.requested.add(id);
      this.post({ type: "load", id, module });
    }
    return loaded === 1;
  }

  post(message: WorkerMessage): void {
    this.worker.postMessage(message);
  }

  terminate(): void {
    this.alive = false;
    void this.worker.terminate().catch(() => undefined);
  }
}

class WorkerPool {
  readonly jobBlock = new SharedArrayBuffer(4 * JOB_HEADER + ERROR_BYTES);
  private readonly job = new Int32Array(this.jobBlock);
  private generation = 0;
  private workers: KernelWorker[] = [];
  private warned = false;

  /** The workers that can run `fn` now, starting or stopping workers to have `threads − 1`. */
  helpers(fn: ShardedFunction, threads: number): KernelWorker[] {
    const wanted = threading ? threads - 1 : 0;
    while (this.workers.length > wanted) this.workers.pop()?.terminate();
    try {
      while (threading && this.workers.length < wanted) this.workers.push(new KernelWorker(threading, this.jobBlock, (w, e) => this.gone(w, e)));
    } catch (error) {
      this.gone(undefined, error as Error);
    }
    const id = moduleId(fn.module);
    return this.workers.filter((w) => w.ready(id, fn.module));
  }

  run(fn: ShardedFunction, helpers: readonly KernelWorker[], buffer: SharedArrayBuffer, params: readonly number[], count: number, chunk: number): void {
    this.generation = (this.generation + 1) % GENERATIONS;
    const chunks = Math.ceil(count / chunk);
    const job: Job = { id: moduleId(fn.module), name: fn.name, buffer, params, count, chunk, chunks, generation: this.generation };
    Atomics.store(this.job, FINISHED, 0);
    Atomics.store(this.job, FAILED, 0);
    Atomics.store(this.job, CLAIM, this.generation << INDEX_BITS);
    for (const w of helpers) w.post({ type: "run", ...job });
    let failure: { error: unknown } | undefined;
    runChunks(job, fn.run, this.jobBlock, (error) => (failure ??= { error }));
    const deadline = performance.now() + JOB_TIMEOUT_MS;
    for (let done = Atomics.load(this.job, FINISHED); done < chunks; done = Atomics.load(this.job, FINISHED)) {
      const left = deadline - performance.now();
      if (left <= 0) {
        for (const w of this.workers) w.terminate();
        this.workers = [];
        throw new Error(`kernel worker did not finish its part of ${fn.name} within ${JOB_TIMEOUT_MS / 1000} s`);
      }
      Atomics.wait(this.job, FINISHED, done, left);
    }
    if (failure) throw failure.error;
    if (Atomics.load(this.job, FAILED)) throw new Error(`kernel worker failed: ${readText(this.jobBlock, JOB_HEADER * 4, JOB_ERROR_LENGTH)}`);
  }

  private gone(worker: KernelWorker | undefined, error?: Error): void {
    if (worker) worker.alive = false;
    this.workers = this.workers.filter((w) => w.alive);
    if (error && !this.warned) {
      this.warned = true;
      process.stderr.write(`gradsynth: kernel worker unavailable (${error.message}); fused kernels run on one thread\n`);
      setKernelThreads(1);
    }
  }
}

const pool = new WorkerPool();

/**
 * Runs `fn` over items [0, count) on this thread and the ready workers, in chunks of at least
 * `minPerChunk` items (below that a hand-off costs more than it saves). Returns the number of
 * threads asked to help, this one included.
 */
export function runSharded(fn: ShardedFunction, buffer: SharedArrayBuffer, params: readonly number[], count: number, minPerChunk: number): number {
  const threads = kernelThreads();
  const most = Math.floor(count / Math.max(1, minPerChunk));
  const helpers = threads > 1 && most > 1 ? pool.helpers(fn, threads).slice(0, most - 1) : [];
  if (helpers.length === 0) {
    fn.run(buffer, params, 0, count);
    return 1;
  }
  const chunk = Math.ceil(count / Math.min(most, CHUNKS_PER_THREAD * (1 + helpers.length), MAX_CHUNKS));
  pool.run(fn, helpers, buffer, params, count, chunk);
  return 1 + helpers.length;
}

/**
 * Resolves once `threads − 1` workers have started and loaded the modules of `fns` (true), or
 * false if threading is off or the workers did not come up within `timeoutMs`. Benchmarks and
 * tests await it so that they measure the multi-threaded path from the first call.
 */
export async function kernelWorkersReady(fns: readonly ShardedFunction[], timeoutMs = 30_000): Promise<boolean> {
  await threadingLoaded;
  const threads = kernelThreads();
  if (threads === 1) return false;
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (fns.every((fn) => pool.helpers(fn, threads).length === threads - 1)) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}
