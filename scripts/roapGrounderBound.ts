import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { initEngine, tf } from "../src/engine/backend.js";
import { byClass, gatherImages, loadImages } from "../src/data/images.js";
import { Rng } from "../src/engine/rng.js";
import { VariableAdam } from "../src/engine/variableAdam.js";
import { ROAP_CPU } from "../src/systems/roap/config.js";
import { ground } from "../src/systems/roap/metrics.js";
import { roapModel } from "../src/systems/roap/model.js";

/**
 * The bound on ROAP's grounder in docs/results/roap.md: the CPU preset's CNN trained *with the
 * labels*, by plain regression of g(x) on (c + 1) / 10 with Adam at ROAP's learning rate, on as
 * many MNIST images per step as a ROAP batch grounds (3N). Every 100 steps: the symbolic loss on
 * 100 test images per class and the mean learned value of each class. No ROAP run can ground the
 * digits better in as many steps than its grounder does from labels.
 *
 * With DECAY_FROM, the learning rate falls linearly from step DECAY_FROM to FLOOR times its value
 * at the last step (is a class mean's miss the jitter of a constant rate?).
 *
 *   npx tsx scripts/roapGrounderBound.ts IMAGES_PER_STEP STEPS CONV DENSE [SEED [DECAY_FROM FLOOR]]
 *   e.g. npx tsx scripts/roapGrounderBound.ts 144 1200 8,16 32    (writes out/roap-grounder-bound/...)
 * The images are MNIST's; ROAP_BOUND_IMAGES=fashion-mnist takes Fashion-MNIST's.
 */
const [images = "144", steps = "1200", conv = "8,16", dense = "32", seed = "3", decayFrom, floor = "0.05"] = process.argv.slice(2);
const rateFactor = (step: number): number =>
  decayFrom === undefined || step <= Number(decayFrom) ? 1 : 1 - ((1 - Number(floor)) * (step - Number(decayFrom))) / (Number(steps) - Number(decayFrom));
const batch = Number(images);
const config = { ...ROAP_CPU, grounderConv: conv.split(",").map(Number), grounderDense: Number(dense) };
await initEngine();
const dataset = process.env["ROAP_BOUND_IMAGES"] === "fashion-mnist" ? "fashion-mnist" : "mnist";
const data = loadImages(dataset);
const rng = new Rng(Number(seed));
const model = roapModel(config, { size: 28, channels: 1 }, rng);
const params = model.grounder.params();
const adam = new VariableAdam(params, { learningRate: config.learningRate, beta1: 0.9, beta2: 0.999, epsilon: config.epsilon });
const classes = byClass(data.train);
const testClasses = byClass(data.test);
const records: { step: number; symbolicLoss: number; classValues: number[] }[] = [];
const started = performance.now();
for (let step = 1; step <= Number(steps); step++) {
  const indices = new Int32Array(batch);
  const targets = new Float32Array(batch);
  for (let i = 0; i < batch; i++) {
    const c = rng.int(10);
    const pool = classes[c] as Int32Array;
    indices[i] = pool[rng.int(pool.length)] as number;
    targets[i] = (c + 1) / 10;
  }
  tf.tidy(() => {
    const x = tf.tensor(gatherImages(data.train, indices), [batch, 28, 28, 1]);
    const { grads } = tf.variableGrads(() => tf.mean<tf.Scalar>(tf.square(tf.sub(tf.reshape(model.grounder.apply(x), [batch]), tf.tensor(targets)))), params);
    adam.apply(params.map((p) => grads[p.name] as tf.Tensor), rateFactor(step));
  });
  if (step % 100 === 0) {
    let squared = 0;
    let count = 0;
    const classValues = testClasses.map((pool, c) => {
      const values = ground(model, pool.subarray(0, 100), data.test);
      values.forEach((v) => (squared += (v - (c + 1) / 10) ** 2));
      count += values.length;
      return values.reduce((a, b) => a + b, 0) / values.length;
    });
    records.push({ step, symbolicLoss: squared / count, classValues });
    console.log(step, (squared / count).toFixed(4), classValues.map((v) => v.toFixed(2)).join(" "));
  }
}
const dir = join("out", "roap-grounder-bound");
mkdirSync(dir, { recursive: true });
const decay = decayFrom === undefined ? "" : `-decay-from-${decayFrom}-to-${floor}`;
const name = `${dataset === "mnist" ? "" : `${dataset}-`}images-${batch}-conv-${conv.replace(",", "-")}-dense-${dense}${decay}.json`;
writeFileSync(join(dir, name), JSON.stringify({ dataset, images: batch, steps: Number(steps), conv: config.grounderConv, dense: config.grounderDense, seed: Number(seed), decayFrom: decayFrom === undefined ? null : Number(decayFrom), floor: Number(floor), seconds: (performance.now() - started) / 1000, records }, null, 1));
