import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ILP_USAGE, parseIlpArgs } from "../../src/cli/ilpSettings.js";
import { DILP_DEFAULTS } from "../../src/systems/dilp/options.js";
import { runCli } from "../helpers/cli.js";

const cli = (args: string[]) => runCli(args);

describe("gradsynth ilp", () => {
  const dir = mkdtempSync(join(tmpdir(), "gradsynth-ilp-"));
  const bad = join(dir, "bad.dl");
  writeFileSync(bad, "#target q/1\n#template q (0, false)\n#steps 1\np(a).\n+ q(a).\n- q(a).\n");
  const pred = "examples/ilp/predecessor.dl";

  it("prints its help", async () => {
    expect(await cli(["ilp", "--help"])).toEqual({ code: 0, stdout: ILP_USAGE, stderr: "" });
  });

  it.each([
    [["ilp"], "gradsynth: ilp: missing FILE (see 'gradsynth ilp --help')\n"],
    [["ilp", pred, "extra.dl"], "gradsynth: ilp: unexpected argument 'extra.dl' (one FILE per run)\n"],
    [["ilp", pred, "--method", "prolog"], "gradsynth: --method must be one of dilp, sat, got 'prolog'\n"],
    [["ilp", pred, "--runs", "0"], "gradsynth: --runs must be a positive integer, got '0'\n"],
    [["ilp", pred, "--steps", "2.5"], "gradsynth: --steps must be a positive integer, got '2.5'\n"],
    [["ilp", pred, "--seed=-1"], "gradsynth: --seed must be a non-negative integer, got '-1'\n"],
    [["ilp", pred, "--noise", "1.5"], "gradsynth: --noise must be in [0, 1], got '1.5'\n"],
    [["ilp", pred, "--noise", "x"], "gradsynth: --noise must be a non-negative number, got 'x'\n"],
    [["ilp", pred, "--threshold", "0"], "gradsynth: --threshold must be a positive number, got '0'\n"],
    [["ilp", pred, "--threshold", "2"], "gradsynth: --threshold must be in (0, 1], got '2'\n"],
    [["ilp", pred, "--method", "sat", "--runs", "3"], "gradsynth: --runs applies only to --method dilp\n"],
    [["ilp", pred, "--optimizer", "sgd"], "gradsynth: --optimizer must be one of rmsprop, adam, got 'sgd'\n"],
    [["ilp", pred, "--batch-fraction", "0"], "gradsynth: --batch-fraction must be a positive number, got '0'\n"],
    [["ilp", pred, "--batch-fraction", "1.5"], "gradsynth: --batch-fraction must be in (0, 1], got '1.5'\n"],
    [["ilp", pred, "--plateau-steps=-5"], "gradsynth: --plateau-steps must be a non-negative integer, got '-5'\n"],
    [["ilp", pred, "--plateau-steps", "x"], "gradsynth: --plateau-steps must be a non-negative integer, got 'x'\n"],
    [["ilp", pred, "--method", "sat", "--plateau-steps", "50"], "gradsynth: --plateau-steps applies only to --method dilp\n"],
    [["ilp", pred, "--frobnicate"], "gradsynth: unknown option '--frobnicate' (see 'gradsynth ilp --help')\n"],
    [["ilp", "examples/ilp/no-such-task.dl"], "gradsynth: examples/ilp/no-such-task.dl: file not found\n"],
  ])("rejects %j with one line and exit code 2", async (args, stderr) => {
    expect(await cli(args)).toEqual({ code: 2, stdout: "", stderr });
  });

  it("passes --optimizer, --plateau-steps and --batch-fraction to ∂ILP, and the library's defaults when absent", () => {
    const set = parseIlpArgs([pred, "--optimizer", "rmsprop", "--plateau-steps", "50", "--batch-fraction", "0.5"]);
    const unset = parseIlpArgs([pred]);
    if (set === "help" || unset === "help") throw new Error("unexpected help");
    expect(set.options).toMatchObject({ optimizer: "rmsprop", plateauSteps: 50, batchFraction: 0.5 });
    expect(unset.options).toMatchObject({ optimizer: DILP_DEFAULTS.optimizer, plateauSteps: DILP_DEFAULTS.plateauSteps, batchFraction: DILP_DEFAULTS.batchFraction });
  });

  it("reports a malformed task file with its line number", async () => {
    const { code, stdout, stderr } = await cli(["ilp", bad]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^gradsynth: .*bad\.dl: line 6, column \d+: q\(a\) is labelled both positive and negative/u);
    expect(stderr.split("\n")).toHaveLength(2);
  });

  it("prints the SAT program as Datalog with its accuracy", async () => {
    const { code, stdout } = await cli(["ilp", pred, "--method", "sat"]);
    expect(code).toBe(0);
    expect(stdout.split("\n").filter((l) => !l.startsWith("%"))).toEqual(["predecessor(X, Y) :- succ(Y, X).", ""]);
    expect(stdout).toContain("% accuracy: train 100/100 (1.000), test 125/125 (1.000)");
    expect(stdout).toMatch(/% solved in /u);
  });

  it("prints one JSON object with the program, solved and the accuracies; noise makes SAT fail", async () => {
    const clean = JSON.parse((await cli(["ilp", pred, "--method", "sat", "--json"])).stdout) as Record<string, unknown>;
    expect(clean).toMatchObject({ program: ["predecessor(X, Y) :- succ(Y, X)."], solved: true, status: "found", accuracy: { train: 1, test: 1, noisyTrain: null }, flipped: 0 });
    const noisy = JSON.parse((await cli(["ilp", pred, "--method", "sat", "--noise", "0.1", "--json"])).stdout) as Record<string, unknown>;
    expect(noisy).toMatchObject({ program: null, solved: false, status: "unsat", flipped: 10, noise: 0.1 });
  });

  it("learns with ∂ILP", async () => {
    const out = JSON.parse((await cli(["ilp", pred, "--json", "--runs", "2", "--steps", "100"])).stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ method: "dilp", program: ["predecessor(X, Y) :- succ(Y, X)."], solved: true, accuracy: { train: 1, test: 1 } });
  });
});
