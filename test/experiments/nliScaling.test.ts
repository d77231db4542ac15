import { beforeAll, describe, expect, it } from "vitest";
import { initEngine } from "../../src/engine/backend.js";
import type { ExperimentContext, ExperimentOutput } from "../../src/experiments/experiment.js";
import { nliScaling } from "../../src/experiments/nli/scaling.js";
import { findExperiment } from "../../src/experiments/registry.js";

const context: ExperimentContext = { scale: "ci", images: "mnist", dataDir: undefined, seed: 1, progress: () => undefined };
let output: ExperimentOutput;
const progress: number[] = [];

interface Point {
  split: string;
  axis: string;
  starts: number;
  steps: number;
  id: number;
  ood: number;
}

beforeAll(async () => {
  await initEngine();
  output = await nliScaling.run({ ...context, progress: (done) => progress.push(done) });
}, 180_000);

describe("nli-scaling at ci scale", () => {
  it("is registered and evaluates every point of both axes on the same tasks", () => {
    expect(findExperiment("nli-scaling")).toBe(nliScaling);
    const points = (output.results as { points: Point[] }).points;
    expect(points.map((p) => [p.axis, p.starts, p.steps])).toEqual([
      ["steps", 4, 1],
      ["steps", 4, 6],
      ["starts", 1, 6],
      ["starts", 4, 6],
    ]);
    // The same search on the same tasks gives the same accuracy: (4 starts, 6 steps) is on both axes.
    expect(points[3]?.ood).toBe(points[1]?.ood);
    expect(points[3]?.id).toBe(points[1]?.id);
    for (const p of points) expect((p.ood * 3) % 1).toBeCloseTo(0, 9);
    expect(progress.at(-1)).toBe(5);
  });

  it("writes both tables and both plots", () => {
    expect(output.markdown).toContain("## Gradient steps, at 4 starts");
    expect(output.markdown).toContain("## Starts, at 6 steps");
    expect(output.plots.map((p) => p.name)).toEqual(["nli-scaling-steps", "nli-scaling-starts"]);
  });
});
