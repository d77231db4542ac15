import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { initEngine, tf } from "../../../src/engine/backend.js";
import { Rng } from "../../../src/engine/rng.js";
import { parseAnc } from "../../../src/lang/asm/anc/parse.js";
import { printAnc } from "../../../src/lang/asm/anc/print.js";
import { ancStateLayout } from "../../../src/lang/asm/anc/relaxed/index.js";
import { parseAsm } from "../../../src/lang/asm/parse.js";
import { makeTask } from "../../../src/lang/asm/tasks.js";
import { exampleData, solvesAll, taskData } from "../../../src/systems/compile/data.js";
import { runTuningJob } from "../../../src/systems/compile/job.js";
import { compositeLoss } from "../../../src/systems/compile/loss.js";
import { lowerToAnc } from "../../../src/systems/compile/lower.js";
import { TUNE_DEFAULTS, tuneSettingsOf } from "../../../src/systems/compile/tune.js";

beforeAll(async () => {
  await initEngine();
});

describe("composite loss (seed eqs. 10–12)", () => {
  // One example, base 2, one register, K = 3 steps; the machine halts at step 2 with probability 0.5.
  const M = 2;
  const layout = ancStateLayout(M, 1);
  const state = (tape: [number, number], register: number, h: number): number[] => {
    const s = new Array<number>(layout.size).fill(0);
    s[layout.ir] = 1;
    s[layout.registers + register] = 1;
    tape.forEach((p1, c) => {
      s[layout.memory + c * M] = 1 - p1;
      s[layout.memory + c * M + 1] = p1;
    });
    s[layout.halt] = h;
    return s;
  };
  const states = [state([0.5, 0], 0, 0), state([0.9, 0], 1, 0.5), state([0.2, 0], 1, 0.5)];
  const run = (registers: boolean) =>
    tf.tidy(() => {
      const parts = compositeLoss(
        tf.tensor3d(states.flat(), [1, 3, layout.size]),
        { base: M, lines: 1, registers: 1 },
        {
          memory: tf.tensor3d([0, 1, 1, 0], [1, M, M]),
          memoryMask: tf.tensor2d([1, 0], [1, M]),
          ...(registers ? { registers: tf.tensor3d([0, 1], [1, 1, M]), registerMask: tf.tensor2d([1], [1, 1]) } : {}),
        },
        { correctness: 2, efficiency: 0.1 },
      );
      return [parts.loss.dataSync()[0], parts.correctness.dataSync()[0], parts.efficiency.dataSync()[0]] as number[];
    });

  it("weights each step's cross-entropy on the checked cells by the probability of halting there", () => {
    const [loss, correctness, efficiency] = run(false);
    // Halts at step 2 with p = 0.5 (cell 0 is 1 with p = 0.9); still running after step 3 with p = 0.5 (p = 0.2).
    const expected = 0.5 * -Math.log(0.9) + 0.5 * -Math.log(0.2);
    expect(correctness).toBeCloseTo(expected, 5);
    expect(efficiency).toBeCloseTo(1 + 0.5 + 0.5, 5);
    expect(loss).toBeCloseTo(2 * expected + 0.1 * 2, 5);
  });

  it("adds the registers' masked cross-entropy when register targets are given", () => {
    // Register 0 holds 1 at steps 2 and 3 (wherever the machine halts): −log(1 + 1e-9) ≈ 0 extra.
    expect(run(true)[1]).toBeCloseTo(run(false)[1] as number, 5);
  });
});

describe("tuning (seed §2.2)", () => {
  const inc = makeTask("inc");
  // ANC's Access layout, with the increment turned into a decrement: a near miss for `inc`.
  const nearMiss = parseAnc("registers 0 0 0\nr1 = READ r0\nr1 = DEC r1\nr2 = WRITE r0 r1\nr2 = STOP");

  it("recovers inc from a compiled near miss, judged by the exact interpreter on fresh inputs", async () => {
    const data = taskData(inc, new Rng(1), { validationSize: 50 });
    expect(solvesAll(nearMiss, data.validation, inc.base, inc.maxSteps)).toBe(false);
    const result = await runTuningJob({ init: { kind: "program", program: nearMiss }, data, runs: 2, seed: 4, settings: { steps: 150 } });
    expect(result.recovered).toBe(2);
    for (const run of result.runs) {
      expect(run.recovered).toBe(true);
      expect(run.recoveredAtStep).toBeGreaterThan(0);
      expect(solvesAll(run.program, data.validation, inc.base, inc.maxSteps)).toBe(true);
      expect(run.program.lines[1]?.op).toBe("INC");
    }
  });

  it("recovers inc from the seed's loop no-op skeleton (A.1), four lines rewritten", async () => {
    const task = makeTask("inc");
    const data = taskData(task, new Rng(1));
    const skeleton = lowerToAnc(parseAsm(readFileSync("examples/asm/seed/loop-noop.asm", "utf8")), task.base).program;
    const result = await runTuningJob({ init: { kind: "program", program: skeleton }, data, runs: 2, seed: 1, settings: { steps: 60 } });
    expect(result.recovered).toBeGreaterThan(0);
  });

  it("a correct compiled program is recovered before any step; the same seed gives the same runs", async () => {
    const program = parseAnc("registers 0 0 0\nr1 = READ r0\nr1 = INC r1\nr2 = WRITE r0 r1\nr2 = STOP");
    const data = taskData(inc, new Rng(2), { validationSize: 20 });
    const job = { init: { kind: "program" as const, program }, data, runs: 2, seed: 5 };
    const first = await runTuningJob(job);
    expect(first.runs.map((r) => r.recoveredAtStep)).toEqual([0, 0]);
    const random = { init: { kind: "random" as const, shape: { base: 10, lines: 4, registers: 3 } }, data, runs: 1, seed: 9, settings: { steps: 20 } };
    const a = await runTuningJob(random);
    const b = await runTuningJob(random);
    expect(printAnc(a.runs[0]?.program ?? program)).toBe(printAnc(b.runs[0]?.program ?? nearMiss));
    expect(a.runs[0]?.loss).toBe(b.runs[0]?.loss);
  });

  it("user examples are both the training set and what recovery is judged on", () => {
    const examples = [{ memory: [3], output: [4], mask: [true] }];
    const data = exampleData(10, 10, examples);
    expect(data.batch(new Rng(1))).toBe(examples);
    expect(data.validation).toBe(examples);
    expect(() => exampleData(10, 10, [])).toThrow(/at least one example/);
  });
});

describe("tuneSettingsOf", () => {
  it("keeps only what was chosen, the halting weight inside the loss weights over the defaults", () => {
    expect(tuneSettingsOf({})).toEqual({});
    expect(tuneSettingsOf({ steps: 5, efficiency: 0.5, halting: "cumulative" })).toEqual({ steps: 5, loss: { ...TUNE_DEFAULTS.loss, efficiency: 0.5 }, halting: "cumulative" });
  });
});
