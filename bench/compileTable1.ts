import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { initEngine } from "../src/engine/backend.js";
import { runTable1, TABLE1_TASKS, table1Markdown } from "../src/experiments/compile/table1.js";

/**
 * Seed 002's Table 1 (the compile-table1 experiment) at a scale between ci and full, for a run of a
 * few minutes: k runs per cell and at most N Adam steps per tuning run. Prints the Markdown table
 * and writes out/compile-table1-k<K>-s<N>-<tasks>.json; --tasks runs some columns only (on a shared
 * 2-core machine, a few minutes per job). The numbers of docs/results/compile.md:
 *
 *   npx tsx bench/compileTable1.ts --runs 2 --steps 60 --tasks inc,map-inc
 */
const { values } = parseArgs({ options: { runs: { type: "string" }, steps: { type: "string" }, seed: { type: "string" }, tasks: { type: "string" } } });
const tasks = (values.tasks?.split(",") ?? [...TABLE1_TASKS]).map((name) => {
  const task = TABLE1_TASKS.find((t) => t === name);
  if (task === undefined) throw new Error(`--tasks: unknown task ${name} (one of ${TABLE1_TASKS.join(", ")})`);
  return task;
});
const runs = Number(values.runs ?? 4);
const steps = Number(values.steps ?? 100);
const seed = Number(values.seed ?? 1);
await initEngine();
const started = performance.now();
const cells = await runTable1({ runs, steps }, seed, (done, total, detail) => console.error(`${done}/${total} ${detail}`), tasks);
const seconds = (performance.now() - started) / 1000;
console.log(table1Markdown(cells));
console.log(`\nk = ${runs}, at most ${steps} steps per run, seed ${seed}: ${seconds.toFixed(0)} s`);
mkdirSync("out", { recursive: true });
const file = `out/compile-table1-k${runs}-s${steps}-${tasks.join("_")}.json`;
writeFileSync(file, `${JSON.stringify({ runs, steps, seed, seconds, cells }, null, 2)}\n`);
console.error(`wrote ${file}`);
