import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAsmSynthArgs } from "../../src/cli/asmSynthSettings.js";
import { parseAnc } from "../../src/lang/asm/anc/parse.js";
import { runAsm } from "../../src/lang/asm/evaluate.js";
import { parseAsm } from "../../src/lang/asm/parse.js";
import { gradsynthProcess } from "../helpers/cli.js";

const gradsynth = (args: string[]) => gradsynthProcess(args, { keepBackend: false });

describe("asm synth settings", () => {
  it("parses the task, the method and the search and tuning flags", () => {
    expect(parseAsmSynthArgs(["--task", "reduce", "--runs", "5", "--max-size", "6", "--near-misses", "2", "--seed", "3"])).toMatchObject({
      source: { kind: "task", task: "reduce" },
      method: "both",
      runs: 5,
      maxSize: 6,
      nearMisses: 2,
      seed: 3,
    });
    expect(parseAsmSynthArgs(["--examples", "e.json", "--method", "synthesis"])).toMatchObject({ source: { kind: "examples", file: "e.json" }, method: "synthesis", runs: 1 });
    expect(parseAsmSynthArgs(["--help"])).toBe("help");
  });

  it("rejects bad flags with one line", () => {
    expect(() => parseAsmSynthArgs([])).toThrow("asm synth: give exactly one of --task NAME and --examples FILE");
    expect(() => parseAsmSynthArgs(["--task", "sort"])).toThrow("--task must be one of inc, map-inc");
    expect(() => parseAsmSynthArgs(["--task", "inc", "--method", "sat"])).toThrow("--method must be one of both, synthesis, got 'sat'");
    expect(() => parseAsmSynthArgs(["--task", "inc", "--method", "synthesis", "--runs", "3"])).toThrow("--runs applies only to --method both");
    expect(() => parseAsmSynthArgs(["--task", "inc", "--max-size", "20"])).toThrow("--max-size must be at most 9, got '20'");
    expect(() => parseAsmSynthArgs(["--examples", "e.json", "--batch", "4"])).toThrow("--batch applies only to --task");
    expect(() => parseAsmSynthArgs(["--task", "inc", "prog.asm"])).toThrow("asm synth: unexpected argument 'prog.asm'");
  });
});

describe("gradsynth asm synth", () => {
  it("synthesizes map dec and prints a program that solves it, as JSON", async () => {
    const { code, stdout } = await gradsynth(["asm", "synth", "--task", "map-dec", "--json", "--quiet"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { program: string; recovered: boolean; recoveredRuns: number; synthesis: { solution: string } };
    expect(report).toMatchObject({ recovered: true, recoveredRuns: 1, synthesis: { solution: "map(dec(x), 0)" } });
    const program = parseAsm(report.program);
    expect(runAsm(program, [3, 0, 9, 5], { base: 10, maxSteps: 40 }).memory.slice(0, 4)).toEqual([2, 9, 8, 4]);
  });

  it("tunes near misses when no skeleton solves the examples, and reports every run", async () => {
    // A user's task no template expresses: cell 0 ← 7 − cell 0 … on three examples.
    const dir = mkdtempSync(join(tmpdir(), "gradsynth-synth-"));
    const file = join(dir, "examples.json");
    writeFileSync(file, JSON.stringify({ base: 10, maxSteps: 10, examples: [{ memory: [1], output: [6] }, { memory: [2], output: [5] }, { memory: [0], output: [7] }] }));
    const { code, stdout } = await gradsynth(["asm", "synth", "--examples", file, "--max-size", "4", "--runs", "2", "--steps", "3", "--json", "--quiet"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { program: string; synthesis: { solution: null; nearMisses: { compilable: boolean }[] }; runs: { tuned: string; steps: number; by: string | null }[] };
    expect(report.synthesis.solution).toBeNull();
    expect(report.synthesis.nearMisses.length).toBeGreaterThan(0);
    expect(report.runs).toHaveLength(2);
    for (const run of report.runs) {
      expect(run.tuned).not.toBeNull();
      expect(run.steps).toBeLessThanOrEqual(3);
    }
    expect(() => parseAnc(report.program)).not.toThrow();
  });

  it("prints its help, and bad arguments as one line with exit code 2", async () => {
    const help = await gradsynth(["asm", "synth", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: gradsynth asm synth");
    const bad = await gradsynth(["asm", "synth", "--task", "inc", "--runs", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toContain("--runs must be a positive integer, got '0'");
  });
});
