import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initEngine } from "../../../src/engine/backend.js";
import { InputError } from "../../../src/errors.js";
import { ROAP_CPU, validateRoapConfig } from "../../../src/systems/roap/config.js";
import { readCheckpoint, writeCheckpoint } from "../../../src/systems/roap/checkpoint.js";
import { RoapTrainer } from "../../../src/systems/roap/trainer.js";
import { SYNTHETIC_IMAGES, TINY } from "./fixtures.js";

let dir: string;
beforeAll(async () => {
  await initEngine();
  dir = mkdtempSync(join(tmpdir(), "gradsynth-roap-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const params = (trainer: RoapTrainer): number[][] => trainer.model.params().map((p) => Array.from(p.dataSync()));

describe("ROAP configuration", () => {
  it("accepts both presets and names the first invalid field", () => {
    expect(() => validateRoapConfig(ROAP_CPU)).not.toThrow();
    expect(() => validateRoapConfig({ ...ROAP_CPU, tasks: 0 })).toThrow(/tasks must be a positive integer/u);
    expect(() => validateRoapConfig({ ...ROAP_CPU, hidden: [64, -1] })).toThrow(/hidden must list positive integers/u);
    expect(() => validateRoapConfig({ ...ROAP_CPU, learningRate: 0 })).toThrow(/learningRate must be a finite number > 0/u);
    expect(() => validateRoapConfig({ ...ROAP_CPU, synthesizer: "neural" as never })).toThrow(/synthesizer must be one of amortized, free/u);
    expect(() => validateRoapConfig({ ...ROAP_CPU, grounder: "vgg" as never })).toThrow(/grounder must be one of cnn, resnet18/u);
    expect(() => validateRoapConfig({ ...ROAP_CPU, resnetWidth: 0 })).toThrow(/resnetWidth must be a positive integer/u);
  });
});

describe("ROAP trainer", () => {
  it("a run resumed from a checkpoint ends exactly where an uninterrupted run ends", () => {
    const whole = new RoapTrainer(TINY, SYNTHETIC_IMAGES);
    while (!whole.done) whole.trainStep();

    const first = new RoapTrainer(TINY, SYNTHETIC_IMAGES);
    for (let k = 0; k < 4; k++) first.trainStep();
    const path = join(dir, "resume.json");
    writeCheckpoint(path, { config: TINY, images: { name: "mnist" }, restart: 0, state: first.saveState() });
    first.dispose();

    const resumed = new RoapTrainer(TINY, SYNTHETIC_IMAGES);
    resumed.restoreState(readCheckpoint(path).state);
    expect(resumed.step).toBe(4);
    while (!resumed.done) resumed.trainStep();

    expect(params(resumed)).toEqual(params(whole));
    expect(resumed.history).toEqual(whole.history);
    expect(whole.history.map((r) => r.epoch)).toEqual([1, 2]);
    whole.dispose();
    resumed.dispose();
  });

  it("the same seed gives the same parameters; another restart starts elsewhere", () => {
    const a = new RoapTrainer(TINY, SYNTHETIC_IMAGES, 0);
    const b = new RoapTrainer(TINY, SYNTHETIC_IMAGES, 0);
    const c = new RoapTrainer(TINY, SYNTHETIC_IMAGES, 1);
    a.trainStep();
    b.trainStep();
    c.trainStep();
    expect(params(a)).toEqual(params(b));
    expect(params(a)).not.toEqual(params(c));
    // Restarts share the tasks.
    expect(c.tasks.programs).toEqual(a.tasks.programs);
    for (const t of [a, b, c]) t.dispose();
  });

  it("skips steps whose loss is not finite and leaves the parameters as they were", () => {
    // Symbols of 1e30 overflow every product: the loss is inf or NaN from the first step.
    const trainer = new RoapTrainer({ ...TINY, grounderBias: 1e30, grounderOutputScale: 0 }, SYNTHETIC_IMAGES);
    const before = params(trainer);
    const report = trainer.trainStep();
    expect(report.skipped).toBe(true);
    expect(trainer.skippedSteps).toBe(1);
    expect(params(trainer)).toEqual(before);
    trainer.dispose();
  });

  it("trains with the paper's ResNet-18 grounder: a step moves every grounder parameter", () => {
    const trainer = new RoapTrainer({ ...TINY, grounder: "resnet18", resnetWidth: 4 }, SYNTHETIC_IMAGES);
    const grounder = () => trainer.model.grounder.params().map((p) => Array.from(p.dataSync()));
    const before = grounder();
    expect(before.length).toBeGreaterThan(40); // 20 convolutions with their norms, and the output layer
    const report = trainer.trainStep();
    expect(report.skipped).toBe(false);
    const after = grounder();
    after.forEach((values, k) => expect(values, `grounder parameter ${k}`).not.toEqual(before[k]));
    trainer.dispose();
  });

  it("evaluates every metric of §4.1 with values in range", () => {
    const trainer = new RoapTrainer(TINY, SYNTHETIC_IMAGES);
    trainer.trainStep();
    const m = trainer.evaluate();
    expect(m.tasks).toBe(TINY.tasks);
    expect(m.programs).toHaveLength(TINY.tasks);
    expect(m.programSuccess).toBe(m.solved.filter(Boolean).length);
    for (const value of [m.symbolicLoss, m.testLoss, m.trainLoss, m.generalizationLoss]) {
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(0);
    }
    expect(m.classValues).toHaveLength(10);
    trainer.dispose();
  });
});

describe("ROAP checkpoints", () => {
  it("reject files that are not checkpoints with one clear line", () => {
    const notJson = join(dir, "bad.json");
    writeFileSync(notJson, "{ nope");
    expect(() => readCheckpoint(notJson)).toThrow(InputError);
    expect(() => readCheckpoint(notJson)).toThrow(/not a gradsynth ROAP checkpoint \(not JSON\)/u);
    const other = join(dir, "other.json");
    writeFileSync(other, JSON.stringify({ format: "something-else" }));
    expect(() => readCheckpoint(other)).toThrow(/format field missing or different/u);
    expect(() => readCheckpoint(join(dir, "missing.json"))).toThrow(/cannot read checkpoint .*ENOENT/u);
  });

  it("read checkpoints written before the ResNet-18 option (no grounder field) as CNN runs", () => {
    const trainer = new RoapTrainer(TINY, SYNTHETIC_IMAGES);
    const path = join(dir, "legacy.json");
    const { grounder, resnetWidth, ...legacyConfig } = TINY;
    expect([grounder, resnetWidth]).toEqual(["cnn", 64]);
    writeCheckpoint(path, { config: legacyConfig as typeof TINY, images: { name: "mnist" }, restart: 0, state: trainer.saveState() });
    trainer.dispose();
    expect(readCheckpoint(path).config).toEqual(TINY);
  });
});
