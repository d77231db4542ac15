import { beforeAll, describe, expect, it } from "vitest";
import { initEngine } from "../../src/engine/backend.js";
import type { ExperimentContext, ExperimentOutput } from "../../src/experiments/experiment.js";
import { nliAblation } from "../../src/experiments/nli/ablation.js";
import type { MethodRecord } from "../../src/experiments/nli/methods.js";
import { findExperiment } from "../../src/experiments/registry.js";

const context: ExperimentContext = { scale: "ci", images: "mnist", dataDir: undefined, seed: 1, progress: () => undefined };
let output: ExperimentOutput;

beforeAll(async () => {
  await initEngine();
  output = await nliAblation.run(context);
}, 180_000);

describe("nli-ablation at ci scale", () => {
  it("is registered and runs every ablation it implements on Shift-L", () => {
    expect(findExperiment("nli-ablation")).toBe(nliAblation);
    const records = (output.results as { records: MethodRecord[] }).records;
    expect(records.map((r) => r.method)).toEqual(["Base", "no encoder loss", "no inductor gumbel", "no interpreter gumbel", "no skip token", "no recurrent execution", "no discrete program"]);
    for (const r of records) {
      expect(r.split).toBe("shift-l");
      expect(r.ood * r.tasks).toBeCloseTo(Math.round(r.ood * r.tasks), 9);
    }
  });

  it("prints the seed's OOD accuracy beside ours, and the row it does not run", () => {
    expect(output.markdown).toMatch(/\| Base \| [\d.]+ \| [\d.]+ \| 0\.97 \|/u);
    expect(output.markdown).toMatch(/\| no discrete layer \| not run \| not run \| 0\.05 \|/u);
  });
});
