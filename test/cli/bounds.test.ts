import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BOUNDS } from "../../src/bounds.js";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "gradsynth-bounds-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** Sizes past their bound (src/bounds.ts): each stops at once with exit 2 and one line naming the option or the file's place. */
describe("every size has an upper bound, checked before anything is allocated", () => {
  const examples = file("examples.json", JSON.stringify({ base: 100000, examples: [{ memory: [1], output: [2] }] }));
  const steps = file("steps.json", JSON.stringify({ base: 10, maxSteps: 1e12, examples: [{ memory: [1], output: [2] }] }));
  const ilp = file("steps.dl", "#target p/1\n#steps 99999999999999999999\n");
  const register = file("register.asm", "inc 100000000 1\nhalt\n");
  const machine = file("machine.json", JSON.stringify({ base: 256, maxSteps: 100000, examples: [{ memory: [1, 2], output: [2, 3] }] }));
  const cases: [string[], string][] = [
    [["roap", "train", "--tasks", "1000000000"], `--tasks must be at most ${BOUNDS.roapTasks}, got '1000000000'`],
    [["roap", "train", "--lines", "100000"], `--lines must be at most ${BOUNDS.sketchLines}, got '100000'`],
    [["roap", "train", "--batch", "1e8"], "--batch must be a positive integer, got '1e8'"],
    [["roap", "train", "--batch", "100000000"], `--batch must be at most ${BOUNDS.roapPairs}, got '100000000'`],
    [["roap", "train", "--tasks", "10000", "--batch", "4096"], `invalid settings: tasks × batch must be at most ${BOUNDS.roapStepPairs} (the pairs of one training step), got 10000 × 4096 = 40960000`],
    [["roap", "train", "--epochs", "100000", "--steps-per-epoch", "1000"], `invalid settings: epochs × stepsPerEpoch must be at most ${BOUNDS.steps} (the optimizer steps of a run), got 100000 × 1000 = 100000000`],
    [["solve", "examples/arith/single.json", "--method", "gradient", "--lines", "1000000"], `--lines must be at most ${BOUNDS.sketchLines}, got '1000000'`],
    [["asm", "tune", "examples/asm/seed/map-inc.asm", "--task", "map-inc", "--batch", "100000000"], `--batch must be at most ${BOUNDS.examples}, got '100000000'`],
    [["asm", "tune", "examples/asm/seed/map-inc.asm", "--task", "map-inc", "--validation", "100000000"], `--validation must be at most ${BOUNDS.examples}, got '100000000'`],
    [["asm", "tune", "examples/asm/seed/map-inc.asm", "--examples", examples], `${examples}: "base" must be an integer from 2 to ${BOUNDS.machineBase}, got 100000`],
    [["asm", "tune", "examples/asm/seed/map-inc.asm", "--examples", steps], `${steps}: "maxSteps" must be an integer from 1 to ${BOUNDS.machineSteps}, got 1000000000000`],
    [
      ["asm", "tune", "examples/asm/inc.asm", "--examples", machine],
      "the differentiable machine would keep about 49.6 GB of states (1 example per step × 100000 steps × 66561 values), over 8 GB; use fewer examples per step (--batch, or a shorter examples file), fewer steps (maxSteps) or a smaller base",
    ],
    [["asm", "run", register, "--memory", "1,2"], `${register}: line 1, column 5: register 100000000 is out of range: registers are numbered 0 to ${BOUNDS.registers - 1}`],
    [["ilp", ilp], `${ilp}: line 2, column 2: #steps must be an integer from 1 to ${BOUNDS.ilpSteps}, got 100000000000000000000`],
    [["nli", "eval", "checkpoint.json", "--tasks", "1000000000"], `--tasks must be at most ${BOUNDS.nliTasks}, got '1000000000'`],
  ];
  for (const [args, message] of cases) {
    it(args.join(" "), async () => {
      expect(await runCli(args)).toEqual({ code: 2, stdout: "", stderr: `gradsynth: ${message}\n` });
    });
  }
});
