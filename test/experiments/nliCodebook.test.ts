import { beforeAll, describe, expect, it } from "vitest";
import { initEngine } from "../../src/engine/backend.js";
import type { ExperimentContext, ExperimentOutput } from "../../src/experiments/experiment.js";
import { nliCodebook } from "../../src/experiments/nli/codebook.js";
import { findExperiment } from "../../src/experiments/registry.js";
import { parseTokens } from "../../src/lang/tokens/program.js";

const context: ExperimentContext = { scale: "ci", images: "mnist", dataDir: undefined, seed: 1, progress: () => undefined };
let output: ExperimentOutput;

interface Results {
  tokens: { token: number; meaning: string; agreement: number; idUses: number; oodUses: number }[];
  readings: { task: string; found: string; readAs: string; composesToTask: boolean; solved: boolean }[];
}

beforeAll(async () => {
  await initEngine();
  output = await nliCodebook.run(context);
}, 180_000);

describe("nli-codebook at ci scale", () => {
  it("is registered, and gives every token of the codebook a meaning, the skip token the identity", () => {
    expect(findExperiment("nli-codebook")).toBe(nliCodebook);
    const { tokens } = output.results as Results;
    expect(tokens.map((t) => t.token)).toEqual(Array.from({ length: 16 }, (_, k) => k));
    expect(tokens[0]).toMatchObject({ meaning: "id", agreement: 1 });
    for (const t of tokens) expect(t.agreement).toBeGreaterThan(0);
  });

  it("counts every non-skip token of the OOD programs found, and reads each program through the meanings", () => {
    const { tokens, readings } = output.results as Results;
    const inPrograms = readings.reduce((n, r) => n + parseTokens(r.found).length, 0);
    expect(tokens.reduce((n, t) => n + t.oodUses, 0)).toBe(inPrograms);
    for (const r of readings) {
      const meanings = parseTokens(r.found).map((t) => tokens[t]?.meaning).filter((m) => m !== "id");
      // "shift 1 × 3 ; add 2" spelled out again is the meanings in order.
      const spelled = r.readAs === "id" ? [] : r.readAs.split(" ; ").flatMap((run) => {
        const [meaning = "", count = "1"] = run.split(" × ");
        return Array.from({ length: Number(count) }, () => meaning);
      });
      expect(spelled).toEqual(meanings);
    }
    expect(output.markdown).toContain("| OOD task | program found | solved |");
    expect(output.plots.map((p) => p.name)).toEqual(["nli-codebook-uses"]);
  });
});
