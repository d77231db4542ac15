import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initEngine } from "../../../src/engine/backend.js";
import { Rng } from "../../../src/engine/rng.js";
import { disposeNets, snapshotParams } from "../../../src/nets/net.js";
import { CHECKPOINT_FILE, readCheckpoint } from "../../../src/systems/nli/checkpoint.js";
import { nliModel } from "../../../src/systems/nli/model.js";
import { modelFromCheckpoint, trainNli, windowExact } from "../../../src/systems/nli/train.js";
import { encodePairs } from "../../../src/systems/nli/encode.js";
import { searchPrograms } from "../../../src/systems/nli/search.js";
import { split } from "../../../src/data/nli/splits.js";
import { sampleTasks } from "../../../src/data/nli/tasks.js";
import { tf } from "../../../src/engine/backend.js";
import { runCli } from "../../helpers/cli.js";
import { base64Floats, writeChanged } from "../../helpers/corrupt.js";
import { tinyConfig } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "gradsynth-nli-"));

beforeAll(async () => {
  await initEngine();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("NLI training checkpoints", () => {
  it("resuming from a checkpoint continues bitwise as the uninterrupted run", async () => {
    const straight = await trainNli(tinyConfig("shift-l", 4));
    const path = join(dir, "run", CHECKPOINT_FILE);
    // A run of 4 steps interrupted after step 2 (its checkpoint of step 2 is on disk).
    const interrupt = (record: { step: number }) => {
      if (record.step === 2) throw new Error("interrupted");
    };
    await expect(trainNli(tinyConfig("shift-l", 4), { checkpointPath: path, checkpointEvery: 2, onStep: interrupt })).rejects.toThrow("interrupted");
    const saved = readCheckpoint(path);
    expect(saved.step).toBe(2);
    expect(saved.optimizer.length).toBe(1 + 2 * saved.params.length);
    const resumed = await trainNli(tinyConfig("shift-l", 4), { checkpointPath: path, resume: saved });
    expect(resumed.checkpoint.step).toBe(4);
    expect(resumed.checkpoint.history.map((h) => h.step)).toEqual([1, 2, 3, 4]);
    const a = snapshotParams(straight.model);
    const b = snapshotParams(resumed.model);
    // Bitwise: the checkpoint also holds Adam's β₁ᵗ, β₂ᵗ as the run accumulated them (train.ts).
    expect(b).toEqual(a);
    expect(resumed.checkpoint.history).toEqual(straight.checkpoint.history);
    // The checkpoint on disk is the final one; no temporary files are left behind.
    const loaded = modelFromCheckpoint(readCheckpoint(path));
    expect(snapshotParams(loaded)).toEqual(b);
    expect(readdirSync(join(dir, "run"))).toEqual([CHECKPOINT_FILE]);
    disposeNets(straight.model, resumed.model, loaded);
  });

  it("uses the config's Adam ε: one step moves each parameter by about lr·g/(|g| + ε), and the checkpoint keeps ε", async () => {
    const config = tinyConfig("shift-l", 1);
    const initial = nliModel(config);
    const largestMove = async (adamEpsilon?: number): Promise<number> => {
      const { model, checkpoint } = await trainNli(adamEpsilon === undefined ? config : { ...config, adamEpsilon });
      expect(checkpoint.config.adamEpsilon).toBe(adamEpsilon);
      let largest = 0;
      const before = snapshotParams(initial);
      snapshotParams(model).forEach((values, i) => values.forEach((v, j) => (largest = Math.max(largest, Math.abs(v - ((before[i] as Float32Array)[j] as number))))));
      disposeNets(model);
      return largest;
    };
    // Adam's first step is lr·ĝ/(|ĝ| + ε) with ĝ the gradient: ≈ lr wherever |ĝ| ≫ ε, and
    // at most lr·|ĝ|/ε when ε is large (clipped gradients have |ĝ| ≤ 1).
    expect(await largestMove()).toBeCloseTo(config.learningRate, 5);
    expect(await largestMove(1e-7)).toBeCloseTo(config.learningRate, 5);
    expect(await largestMove(1e3)).toBeLessThan(config.learningRate * 1e-3);
    disposeNets(initial);
  });

  it("keeps the parameters of the best selection window beside the last ones, and resumes with them", async () => {
    const path = join(dir, "selection", CHECKPOINT_FILE);
    const options = { checkpointPath: path, selectionWindow: 2 };
    const last = await trainNli(tinyConfig("shift-l", 5), { ...options, keep: "last" });
    const { checkpoint } = last;
    const best = checkpoint.best;
    expect(best).toBeDefined();
    // The first step whose window (it and the step before) has the highest mean exact rate.
    const means = checkpoint.history.map((r, i) => (i === 0 ? -1 : (r.exact + (checkpoint.history[i - 1]?.exact ?? 0)) / 2));
    const chosen = means.indexOf(Math.max(...means)) + 1;
    expect(best?.step).toBe(chosen);
    expect(best?.exact).toBeCloseTo(Math.max(...means), 6);
    // keep "last" returns the final parameters; the default returns the kept ones.
    expect(snapshotParams(last.model)).toEqual(snapshotParams(modelFromCheckpoint(checkpoint, "last")));
    const kept = await trainNli(tinyConfig("shift-l", 5), options);
    expect(snapshotParams(kept.model)).toEqual(snapshotParams(modelFromCheckpoint(checkpoint)));
    expect(kept.checkpoint.best).toEqual(best);
    // A resumed run carries the selection on: interrupted after step 3, it ends with the same one.
    const interrupt = (record: { step: number }) => {
      if (record.step === 3) throw new Error("interrupted");
    };
    await expect(trainNli(tinyConfig("shift-l", 5), { ...options, checkpointEvery: 3, onStep: interrupt })).rejects.toThrow("interrupted");
    const resumed = await trainNli(tinyConfig("shift-l", 5), { ...options, resume: readCheckpoint(path) });
    expect(resumed.checkpoint.best?.step).toBe(best?.step);
    disposeNets(last.model, kept.model, resumed.model);
  });

  it("selects by the mean exact rate of the last window, from the first full window on", () => {
    const records = [0.1, 0.9, 0.2, 0.95, 0.3].map((exact, i) => ({ step: i + 1, loss: 0, reconstruction: 0, uniqueTokens: 0, exact, symbolAccuracy: 0 }));
    expect(windowExact(records.slice(0, 2), 3)).toBeUndefined();
    expect(windowExact(records.slice(0, 3), 3)).toBeCloseTo(0.4, 12);
    expect(windowExact(records, 2)).toBeCloseTo(0.625, 12);
  });

  it("rejects files that are not checkpoints with one-line input errors", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "{\"format\": \"other\"}");
    expect(() => readCheckpoint(bad)).toThrow(`${bad}: not a gradsynth NLI checkpoint`);
    writeFileSync(bad, "{");
    expect(() => readCheckpoint(bad)).toThrow(/invalid JSON/u);
    expect(() => readCheckpoint(join(dir, "missing.json"))).toThrow(/file not found/u);
  });

  describe("are checked as a whole before use: one line naming the file and the field", () => {
    interface Stored {
      [field: string]: unknown;
      config: { [field: string]: unknown; interpreter: Record<string, unknown>; inductor: Record<string, unknown> };
      params: { shape: number[]; data: string }[];
      optimizer: { shape: number[]; data: string }[];
      history: unknown[];
    }
    const b64 = base64Floats;
    let valid: Stored;
    const source = join(dir, "valid", CHECKPOINT_FILE);
    beforeAll(async () => {
      const { model } = await trainNli(tinyConfig("shift-l", 2), { checkpointPath: source });
      disposeNets(model);
      valid = JSON.parse(readFileSync(source, "utf8")) as Stored;
    });
    const corrupt = (name: string, change: (c: Stored) => void): string => writeChanged(valid, change, join(dir, `${name}.json`));
    const filled = (c: Stored, k: number, value: number): string => b64(new Array((c.params[k]?.shape ?? []).reduce((a, b) => a * b, 1)).fill(value));
    const cases: [string, (c: Stored) => void, string | ((c: Stored) => string)][] = [
      ["nan-param", (c) => ((c.params[0] as { data: string }).data = filled(c, 0, NaN)), "params[0].data holds NaN at index 0 (finite values expected)"],
      ["short-param", (c) => ((c.params[0] as { data: string }).data = b64([1])), "params[0].data holds 1 values, its shape"],
      ["negative-v", (c) => ((c.optimizer[1 + c.params.length] as { data: string }).data = filled(c, 0, -1)), (c) => `optimizer[${1 + c.params.length}].data holds -1 at index 0 (finite, non-negative values expected)`],
      ["moment-shape", (c) => ((c.optimizer[1] as { shape: number[] }).shape = [1, ...(c.params[0]?.shape ?? [])]), "optimizer[1].shape differs from params[0].shape"],
      ["iterations", (c) => ((c.optimizer[0] as { data: string }).data = b64([-3])), "optimizer[0] must hold Adam's iteration count, an integer from 0 to 2"],
      ["optimizer-count", (c) => c.optimizer.pop(), "optimizer has"],
      ["step", (c) => (c["step"] = 1e9), "step must be an integer from 0 to 2, got 1000000000"],
      ["history", (c) => c.history.pop(), "history has 1 entries, expected 2"],
      ["split", (c) => (c.config["split"] = "shift-x"), "config.split must be one of shift-l, shift-p, comp-i"],
      ["codebook", (c) => (c.config.interpreter["codebook"] = 1e9), "config.interpreter.codebook must be an integer from 1 to 4096, got 1000000000"],
      ["heads", (c) => (c.config.inductor["heads"] = 3), "config.inductor.heads must divide config.inductor.dim"],
      ["schedule", (c) => (c.config["encoderTemperature"] = { kind: "cosine" }), "config.encoderTemperature.kind must be one of constant, step, exponential"],
      ["learning-rate", (c) => (c.config["learningRate"] = "fast"), "config.learningRate must be a finite number"],
      ["seconds", (c) => (c["seconds"] = -1), "seconds must not be negative"],
    ];
    for (const [name, change, message] of cases) {
      it(name, () => {
        const path = corrupt(name, change);
        expect(() => readCheckpoint(path)).toThrow(`${path}: ${typeof message === "string" ? message : message(valid)}`);
      });
    }

    it("parameters that fit their own shapes but not the model the configuration builds; the CLI's exit 2", async () => {
      expect(readCheckpoint(corrupt("copy", () => undefined)).step).toBe(2);
      const wider = corrupt("wider", (c) => {
        const first = c.params[0] as { shape: number[]; data: string };
        const shape = [...first.shape.slice(0, -1), (first.shape.at(-1) ?? 1) + 1];
        const zeros = b64(new Array(shape.reduce((a, b) => a * b, 1)).fill(0));
        c.params[0] = { shape, data: zeros };
        c.optimizer[1] = { shape, data: zeros };
        c.optimizer[1 + c.params.length] = { shape, data: zeros };
        delete c["best"];
      });
      expect(() => modelFromCheckpoint(readCheckpoint(wider), "last", wider)).toThrow(new RegExp(`^${wider}: params\\[0\\] has shape \\[.*\\], the model its configuration builds \\[`, "u"));
      const { code, stdout, stderr } = await runCli(["nli", "eval", wider]);
      expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
      expect(stderr.split("\n")).toHaveLength(2);
      expect(stderr).toMatch(new RegExp(`^gradsynth: ${wider}: params\\[0\\] has shape`, "u"));
    });
  });
});

describe("NLI test-time search", () => {
  it("batches starts (in groups when they are many), and prior search never scores below the inductor's argmax program", async () => {
    const { model } = await trainNli(tinyConfig("comp-i", 1));
    const tasks = sampleTasks(split("comp-i"), "test", 3, { specPairs: 4, queryPairs: 1 }, new Rng(2));
    const spec = encodePairs(
      tasks.map((t) => t.spec),
      20,
      10,
    );
    const base = { decode: "soft" as const, starts: 1, steps: 3, sigma: 1, learningRate: 0.1, encoderTemperature: 2, decoderTemperature: 1 };
    const argmax = searchPrograms(model, spec, { ...base, method: "prior" }, new Rng(3));
    const prior = searchPrograms(model, spec, { ...base, method: "prior", starts: 6 }, new Rng(3));
    prior.specLogLikelihood.forEach((v, i) => expect(v).toBeGreaterThanOrEqual((argmax.specLogLikelihood[i] as number) - 1e-6));
    // In groups of 2 starts the argmax program stays among the candidates (first group).
    const priorGrouped = searchPrograms(model, spec, { ...base, method: "prior", starts: 6 }, new Rng(3), 6);
    priorGrouped.specLogLikelihood.forEach((v, i) => expect(v).toBeGreaterThanOrEqual((argmax.specLogLikelihood[i] as number) - 1e-6));
    priorGrouped.programs.dispose();
    const gradient = searchPrograms(model, spec, { ...base, method: "gradient", starts: 4 }, new Rng(3));
    expect(gradient.programs.shape).toEqual([3, 3, 6]);
    expect(gradient.tokens).toHaveLength(3);
    for (const row of gradient.programs.arraySync().flat()) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    // Starts in groups (at most 6 programs: 3 tasks × 2 starts per group) keep each task's best start
    // of all groups; the first group replays the 2-start search exactly, so no task scores below it.
    const two = searchPrograms(model, spec, { ...base, method: "gradient", starts: 2 }, new Rng(4));
    const grouped = searchPrograms(model, spec, { ...base, method: "gradient", starts: 6 }, new Rng(4), 6);
    expect(grouped.programs.shape).toEqual([3, 3, 6]);
    grouped.specLogLikelihood.forEach((v, i) => expect(v).toBeGreaterThanOrEqual(two.specLogLikelihood[i] as number));
    expect(grouped.specLogLikelihood.some((v, i) => v > (two.specLogLikelihood[i] as number))).toBe(true);
    tf.dispose([two.programs, grouped.programs]);
    // Hard decoding executes one-hot programs: each row is the one-hot of its argmax token.
    const hard = searchPrograms(model, spec, { ...base, method: "gradient", starts: 4, decode: "hard" }, new Rng(3));
    hard.programs.arraySync().forEach((program, i) => program.forEach((row, t) => expect(row).toEqual(row.map((_, k) => (k === hard.tokens[i]?.[t] ? 1 : 0)))));
    hard.programs.dispose();
    tf.dispose([spec.inputs, spec.outputs, argmax.programs, prior.programs, gradient.programs]);
    disposeNets(model);
  });
});
