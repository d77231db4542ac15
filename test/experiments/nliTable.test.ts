import { beforeAll, describe, expect, it } from "vitest";
import { initEngine } from "../../src/engine/backend.js";
import type { ExperimentContext, ExperimentOutput } from "../../src/experiments/experiment.js";
import type { NliTableRecord } from "../../src/experiments/nli/methods.js";
import { nliTable } from "../../src/experiments/nli/table.js";
import { renderSvg } from "../../src/experiments/plot.js";
import { findExperiment } from "../../src/experiments/registry.js";

const context: ExperimentContext = { scale: "ci", images: "mnist", dataDir: undefined, seed: 1, progress: () => undefined };
let output: ExperimentOutput;
const records = (): NliTableRecord[] => (output.results as { records: NliTableRecord[] }).records;

beforeAll(async () => {
  await initEngine();
  output = await nliTable.run(context);
}, 180_000);

describe("nli-table at ci scale", () => {
  it("is registered and runs the nine methods on Shift-L", () => {
    expect(findExperiment("nli-table")).toBe(nliTable);
    expect(records().map((r) => r.method)).toEqual(["In-Context", "TTT", "NLI", "NLI Prior Search", "NLI Gradient Search", "D-LPN", "D-LPN Gradient Search", "LPN", "LPN Gradient Search"]);
    for (const r of records()) {
      expect(r.split).toBe("shift-l");
      for (const accuracy of [r.id, r.ood]) {
        // Accuracies are fractions of the 3 tasks per part.
        expect(accuracy * r.tasks).toBeCloseTo(Math.round(accuracy * r.tasks), 9);
        expect(accuracy).toBeGreaterThanOrEqual(0);
        expect(accuracy).toBeLessThanOrEqual(1);
      }
      expect(r.oodExamples.every((e) => /^shift ([6-9]|10)$/u.test(e.program))).toBe(true);
    }
  });

  it("prints every method of the seed's table with the seed's numbers beside ours", () => {
    expect(output.markdown).toContain("| NLI Gradient Search |");
    expect(output.markdown).toMatch(/\| NLI Gradient Search \| [\d.]+ \| [\d.]+ \| 1\.00 \/ 0\.99 \|/u);
    expect(output.markdown).toMatch(/\| In-Context \| [\d.]+ \| [\d.]+ \| 1\.00 \/ 0\.00 \|/u);
    expect(output.markdown).not.toContain("not run");
  });

  it("renders its OOD plot", async () => {
    expect(output.plots.map((p) => p.name)).toEqual(["nli-table-ood"]);
    const [plot] = output.plots;
    if (plot === undefined) throw new Error("no plot");
    expect(await renderSvg(plot.spec)).toMatch(/^<svg/u);
  });
});
