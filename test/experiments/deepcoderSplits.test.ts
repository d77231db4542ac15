import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ExperimentContext } from "../../src/experiments/experiment.js";
import { deepcoderSplits } from "../../src/experiments/deepcoder/splits.js";
import { findExperiment } from "../../src/experiments/registry.js";

const context = (dataDir: string | undefined): ExperimentContext => ({ scale: "ci", images: "mnist", dataDir, seed: 1, progress: () => undefined });

describe("deepcoder-splits at ci scale", () => {
  it("is registered, solves the splits present in --data-dir, and reports consistency and generalization per split", async () => {
    expect(findExperiment("deepcoder-splits")).toBe(deepcoderSplits);
    const dir = mkdtempSync(join(tmpdir(), "gradsynth-exedec-"));
    copyFileSync("examples/deepcoder/problems.jsonl", join(dir, "NONE.jsonl"));
    const output = await deepcoderSplits.run(context(dir));
    const { splits } = output.results as { splits: { split: string; problems: number; solved: number; generalizing: number; perProblem: unknown[] }[] };
    expect(splits.map((s) => s.split)).toEqual(["NONE"]);
    expect(splits[0]).toMatchObject({ problems: 8, solved: 8 });
    // Problem 3 is solved by a program other than its gold one.
    expect(splits[0]!.generalizing).toBeLessThan(8);
    expect(output.markdown).toContain("| NONE | 8/8 (1.000) |");
  });

  it("says what it needs without --data-dir or without ExeDec's files", async () => {
    await expect(deepcoderSplits.run(context(undefined))).rejects.toThrow("deepcoder-splits needs --data-dir DIR");
    await expect(deepcoderSplits.run(context(mkdtempSync(join(tmpdir(), "gradsynth-empty-"))))).rejects.toThrow("no ExeDec test file");
  });
});
