import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { initEngine } from "../src/engine/backend.js";
import { Rng } from "../src/engine/rng.js";
import { parseIlpTask } from "../src/lang/datalog/taskFile.js";
import { dilpObjective } from "../src/systems/dilp/objective.js";
import { programSpace } from "../src/lang/datalog/space/programSpace.js";
import { timeVariants } from "./timing.js";

/**
 * Time per ∂ILP training step: one evaluation of the loss and its gradient (T forward-chaining
 * steps forward and backward through the fused kernel, src/lang/datalog/relaxed/stepKernel.ts), at
 * random initial weights N(0, 1) as a run starts. The pattern of exactly-zero valuations, which
 * the kernel's sparse pair mixing exploits, does not depend on the weights (every softmaxed
 * weight is positive), so the time per step stays about the same during training.
 *
 *   npx tsx bench/dilpStep.ts [--tasks buzz,length,...] [--runs N] [--out FILE]
 *
 * Prints a Markdown table (wall median and minimum, CPU median per step) and writes JSON
 * (default out/dilp-step.json).
 */
function flag(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const tasks = flag(argv, "--tasks")?.split(",") ?? ["buzz", "length", "fizz", "uncle", "member"];
  const runs = Number(flag(argv, "--runs") ?? 15);
  const out = flag(argv, "--out") ?? "out/dilp-step.json";
  await initEngine();
  const rows = [];
  for (const name of tasks) {
    const file = `examples/ilp/${name}.dl`;
    const task = parseIlpTask(readFileSync(file, "utf8"), { file });
    const space = programSpace(task);
    const objective = dilpObjective(task, space);
    const rng = new Rng(0);
    const logits = Float32Array.from({ length: space.weightCount }, () => rng.normal());
    const timing = timeVariants([{ name, step: () => void objective.evaluate(logits) }], runs, { warmUp: 2 }).get(name);
    objective.dispose();
    if (timing === undefined) throw new Error(`no timing for ${name}`);
    rows.push({ task: name, atoms: space.atomCount, weights: space.weightCount, steps: task.steps, ...timing });
  }
  mkdirSync("out", { recursive: true });
  writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
  const lines = ["| task | atoms | clause pairs | T | median ms | min ms | CPU ms | runs |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"];
  for (const r of rows) {
    lines.push(`| ${r.task} | ${r.atoms} | ${r.weights} | ${r.steps} | ${r.medianMs.toFixed(1)} | ${r.minMs.toFixed(1)} | ${r.cpuMs.toFixed(1)} | ${r.runs} |`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
