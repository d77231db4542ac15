import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { initEngine } from "../../src/engine/backend.js";
import type { ExperimentContext } from "../../src/experiments/experiment.js";
import { findExperiment } from "../../src/experiments/registry.js";
import { writeExperiment } from "../../src/experiments/write.js";
import { TINY } from "../systems/roap/fixtures.js";

// The experiments' plumbing (runs, tables, plots, files) at a scale of seconds: the ci scale
// itself trains for minutes per model (test/experiments/roapLearning.test.ts runs one).
vi.mock("../../src/experiments/roap/scales.js", () => ({
  roapScale: () => ({ base: { ...TINY, tasks: 3, epochs: 2, stepsPerEpoch: 2 }, restarts: 1, table2Runs: 2, fig5Depths: [3, 5] }),
}));

let dir: string;
beforeAll(async () => {
  await initEngine();
  dir = mkdtempSync(join(tmpdir(), "gradsynth-experiments-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const context: ExperimentContext = { scale: "ci", images: "mnist", dataDir: undefined, seed: 1, progress: () => undefined };

describe("ROAP experiments", () => {
  it.each([
    ["roap-table1", ["results.json", "results.md"], "| ROAP+ (ours: search in the training loop) |"],
    ["roap-table2", ["results.json", "results.md"], "| 1 task |"],
    ["roap-fig5", ["results.json", "results.md", "fig5-heatmap.svg"], "| program size (operators) | L = 3 | L = 5 |"],
    ["roap-fig6", ["results.json", "results.md", "fig6-success.svg", "fig6-length.svg"], "| without length prior |"],
  ])("%s writes its results, its table beside the paper's, and its plots", async (name, files, row) => {
    const experiment = findExperiment(name);
    if (experiment === undefined) throw new Error(`${name} is not registered`);
    const progress: number[] = [];
    const output = await experiment.run({ ...context, progress: (done) => progress.push(done) });
    const written = await writeExperiment(join(dir, name), output);
    expect(written.map((path) => path.slice(join(dir, name).length + 1)).sort()).toEqual([...files].sort());
    for (const path of written) expect(existsSync(path)).toBe(true);
    expect(readFileSync(join(dir, name, "results.md"), "utf8")).toContain(row);
    expect((JSON.parse(readFileSync(join(dir, name, "results.json"), "utf8")) as { experiment: string }).experiment).toBe(name);
    for (const svg of written.filter((p) => p.endsWith(".svg"))) expect(readFileSync(svg, "utf8")).toMatch(/^<svg/u);
    expect(progress.length).toBeGreaterThan(0);
  }, 300_000);

  it("an interrupted experiment resumed from its checkpoints gives the uninterrupted experiment's results", async () => {
    const experiment = findExperiment("roap-table1");
    if (experiment === undefined) throw new Error("roap-table1 is not registered");
    // Everything measured, without the wall times.
    const measured = (results: unknown): string => JSON.stringify(results, (key, value: unknown) => (key === "seconds" ? undefined : value));
    const whole = await experiment.run({ ...context, checkpointDir: join(dir, "whole") });

    const checkpointDir = join(dir, "interrupted");
    // Each run takes 2 epochs × 2 steps, saved after every epoch; stop in the second run's second epoch.
    const interrupt = (done: number): void => {
      if (done === 7) throw new Error("interrupted");
    };
    await expect(experiment.run({ ...context, checkpointDir, progress: interrupt })).rejects.toThrow("interrupted");
    expect(existsSync(join(checkpointDir, "CNN-MLP-disjoint-MLPs", "restart-0.json"))).toBe(true);
    const steps: number[] = [];
    const resumed = await experiment.run({ ...context, checkpointDir, resume: true, progress: (done) => steps.push(done) });

    expect(measured(resumed.results)).toBe(measured(whole.results));
    expect(resumed.markdown).toBe(whole.markdown);
    // Only what the checkpoints did not hold was trained again: the first run's 4 steps and the second's first epoch were not.
    const total = 11 * 4; // eleven runs: the rows of Table 1 and their variants, ROAP+ included
    expect(steps).toHaveLength(total - 6);
  }, 300_000);

  it("roap-table1 with --models runs only the named variants, each row cut to them, with --restarts restarts each", async () => {
    const experiment = findExperiment("roap-table1");
    const steps: number[] = [];
    const output = await experiment?.run({ ...context, models: ["syntax-tree-D-3", "L-3"], restarts: 2, progress: (done) => steps.push(done) });
    const rows = (output?.results as { rows: { label: string; chosen: string; variants: { label: string; seconds: number[] }[] }[] }).rows;
    expect(rows.map((r) => [r.label, r.chosen])).toEqual([
      ["w/ Syntax-Tree", "syntax tree D=3"],
      ["w/ depth=3", "L=3"],
    ]);
    expect(rows.map((r) => r.variants.map((v) => v.seconds.length))).toEqual([[2], [2]]);
    expect(steps.at(-1)).toBe(2 * 2 * 4);
    expect(output?.markdown).toContain("| w/ Syntax-Tree (syntax tree D=3) |");
    expect(output?.markdown).toContain("| w/ depth=3 |");
    expect(output?.markdown).toContain("2 restart(s) per model");
  }, 300_000);

  it("roap-table2 repeats each setting --runs times when asked, on seeds seed, seed + 1, …", async () => {
    const experiment = findExperiment("roap-table2");
    const output = await experiment?.run({ ...context, seed: 4, runs: 3 });
    const settings = (output?.results as { settings: { runs: number; losses: number[] }[] }).settings;
    expect(settings.map((s) => s.runs)).toEqual([3, 3]);
    expect(settings.every((s) => s.losses.length === 3)).toBe(true);
    expect(output?.markdown).toContain("3 runs per setting (seeds 4..6)");
  }, 300_000);
});
