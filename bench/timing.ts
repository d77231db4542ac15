import { readFileSync } from "node:fs";

/** One row of a benchmark table. */
export interface BenchRow {
  readonly benchmark: string;
  readonly config: string;
  readonly variant: string;
  /** Wall time per run: median and minimum. */
  readonly medianMs: number;
  readonly minMs: number;
  /**
   * Median CPU time per run of the whole process (all threads). On a machine shared with other
   * jobs the wall time includes waiting for a core; CPU time does not, and CPU > wall shows that
   * the second core worked.
   */
  readonly cpuMs: number;
  readonly runs: number;
  /** Anything else worth a column (a rate, a speed-up). */
  readonly extra?: string;
}

export type Timing = Pick<BenchRow, "medianMs" | "minMs" | "cpuMs" | "runs">;

export interface Variant {
  readonly name: string;
  /** Called before each round of this variant's runs (e.g. to select the thread count). */
  readonly prepare?: () => void;
  readonly step: () => void;
  /** Runs of this variant (default: the `runs` argument of `timeVariants`). */
  readonly runs?: number;
  /** Warm-up calls of this variant (default: the `warmUp` option). */
  readonly warmUp?: number;
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

export interface TimingOptions {
  readonly rounds?: number;
  readonly warmUp?: number;
  /** Called before each round, e.g. `waitForIdle` on a shared machine. */
  readonly beforeRound?: () => void;
}

let defaults: TimingOptions = {};

/** Options applied to every `timeVariants` call that does not set them (bench/main.ts sets them from its flags). */
export function setTimingDefaults(options: TimingOptions): void {
  defaults = options;
}

/**
 * Times several variants of the same work, interleaved: `rounds` rounds, each running every
 * variant for its share of runs, so that a change in the machine's load during the benchmark hits
 * all variants alike. Each variant is warmed up (`warmUp` calls) before its first round.
 */
export function timeVariants(variants: readonly Variant[], runs: number, options: TimingOptions = {}): Map<string, Timing> {
  const { rounds = 3, warmUp = 3, beforeRound } = { ...defaults, ...options };
  const wall = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  const cpu = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (const v of variants) {
    v.prepare?.();
    for (let i = 0; i < (v.warmUp ?? warmUp); i++) v.step();
  }
  for (let round = 0; round < rounds; round++) {
    beforeRound?.();
    for (const v of variants) {
      v.prepare?.();
      const total = v.runs ?? runs;
      const share = Math.floor(total / rounds) + (round < total % rounds ? 1 : 0);
      for (let i = 0; i < share; i++) {
        const cpuStart = process.cpuUsage();
        const start = performance.now();
        v.step();
        (wall.get(v.name) as number[]).push(performance.now() - start);
        const used = process.cpuUsage(cpuStart);
        (cpu.get(v.name) as number[]).push((used.user + used.system) / 1000);
      }
    }
  }
  return new Map(
    variants.map((v) => {
      const w = wall.get(v.name) as number[];
      return [v.name, { medianMs: median(w), minMs: Math.min(...w), cpuMs: median(cpu.get(v.name) as number[]), runs: w.length }];
    }),
  );
}

function cpuTimes(): { idle: number; total: number } | undefined {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    return { idle: (fields[3] ?? 0) + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}

const pause = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export const idleStats = { quiet: 0, busy: 0 };

/**
 * Blocks until the whole machine was at least `threshold` idle over a 300 ms window (Linux
 * /proc/stat), or `maxWaitMs` passed; counts quiet and busy starts in `idleStats`. For
 * benchmarking on a machine that other jobs share: it keeps rounds out of their busy spells.
 */
export function waitForIdle(threshold = 0.9, maxWaitMs = 20_000): void {
  const deadline = performance.now() + maxWaitMs;
  while (performance.now() < deadline) {
    const a = cpuTimes();
    pause(300);
    const b = cpuTimes();
    if (!a || !b) return;
    if ((b.idle - a.idle) / Math.max(1, b.total - a.total) >= threshold) {
      idleStats.quiet++;
      return;
    }
  }
  idleStats.busy++;
}
