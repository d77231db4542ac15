import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { DILP_TASK_NAMES } from "../src/experiments/dilp/common.js";
import { printDatalog } from "../src/lang/datalog/print.js";
import { parseIlpTask } from "../src/lang/datalog/taskFile.js";
import { DILP_DEFAULTS } from "../src/systems/dilp/options.js";
import { DILP_OPTIMIZERS, type DilpOptimizer } from "../src/systems/dilp/optimizer.js";
import { runIlpTask, type IlpMethod } from "../src/systems/dilp/runTask.js";

/**
 * ∂ILP and the SAT baseline on the paper's 20 tasks (examples/ilp/): per task and method, whether
 * it was solved, time, and the peak RSS of a fresh process that ran only that task (so memory is
 * per task). ∂ILP runs K restarts without stopping at the first fit, so that the fraction of runs
 * that solve the task is measured, as in the paper's table.
 *
 *   npx tsx bench/dilpTasks.ts [--tasks a,b,...] [--methods dilp,sat] [--runs K] [--steps N]
 *                             [--optimizer rmsprop|adam] [--batch-fraction F] [--plateau-steps P]
 *                             [--noise ρ] [--seed S] [--timeout SECONDS] [--out FILE]
 *
 * Prints a Markdown table and writes the rows as JSON (default out/dilp-tasks.json). Each child
 * process is killed after --timeout seconds (default 170) and reported as "timeout". Each row
 * carries the child's CPU time (user + system) beside its wall time.
 */

interface Settings {
  readonly tasks: string[];
  readonly methods: IlpMethod[];
  readonly runs: number;
  readonly steps: number;
  readonly optimizer: DilpOptimizer;
  readonly batchFraction: number;
  readonly plateauSteps: number;
  readonly noise: number;
  readonly seed: number;
  readonly timeout: number;
  readonly out: string;
}

interface Row {
  readonly task: string;
  readonly method: IlpMethod;
  readonly status: string;
  readonly solved: boolean;
  readonly solvedRuns?: number;
  readonly runs?: number;
  readonly trainAccuracy?: number;
  readonly testAccuracy?: number;
  /** ∂ILP: mean squared error of its valuations on the test examples (the paper's metric). */
  readonly testMse?: number | null;
  readonly seconds: number;
  readonly cpuSeconds?: number;
  readonly peakRssMB?: number;
  readonly program?: string[];
}

function parse(argv: readonly string[]): Settings {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    tasks: value("--tasks")?.split(",") ?? [...DILP_TASK_NAMES],
    methods: (value("--methods")?.split(",") ?? ["dilp", "sat"]) as IlpMethod[],
    runs: Number(value("--runs") ?? 5),
    steps: Number(value("--steps") ?? 300),
    optimizer: optimizerOf(value("--optimizer") ?? DILP_DEFAULTS.optimizer),
    batchFraction: Number(value("--batch-fraction") ?? 1),
    plateauSteps: Number(value("--plateau-steps") ?? 0),
    noise: Number(value("--noise") ?? 0),
    seed: Number(value("--seed") ?? 0),
    timeout: Number(value("--timeout") ?? 170),
    out: value("--out") ?? "out/dilp-tasks.json",
  };
}

function optimizerOf(name: string): DilpOptimizer {
  const known = DILP_OPTIMIZERS.find((o) => o === name);
  if (known === undefined) throw new Error(`--optimizer must be one of ${DILP_OPTIMIZERS.join(", ")}, got '${name}'`);
  return known;
}

/** Child mode: one task, one method; prints one JSON row. */
async function child(task: string, method: IlpMethod, s: Settings): Promise<void> {
  const file = `examples/ilp/${task}.dl`;
  const parsed = parseIlpTask(readFileSync(file, "utf8"), { file });
  const { runs, steps, optimizer, batchFraction, plateauSteps, noise, seed } = s;
  const r = await runIlpTask(parsed, { method, runs, steps, optimizer, batchFraction, plateauSteps, noise, seed, stopAtFirstFit: false });
  const cpu = process.cpuUsage();
  const row: Row = {
    task,
    method,
    status: r.status,
    solved: r.solved,
    solvedRuns: r.dilp?.solvedRuns,
    runs: r.dilp?.runs,
    trainAccuracy: r.train.correct / r.train.total,
    testAccuracy: r.test.total > 0 ? r.test.correct / r.test.total : undefined,
    testMse: r.dilp?.testMse,
    seconds: Math.round(r.seconds * 10) / 10,
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e5) / 10,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    program: r.program === undefined ? undefined : printDatalog(r.program).split("\n"),
  };
  process.stdout.write(`${JSON.stringify(row)}\n`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const s = parse(argv);
  const childAt = argv.indexOf("--child");
  if (childAt >= 0) return child(argv[childAt + 1] as string, argv[childAt + 2] as IlpMethod, s);
  const run = promisify(execFile);
  const rows: Row[] = [];
  for (const task of s.tasks) {
    for (const method of s.methods) {
      process.stderr.write(`dilpTasks: ${task} ${method}…\n`);
      const started = performance.now();
      try {
        const { stdout } = await run(process.execPath, ["--import", "tsx", "bench/dilpTasks.ts", ...argv, "--child", task, method], {
          timeout: s.timeout * 1000,
          maxBuffer: 1 << 24,
        });
        rows.push(JSON.parse(stdout.trim().split("\n").at(-1) as string) as Row);
      } catch {
        rows.push({ task, method, status: "timeout", solved: false, seconds: Math.round((performance.now() - started) / 100) / 10 });
      }
    }
  }
  mkdirSync("out", { recursive: true });
  writeFileSync(s.out, `${JSON.stringify({ settings: s, rows }, null, 2)}\n`);
  process.stdout.write(table(rows));
}

function table(rows: readonly Row[]): string {
  const lines = ["| task | method | status | solved | runs solved | train acc | test acc | test MSE | time (s) | CPU (s) | peak RSS (MB) |", "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"];
  const fmt = (x: number | undefined): string => (x === undefined ? "–" : x.toFixed(3));
  for (const r of rows) {
    const runs = r.runs === undefined ? "–" : `${r.solvedRuns}/${r.runs}`;
    lines.push(`| ${r.task} | ${r.method} | ${r.status} | ${r.solved ? "yes" : "no"} | ${runs} | ${fmt(r.trainAccuracy)} | ${fmt(r.testAccuracy)} | ${fmt(r.testMse ?? undefined)} | ${r.seconds} | ${r.cpuSeconds ?? "–"} | ${r.peakRssMB ?? "–"} |`);
  }
  return `${lines.join("\n")}\n`;
}

await main();
