import { beforeAll, describe, expect, it } from "vitest";
import { initEngine } from "../../src/engine/backend.js";
import type { ExperimentContext } from "../../src/experiments/experiment.js";
import { runConfigs } from "../../src/experiments/roap/common.js";
import { SYNTHETIC_IMAGES, TINY } from "../systems/roap/fixtures.js";

beforeAll(async () => {
  await initEngine();
});

/** The experiments' rows (Table 1's models, Figure 5's depths…): every restart of every row is one job. */
describe("runConfigs", () => {
  it("gives every row its own results whether the rows' restarts share worker threads or run in turn, with progress over all of them", async () => {
    const rows = [
      { label: "A", config: TINY },
      { label: "B", config: { ...TINY, lines: 3 } },
    ];
    const run = async (workers: number | undefined) => {
      const reports: { done: number; total: number; detail: string }[] = [];
      const context: ExperimentContext = { scale: "ci", images: "mnist", dataDir: undefined, seed: 1, restarts: 2, workers, progress: (done, total, detail) => reports.push({ done, total, detail }) };
      return { runs: await runConfigs(context, SYNTHETIC_IMAGES, rows), reports };
    };
    const inTurn = await run(undefined);
    const pooled = await run(3);
    const steps = 4 * TINY.epochs * TINY.stepsPerEpoch;
    for (const { runs, reports } of [inTurn, pooled]) {
      expect(runs.map((r) => r.label)).toEqual(["A", "B"]);
      expect(reports).toHaveLength(steps);
      expect(Math.max(...reports.map((r) => r.done))).toBe(steps);
      expect(new Set(reports.map((r) => r.detail))).toEqual(new Set(["A: run 1/2", "A: run 2/2", "B: run 1/2", "B: run 2/2"]));
    }
    pooled.runs.forEach((row, k) => {
      const other = inTurn.runs[k];
      expect(row.result.best).toBe(other?.result.best);
      row.result.runs.forEach((restart, r) => expect(restart.history).toEqual(other?.result.runs[r]?.history));
    });
  });
});
