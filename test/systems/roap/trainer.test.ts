import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initEngine } from "../../../src/engine/backend.js";
import { InputError } from "../../../src/errors.js";
import { ROAP_CPU, validateRoapConfig } from "../../../src/systems/roap/config.js";
import { readCheckpoint, writeCheckpoint } from "../../../src/systems/roap/checkpoint.js";
import { RoapTrainer } from "../../../src/systems/roap/trainer.js";
import { runCli } from "../../helpers/cli.js";
import { base64Floats, writeChanged } from "../../helpers/corrupt.js";
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
    // An epoch whose every step was skipped has no mean loss: recorded as null, not 0.
    for (let k = 1; k < TINY.stepsPerEpoch; k++) trainer.trainStep();
    expect(trainer.history[0]).toMatchObject({ epoch: 1, loss: null, mse: null, skippedSteps: TINY.stepsPerEpoch });
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

  describe("are checked as a whole before use: one line naming the file and the field", () => {
    interface Stored {
      [field: string]: unknown;
      params: string[];
      adam: { step: unknown; m: string[]; v: string[] };
      progress?: { [field: string]: unknown; step: unknown; history: unknown[]; rng: { words: unknown[] }; epochSums: { loss: unknown } };
      images: { name: unknown; dataDir?: unknown };
    }
    const b64 = base64Floats;
    let valid: Stored;
    beforeAll(() => {
      const trainer = new RoapTrainer(TINY, SYNTHETIC_IMAGES);
      for (let k = 0; k < TINY.stepsPerEpoch; k++) trainer.trainStep();
      const path = join(dir, "valid.json");
      writeCheckpoint(path, { config: TINY, images: { name: "mnist" }, restart: 0, state: trainer.saveState() });
      trainer.dispose();
      valid = JSON.parse(readFileSync(path, "utf8")) as Stored;
    });
    const corrupt = (name: string, change: (c: Stored) => void): string => writeChanged(valid, change, join(dir, `${name}.json`));
    const size = (c: Stored, k: number): number => Buffer.from(c.params[k] as string, "base64").byteLength / 4;
    const progress = (c: Stored): NonNullable<Stored["progress"]> => c.progress as NonNullable<Stored["progress"]>;
    const cases: [string, (c: Stored) => void, string][] = [
      ["nan-param", (c) => (c.params[0] = b64(new Array(size(c, 0)).fill(NaN))), "params[0] holds NaN at index 0 (finite values expected)"],
      ["inf-moment", (c) => (c.adam.m[1] = b64([Infinity, ...new Array<number>(size(c, 1) - 1).fill(0)])), "adam.m[1] holds Infinity at index 0"],
      ["negative-v", (c) => (c.adam.v[0] = b64(new Array(size(c, 0)).fill(-1))), "adam.v[0] holds -1 at index 0 (finite, non-negative values expected)"],
      ["moment-count", (c) => c.adam.m.pop(), "adam.m has"],
      ["moment-size", (c) => (c.adam.v[0] = b64([0])), "adam.v[0] has 1 values, params[0]"],
      ["adam-step", (c) => (c.adam.step = -3), "adam.step must be an integer from 0 to 3, got -3"],
      ["progress-step", (c) => (progress(c).step = 1e9), "progress.step must be an integer from 0 to 6, got 1000000000"],
      ["skipped", (c) => (progress(c)["skippedSteps"] = 4), "progress.skippedSteps must be an integer from 0 to 3"],
      ["no-progress", (c) => delete c.progress, "progress is not an object"],
      ["history-type", (c) => (progress(c)["history"] = "x" as unknown as unknown[]), "progress.history is not a list"],
      ["history-length", (c) => progress(c).history.push(progress(c).history[0]), "progress.history has 2 entries, expected 1"],
      ["rng", (c) => (progress(c).rng.words = [1, 2]), "progress.rng.words has 2 entries, expected 4"],
      ["sums", (c) => (progress(c).epochSums.loss = "0"), "progress.epochSums.loss must be a finite number"],
      ["images", (c) => (c.images = { name: "svhn" }), "images.name must be one of mnist, fashion-mnist, cifar10"],
      ["data-dir", (c) => (c.images.dataDir = 7), "images.dataDir is not a string"],
      ["restart", (c) => (c["restart"] = "0"), 'restart must be an integer from 0 to 1000000, got "0"'],
      ["params-type", (c) => ((c as { [field: string]: unknown })["params"] = {}), "params is not a list"],
    ];
    for (const [name, change, message] of cases) {
      it(name, () => {
        const path = corrupt(name, change);
        expect(() => readCheckpoint(path)).toThrow(InputError);
        expect(() => readCheckpoint(path)).toThrow(`${path}: ${message}`);
      });
    }

    it("parameters that do not fit the model the configuration builds", () => {
      const fewer = corrupt("fewer", (c) => [c.params, c.adam.m, c.adam.v].forEach((list) => list.pop()));
      const trainer = new RoapTrainer(TINY, SYNTHETIC_IMAGES);
      const count = trainer.model.params().length;
      expect(() => trainer.restoreState(readCheckpoint(fewer).state, fewer)).toThrow(`${fewer}: holds ${count - 1} parameter arrays, the model its configuration builds has ${count}`);
      const resized = corrupt("resized", (c) => {
        c.params[0] = b64([1, 2]);
        c.adam.m[0] = b64([0, 0]);
        c.adam.v[0] = b64([0, 0]);
      });
      expect(() => trainer.restoreState(readCheckpoint(resized).state, resized)).toThrow(new RegExp(`^${resized}: params\\[0\\] has 2 values, the model its configuration builds \\d+ \\(shape`, "u"));
      trainer.dispose();
    });

    it("roap train --resume refuses a corrupt checkpoint before training and leaves it as it was", async () => {
      const out = join(dir, "resume-corrupt");
      mkdirSync(out);
      const path = corrupt("resume-corrupt/restart-0", (c) => (c.adam.step = -3));
      const before = readFileSync(path, "utf8");
      const args = ["roap", "train", "--tasks", "2", "--epochs", "1", "--steps-per-epoch", "1", "--batch", "4", "--out", out, "--resume", "--quiet"];
      expect(await runCli(args)).toEqual({ code: 2, stdout: "", stderr: `gradsynth: ${path}: adam.step must be an integer from 0 to 3, got -3\n` });
      expect(readFileSync(path, "utf8")).toBe(before);
    });

    it("the valid file passes, and a corrupt one is a usage-level error for roap eval (exit 2, one line)", async () => {
      expect(readCheckpoint(corrupt("copy", () => undefined)).restart).toBe(0);
      const path = corrupt("nan-for-cli", (c) => (c.params[0] = b64(new Array(size(c, 0)).fill(NaN))));
      expect(await runCli(["roap", "eval", path])).toEqual({ code: 2, stdout: "", stderr: `gradsynth: ${path}: params[0] holds NaN at index 0 (finite values expected)\n` });
    });
  });
});
