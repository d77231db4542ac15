import { beforeAll, describe, expect, it } from "vitest";
import { initEngine } from "../../src/engine/backend.js";
import { compileTable1, TABLE1_ROWS, TABLE1_TASKS, type Table1Cell } from "../../src/experiments/compile/table1.js";
import type { ExperimentOutput } from "../../src/experiments/experiment.js";
import { renderSvg } from "../../src/experiments/plot.js";
import { findExperiment } from "../../src/experiments/registry.js";

let output: ExperimentOutput;
let cells: readonly Table1Cell[];

beforeAll(async () => {
  await initEngine();
  output = await compileTable1.run({ scale: "ci", images: "mnist", dataDir: undefined, seed: 1, progress: () => undefined });
  cells = (output.results as { cells: Table1Cell[] }).cells;
}, 120_000);

const cell = (row: string, task: string): Table1Cell => {
  const found = cells.find((c) => c.row === row && c.task === task);
  if (found === undefined) throw new Error(`no cell ${row} / ${task}`);
  return found;
};

describe("compile-table1 at ci scale", () => {
  it("is registered and fills every cell of the table", () => {
    expect(findExperiment("compile-table1")).toBe(compileTable1);
    expect(cells).toHaveLength(TABLE1_ROWS.length * TABLE1_TASKS.length);
    for (const c of cells) {
      expect(c.runs).toBe(1);
      expect(c.recovered).toBeGreaterThanOrEqual(0);
      expect(c.recovered).toBeLessThanOrEqual(c.runs);
    }
  });

  it("synthesis alone solves the five tasks its templates express, not fibonacci (the seed's Synthesis row)", () => {
    for (const task of ["inc", "map-inc", "map-dec", "reduce", "parity"]) {
      expect(cell("Synthesis", task).recovered).toBe(1);
      expect(cell("Synthesis", task).skeleton).not.toBeNull();
    }
    expect(cell("Synthesis", "fibonacci")).toMatchObject({ recovered: 0, skeleton: null });
    expect(cell("Synthesis", "reduce").skeleton).toBe("reduce(add(a, x), 2)");
  });

  it("Both recovers at least what synthesis does, and tunes near misses where it fails", () => {
    for (const task of TABLE1_TASKS) expect(cell("Both", task).recovered).toBeGreaterThanOrEqual(cell("Synthesis", task).recovered);
    expect(cell("Both", "fibonacci").tuned?.length).toBeGreaterThan(0);
  });

  it("a compiled correct program is recovered at once: map inc on inc and map inc, map dec on map dec", () => {
    expect(cell("map inc", "inc").recovered).toBe(1);
    expect(cell("map inc", "map-inc").recovered).toBe(1);
    expect(cell("map dec", "map-dec").recovered).toBe(1);
  });

  it("prints the seed's numbers beside ours and a bar chart that renders", async () => {
    expect(output.markdown).toContain("| seed: Optimization | 19 % | 86 % | 56 % | 41 % | 95 % | 4 % |");
    expect(output.markdown).toContain("| seed: Both | 100 % | 100 % | 100 % | 100 % | 100 % | 75 % |");
    expect(output.markdown).toContain("| **gradsynth: Synthesis** | 1/1 (100 %) |");
    const [plot] = output.plots;
    if (plot === undefined) throw new Error("no plot");
    const svg = await renderSvg(plot.spec);
    for (const text of ["fibonacci", "loop no-op", "seed (k = 100)", "gradsynth"]) expect(svg).toContain(text);
  });
});
