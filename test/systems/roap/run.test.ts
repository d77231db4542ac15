import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "../../../src/canonicalJson.js";
import { initEngine } from "../../../src/engine/backend.js";
import { TrainingDiverged } from "../../../src/errors.js";
import { continuesAs, runRoap, runRoapSideBySide, type RestartResult } from "../../../src/systems/roap/run.js";
import { SYNTHETIC_IMAGES, TINY } from "./fixtures.js";

let dir: string;
beforeAll(async () => {
  await initEngine();
  dir = mkdtempSync(join(tmpdir(), "gradsynth-roap-run-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const images = { name: "mnist" as const };

/** A restart's metrics with each decoded program as its expression (the programs carry closures). */
const comparable = (run: RestartResult | undefined) => ({ ...run?.metrics, programs: run?.metrics.programs?.map((p) => p.expr()) });

describe("canonicalJson", () => {
  it("ignores the order of keys, at every depth, and keeps arrays in order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 1, b: 2 }));
  });
});

describe("continuing a saved ROAP run", () => {
  it("accepts the same configuration in another key order, and more epochs, but not fewer or other changes", () => {
    const reordered = Object.fromEntries(Object.entries(TINY).reverse()) as typeof TINY;
    expect(continuesAs(reordered, TINY)).toBe(true);
    expect(continuesAs(TINY, { ...TINY, epochs: TINY.epochs + 3 })).toBe(true);
    expect(continuesAs({ ...TINY, epochs: TINY.epochs + 1 }, TINY)).toBe(false);
    expect(continuesAs(TINY, { ...TINY, learningRate: 2 * TINY.learningRate })).toBe(false);
  });

  it("a finished run continued to more epochs ends exactly where the longer run ends", async () => {
    const longer = { ...TINY, epochs: TINY.epochs + 1 };
    const whole = await runRoap(longer, SYNTHETIC_IMAGES, { restarts: 1, images, checkpointDir: join(dir, "whole") });

    const extended = join(dir, "extended");
    await runRoap(TINY, SYNTHETIC_IMAGES, { restarts: 1, images, checkpointDir: extended });
    const continued = await runRoap(longer, SYNTHETIC_IMAGES, { restarts: 1, images, checkpointDir: extended, resume: true });

    const [a, b] = [whole.runs[0], continued.runs[0]];
    expect(b?.history.map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(b?.history).toEqual(a?.history);
    expect(comparable(b)).toEqual(comparable(a));
    await expect(runRoap(TINY, SYNTHETIC_IMAGES, { restarts: 1, images, checkpointDir: extended, resume: true })).rejects.toThrow(
      /trained for 3 epochs; --epochs may only grow/u,
    );
  });
});

describe("restarts in worker threads (--workers)", () => {
  it("give the same results as one after another, with every step reported and checkpoints written", async () => {
    const inOrder = await runRoap(TINY, SYNTHETIC_IMAGES, { restarts: 3, images });
    const reported: number[] = [];
    const checkpointDir = join(dir, "workers");
    const parallel = await runRoap(TINY, SYNTHETIC_IMAGES, { restarts: 3, workers: 2, images, checkpointDir, onStep: (_r, p) => reported.push(p.completedSteps) });
    expect(parallel.best).toBe(inOrder.best);
    expect(parallel.gold).toEqual(inOrder.gold);
    parallel.runs.forEach((run, k) => {
      expect(comparable(run)).toEqual(comparable(inOrder.runs[k]));
      expect(run.history).toEqual(inOrder.runs[k]?.history);
    });
    const total = 3 * TINY.epochs * TINY.stepsPerEpoch;
    expect(reported).toHaveLength(total);
    expect(Math.max(...reported)).toBe(total);
    // The workers wrote the checkpoints: resuming finds every restart finished.
    const resumed = await runRoap(TINY, SYNTHETIC_IMAGES, { restarts: 3, images, checkpointDir, resume: true });
    resumed.runs.forEach((run, k) => expect(comparable(run)).toEqual(comparable(inOrder.runs[k])));
  });

  it("two configurations side by side (--compare-paper) give each one's own results, in worker threads or not", async () => {
    const other = { ...TINY, learningRate: 2 * TINY.learningRate };
    const alone = [await runRoap(TINY, SYNTHETIC_IMAGES, { restarts: 1, images }), await runRoap(other, SYNTHETIC_IMAGES, { restarts: 1, images })];
    const arms: string[] = [];
    const side = await runRoapSideBySide([{ config: TINY }, { config: other }], SYNTHETIC_IMAGES, { restarts: 1, workers: 2, images, onStep: (_r, p) => arms.push(`${p.arm}`) });
    side.forEach((result, a) => {
      expect(result.gold).toEqual(alone[a]?.gold);
      expect(comparable(result.runs[0])).toEqual(comparable(alone[a]?.runs[0]));
      expect(result.runs[0]?.history).toEqual(alone[a]?.runs[0]?.history);
    });
    expect(comparable(side[0]?.runs[0])).not.toEqual(comparable(side[1]?.runs[0]));
    const steps = TINY.epochs * TINY.stepsPerEpoch;
    expect([arms.filter((a) => a === "0").length, arms.filter((a) => a === "1").length]).toEqual([steps, steps]);
  });

  it("a restart whose every step is skipped (non-finite loss) stops after 25 in a row, in a worker too, with exit code 2", async () => {
    const diverging = { ...TINY, grounderBias: 1e30, grounderOutputScale: 0, epochs: 10 };
    const message = "ROAP training (restart 0) diverged: the loss or its gradients were not finite at steps 1–25; no checkpoint was written from them (try a smaller --learning-rate)";
    await expect(runRoap(diverging, SYNTHETIC_IMAGES, { restarts: 1, images })).rejects.toThrow(new TrainingDiverged(message));
    // In workers, whichever restart diverges first stops the run.
    await expect(runRoap(diverging, SYNTHETIC_IMAGES, { restarts: 2, workers: 2, images })).rejects.toMatchObject({ message: expect.stringMatching(/^ROAP training \(restart [01]\) diverged: .* at steps 1–25;/u) as string, exitCode: 2 });
  });

  it("rejects a bad worker count", async () => {
    await expect(runRoap(TINY, SYNTHETIC_IMAGES, { restarts: 2, workers: 0, images })).rejects.toThrow("workers must be a positive integer");
  });
});
