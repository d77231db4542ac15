import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { initEngine } from "../src/engine/backend.js";
import { loadImages } from "../src/data/images.js";
import { ROAP_CPU, type RoapConfig } from "../src/systems/roap/config.js";
import { RoapTrainer } from "../src/systems/roap/trainer.js";

/**
 * The diagnosis of the paper's synthesizer in docs/results/roap.md: the demo's earlier setting
 * (20 tasks, 20 epochs × 40 steps, the paper's ROAP) on validation seed 101, with one setting
 * changed per variant; each run's metrics and per-epoch relaxed-vs-decoded diagnostic go to
 * out/roap-diagnosis/<variant>.json.
 *
 *   npx tsx scripts/roapDiagnosis.ts [VARIANT ...]   (default: every variant, one after another)
 */
const BASE: RoapConfig = { ...ROAP_CPU, tasks: 20, stepsPerEpoch: 40, seed: 101 };
const VARIANTS: Readonly<Record<string, Partial<RoapConfig>>> = {
  base: {},
  "tau-1": { temperature: { kind: "constant", value: 1 } },
  "tau-0.5": { temperature: { kind: "constant", value: 0.5 } },
  "lambda-0": { lengthPrior: 0 },
  "lambda-2e-3": { lengthPrior: 2e-3 },
  "lr-1e-3": { learningRate: 1e-3 },
  "lr-decay-0.1": { learningRateFactor: { kind: "exponential", from: 1, to: 0.1, over: 20 } },
  "batch-64": { batch: 64 },
  "hidden-128": { hidden: [128, 128], features: 128 },
  "epochs-40": { epochs: 40 },
};

const names = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(VARIANTS);
const unknown = names.find((name) => VARIANTS[name] === undefined);
if (unknown !== undefined) throw new Error(`unknown variant ${unknown}; the variants: ${Object.keys(VARIANTS).join(", ")}`);
await initEngine();
const dataset = loadImages("mnist");
const dir = join("out", "roap-diagnosis");
mkdirSync(dir, { recursive: true });
for (const name of names) {
  const change = VARIANTS[name] ?? {};
  const started = performance.now();
  const trainer = new RoapTrainer({ ...BASE, ...change }, dataset);
  while (!trainer.done) trainer.trainStep();
  const metrics = trainer.evaluate(false);
  const record = {
    variant: name,
    change,
    seed: BASE.seed,
    seconds: (performance.now() - started) / 1000,
    programSuccess: metrics.programSuccess,
    symbolicLoss: metrics.symbolicLoss,
    testLoss: metrics.testLoss,
    sketch: metrics.sketch,
    history: trainer.history,
  };
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(record, null, 1));
  console.log(`${name}: ${metrics.programSuccess}/${metrics.tasks} programs, symbolic loss ${metrics.symbolicLoss.toFixed(4)}, relaxed/decoded MSE ${metrics.sketch?.relaxedMse.toFixed(3)}/${metrics.sketch?.decodedMse.toFixed(3)}`);
  trainer.dispose();
}
