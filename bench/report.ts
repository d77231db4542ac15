import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import type { BenchRow } from "./timing.js";

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly backend: string;
  readonly threads: string;
}

export function machine(backend: string, threads: readonly number[]): Machine {
  const info = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = /^model name\s*:\s*(.+)$/m.exec(info)?.[1] ?? cpus()[0]?.model ?? "unknown";
  return { cpu: model.trim(), cores: availableParallelism(), node: process.version, backend, threads: threads.join(" and ") };
}

/** `uptime`'s line (load averages over 1, 5, 15 minutes), or os.loadavg() where there is no `uptime`. */
export function load(): string {
  try {
    return execFileSync("uptime", { encoding: "utf8" }).trim();
  } catch {
    return `load average: ${loadavg().map((x) => x.toFixed(2)).join(", ")}`;
  }
}

const fmt = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** Plain-text table for the terminal. */
export function textTable(rows: readonly BenchRow[]): string {
  const header = ["benchmark", "config", "variant", "median ms", "min ms", "CPU ms", "runs", "notes"];
  const cells = rows.map((r) => [r.benchmark, r.config, r.variant, fmt(r.medianMs), fmt(r.minMs), fmt(r.cpuMs), String(r.runs), r.extra ?? ""]);
  const widths = header.map((h, k) => Math.max(h.length, ...cells.map((c) => (c[k] as string).length)));
  const line = (c: readonly string[]) => c.map((x, k) => (k >= 3 && k <= 6 ? x.padStart(widths[k] as number) : x.padEnd(widths[k] as number))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

/** The PyTorch figure of DESIGN.md ("Engine decision"), quoted for comparison; not measured by this suite. */
export const PYTORCH_QUOTE = {
  benchmark: "straight-line executor fwd+bwd",
  config: "T=100 N=32 L=30",
  variant: "PyTorch CPU eager, 1 thread — quoted from DESIGN.md, not measured here",
  medianMs: "≈ 40",
};

export function markdown(rows: readonly BenchRow[], context: { command: string; date: string; machine: Machine; loadBefore: string; loadAfter: string; rounds: string }): string {
  const m = context.machine;
  const lines = [
    `Command: \`${context.command}\` — ${context.date}`,
    "",
    `Machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}, tfjs backend \`${m.backend}\`, fused kernels on ${m.threads} thread(s).`,
    "",
    `Load (\`uptime\`) before: \`${context.loadBefore}\`; after: \`${context.loadAfter}\`; ${context.rounds}.`,
    "",
    "| benchmark | config | variant | median ms | min ms | CPU ms | runs | notes |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: | --- |",
    ...rows.map((r) => `| ${r.benchmark} | ${r.config} | ${r.variant} | ${fmt(r.medianMs)} | ${fmt(r.minMs)} | ${fmt(r.cpuMs)} | ${r.runs} | ${r.extra ?? ""} |`),
    `| ${PYTORCH_QUOTE.benchmark} | ${PYTORCH_QUOTE.config} | ${PYTORCH_QUOTE.variant} | ${PYTORCH_QUOTE.medianMs} | | | | |`,
  ];
  return lines.join("\n");
}
