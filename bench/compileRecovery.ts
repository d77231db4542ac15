import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { initEngine } from "../src/engine/backend.js";
import { Rng } from "../src/engine/rng.js";
import { parseAsm } from "../src/lang/asm/parse.js";
import { makeTask, type TaskName } from "../src/lang/asm/tasks.js";
import { lowerToAnc, runTuningJob, taskData, type Initialisation } from "../src/systems/compile/index.js";

/**
 * Recovery rates of seed 002's Table 1 tasks for one initialisation: random weights (the seed's
 * "Optimization" row) or a compiled program (FILE, the seed's per-initialisation rows), k tuning
 * runs per task, each judged by observational equivalence of the decompiled program on 100 fresh
 * inputs. Prints one Markdown row and the time per step, and writes out/compile-recovery-<name>.json.
 * The numbers of docs/asm.md, "Measured recovery":
 *
 *   npx tsx bench/compileRecovery.ts --init random --runs 4 --steps 200
 *   npx tsx bench/compileRecovery.ts --init examples/asm/seed/map-inc.asm --runs 4 --steps 200
 *
 * and of docs/results/compile.md (eq. 10 on the final state instead of the halting-weighted one):
 *
 *   npx tsx bench/compileRecovery.ts --init random --tasks inc --runs 4 --steps 300 --correctness-at final
 */
const { values } = parseArgs({
  options: {
    init: { type: "string" },
    runs: { type: "string" },
    steps: { type: "string" },
    tasks: { type: "string" },
    seed: { type: "string" },
    lines: { type: "string" },
    registers: { type: "string" },
    "correctness-at": { type: "string" },
  },
});
const correctnessAt = values["correctness-at"] ?? "halting";
if (correctnessAt !== "halting" && correctnessAt !== "final") throw new Error(`--correctness-at must be halting or final, got ${correctnessAt}`);
const initName = values.init ?? "random";
const runs = Number(values.runs ?? 4);
const steps = Number(values.steps ?? 200);
const seed = Number(values.seed ?? 1);
const tasks = (values.tasks ?? "inc,map-inc,map-dec,reduce,parity,fibonacci").split(",") as TaskName[];
await initEngine();
const rows: { task: string; recovered: number; runs: number; msPerStep: number; meanStepsToRecover: number | null; losses: string[] }[] = [];
for (const name of tasks) {
  const task = makeTask(name);
  const data = taskData(task, new Rng(seed));
  const init: Initialisation =
    initName === "random"
      ? { kind: "random", shape: { base: task.base, lines: Number(values.lines ?? task.base), registers: Number(values.registers ?? 8) } }
      : { kind: "program", program: lowerToAnc(parseAsm(readFileSync(initName, "utf8")), task.base).program };
  const result = await runTuningJob({ init, data, runs, seed, settings: { steps, loss: { correctness: 1, efficiency: 0.01, correctnessAt } } });
  const totalSteps = result.runs.reduce((s, r) => s + r.steps, 0);
  const totalMs = result.runs.reduce((s, r) => s + r.milliseconds, 0);
  const recoveredSteps = result.runs.flatMap((r) => (r.recoveredAtStep === null ? [] : [r.recoveredAtStep]));
  rows.push({
    task: name,
    recovered: result.recovered,
    runs,
    msPerStep: totalSteps > 0 ? totalMs / totalSteps : 0,
    meanStepsToRecover: recoveredSteps.length > 0 ? recoveredSteps.reduce((a, b) => a + b, 0) / recoveredSteps.length : null,
    losses: result.runs.map((r) => r.loss.toFixed(3)),
  });
  const row = rows[rows.length - 1];
  console.error(`${name}: ${row?.recovered}/${runs} recovered, ${row?.msPerStep.toFixed(1)} ms/step (K = ${task.maxSteps}, batch 8)`);
}
console.log(`| ${initName} | ${rows.map((r) => `${r.recovered}/${r.runs}`).join(" | ")} |`);
console.log(`final losses: ${rows.map((r) => `${r.task} ${r.losses.join(" ")}`).join("; ")}`);
mkdirSync("out", { recursive: true });
const file = `out/compile-recovery-${initName.replace(/[^a-z0-9-]+/giu, "_")}.json`;
writeFileSync(file, `${JSON.stringify({ init: initName, runs, steps, seed, rows }, null, 2)}\n`);
console.error(`wrote ${file}`);
