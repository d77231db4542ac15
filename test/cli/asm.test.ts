import { describe, expect, it } from "vitest";
import { parseAsmExamples } from "../../src/cli/asmExamples.js";
import { parseAsmRunArgs, parseAsmTuneArgs } from "../../src/cli/asmSettings.js";
import { parseAnc } from "../../src/lang/asm/anc/parse.js";
import { runAnc } from "../../src/lang/asm/anc/evaluate.js";
import { TUNE_DEFAULTS } from "../../src/systems/compile/tune.js";
import { gradsynthProcess } from "../helpers/cli.js";

const gradsynth = (args: string[]) => gradsynthProcess(args, { keepBackend: false });

describe("asm settings", () => {
  it("parses asm run and rejects bad tapes with one line", () => {
    expect(parseAsmRunArgs(["p.asm", "--memory", "1,2,3", "--base", "5"])).toEqual({ file: "p.asm", memory: [1, 2, 3], base: 5, maxSteps: 1000, json: false });
    expect(() => parseAsmRunArgs(["p.asm"])).toThrow("asm run: missing --memory (see 'gradsynth asm run --help')");
    expect(() => parseAsmRunArgs(["p.asm", "--memory", "1,7", "--base", "5"])).toThrow("--memory values must be below the base 5, got 7");
    expect(() => parseAsmRunArgs(["p.asm", "--memory", "1,-2"])).toThrow("--memory must be a non-negative integer, got '-2'");
  });

  it("parses asm tune: exactly one of --task and --examples, flags only where they apply", () => {
    const settings = parseAsmTuneArgs(["p.anc", "--task", "map-inc", "--runs", "3", "--gamma", "0.5", "--seed", "7"]);
    expect(settings).toMatchObject({ file: "p.anc", source: { kind: "task", task: "map-inc" }, runs: 3, gamma: 0.5, seed: 7 });
    expect(parseAsmTuneArgs(["--random", "--examples", "e.json", "--lines", "4"])).toMatchObject({ file: null, lines: 4, registers: 8 });
    expect(() => parseAsmTuneArgs(["p.anc"])).toThrow("give exactly one of --task NAME and --examples FILE");
    expect(() => parseAsmTuneArgs(["p.anc", "--task", "sort"])).toThrow("--task must be one of inc, map-inc");
    expect(() => parseAsmTuneArgs(["p.anc", "--task", "inc", "--lines", "4"])).toThrow("--lines applies only to --random");
    expect(() => parseAsmTuneArgs(["--random", "--task", "inc", "--gamma", "1"])).toThrow("--gamma applies to a compiled FILE");
    expect(parseAsmTuneArgs(["p.anc", "--task", "inc"])).toMatchObject({ padding: 0, halting: TUNE_DEFAULTS.halting });
    expect(parseAsmTuneArgs(["p.anc", "--task", "inc", "--padding", "5", "--halting", "cumulative"])).toMatchObject({ padding: 5, halting: "cumulative" });
    expect(() => parseAsmTuneArgs(["--random", "--task", "inc", "--padding", "2"])).toThrow("--padding applies to a compiled FILE");
    expect(() => parseAsmTuneArgs(["p.anc", "--task", "inc", "--padding=-1"])).toThrow("--padding must be a non-negative integer, got '-1'");
    expect(() => parseAsmTuneArgs(["p.anc", "--task", "inc", "--halting", "sum"])).toThrow("--halting must be one of max, cumulative, got 'sum'");
    expect(() => parseAsmTuneArgs(["p.anc", "--examples", "e.json", "--batch", "2"])).toThrow("--batch applies only to --task");
    expect(() => parseAsmTuneArgs(["p.anc", "--task", "inc", "--runs", "0"])).toThrow("--runs must be a positive integer, got '0'");
  });
});

describe("asm examples files", () => {
  it("pads tapes, checks numbered cells and skips nulls", () => {
    const parsed = parseAsmExamples('{"base": 4, "examples": [{"memory": [1, 2], "output": [null, 3]}]}', "e.json");
    expect(parsed).toEqual({
      base: 4,
      maxSteps: 16,
      examples: [{ memory: [1, 2, 0, 0], output: [1, 3, 0, 0], mask: [false, true, false, false] }],
    });
  });

  it.each([
    ['{"examples": []}', 'e.json: "base" must be an integer from 2 to 256, got undefined'],
    ['{"base": 4, "examples": []}', 'e.json: "examples" must be a non-empty array'],
    ['{"base": 4, "maxSteps": 0, "examples": [{}]}', 'e.json: "maxSteps" must be an integer from 1 to 100000, got 0'],
    ['{"base": 4, "examples": [{"memory": [5], "output": [1]}]}', "e.json: example 1: memory[0] must be a value of the base-4 machine (0..3), got 5"],
    ['{"base": 4, "examples": [{"memory": [1], "output": [null]}]}', 'e.json: example 1: "output" checks no cell (every entry is null)'],
    ['{"base": 4, "examples": [{"memory": [1, 1, 1, 1, 1], "output": [1]}]}', 'e.json: example 1: "memory" must be an array of at most 4 values'],
  ])("rejects %s", (text, message) => {
    expect(() => parseAsmExamples(text, "e.json")).toThrow(message);
  });
});

describe("gradsynth asm (end to end)", () => {
  it("asm run executes the seed's assembly and ANC programs exactly", async () => {
    const seed = await gradsynth(["asm", "run", "examples/asm/inc.asm", "--memory", "9,4"]);
    expect(seed).toEqual({ code: 0, stderr: "", stdout: "memory: 0 4 0 0 0 0 0 0 0 0\nregisters: 0 0\nsteps: 4 (halted)\n" });
    const anc = await gradsynth(["asm", "run", "examples/asm/anc/access.anc", "--memory", "2,5,6,7", "--json"]);
    expect(JSON.parse(anc.stdout)).toEqual({ memory: [7, 5, 6, 7, 0, 0, 0, 0, 0, 0], registers: [0, 7, 0], steps: 5, halted: true });
  });

  it("asm tune repairs a near miss on the user's examples and prints the recovered program as JSON", async () => {
    const { code, stdout, stderr } = await gradsynth([
      "asm", "tune", "examples/asm/anc/inc-near-miss.anc", "--examples", "examples/asm/inc-examples.json", "--runs", "2", "--steps", "150", "--json",
    ]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const report = JSON.parse(stdout) as { program: string; recovered: boolean; recoveredRuns: number; runs: unknown[]; confidence: number[] };
    expect(report.recovered).toBe(true);
    expect(report.runs).toHaveLength(2);
    const program = parseAnc(report.program);
    expect(report.confidence).toHaveLength(program.lines.length);
    // The decompiled program really increments cell 0.
    for (const x of [0, 3, 9]) expect(runAnc(program, [x, 5], { base: 10, maxSteps: 10 }).memory[0]).toBe((x + 1) % 10);
  });

  it("reports bad programs and files as one line with exit code 2", async () => {
    expect(await gradsynth(["asm", "tune", "examples/asm/seed/cond.asm", "--task", "inc"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "gradsynth: examples/asm/seed/cond.asm: instruction 0 (counting from 0): mod has no counterpart among ANC's instructions, so this program cannot be compiled\n",
    });
    const missing = await gradsynth(["asm", "run", "nope.asm", "--memory", "1"]);
    expect(missing).toEqual({ code: 2, stdout: "", stderr: "gradsynth: nope.asm: file not found\n" });
  });
});
