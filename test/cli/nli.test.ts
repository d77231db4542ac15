import { existsSync, readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NLI_EVAL_USAGE, NLI_TRAIN_USAGE, NLI_USAGE, parseNliEvalArgs, parseNliTrainArgs } from "../../src/cli/nliSettings.js";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "gradsynth-nli-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]) => runCli(args);

describe("gradsynth nli", () => {
  it("prints its help texts", async () => {
    expect(await cli(["nli", "--help"])).toEqual({ code: 0, stdout: NLI_USAGE, stderr: "" });
    expect(await cli(["nli", "train", "-h"])).toEqual({ code: 0, stdout: NLI_TRAIN_USAGE, stderr: "" });
    expect(await cli(["nli", "eval", "--help"])).toEqual({ code: 0, stdout: NLI_EVAL_USAGE, stderr: "" });
    expect((await cli(["--help"])).stdout).toMatch(/^ {2}nli {2,}invent a token language/mu);
  });

  it.each([
    [["nli"], "nli: missing subcommand, one of train, eval (see 'gradsynth nli --help')"],
    [["nli", "fly"], "nli: unknown subcommand 'fly', one of train, eval (see 'gradsynth nli --help')"],
    [["nli", "train"], "nli train: missing --split (one of shift-l, shift-p, comp-i)"],
    [["nli", "train", "--split", "shift-x"], "--split must be one of shift-l, shift-p, comp-i, got 'shift-x'"],
    [["nli", "train", "--split", "shift-l", "--steps", "0"], "--steps must be a positive integer, got '0'"],
    [["nli", "train", "--split", "shift-l", "--seed=-1"], "--seed must be a non-negative integer, got '-1'"],
    [["nli", "train", "--split", "shift-l", "--batch", "1"], "--batch must be an integer ≥ 2, got '1'"],
    [["nli", "train", "--split", "shift-l", "--adam-epsilon", "0"], "--adam-epsilon must be a positive number, got '0'"],
    [["nli", "train", "--split", "shift-l", "--out", ""], "--out must be a directory name, got ''"],
    [["nli", "train", "--split", "shift-l", "--frob"], "unknown option '--frob' (see 'gradsynth nli train --help')"],
    [["nli", "train", "--split", "shift-l", "extra"], "nli train: unexpected argument 'extra' (see 'gradsynth nli train --help')"],
    [["nli", "eval"], "nli eval: missing CHECKPOINT (see 'gradsynth nli eval --help')"],
    [["nli", "eval", "c.json", "--search", "beam"], "--search must be one of gradient, prior, none, got 'beam'"],
    [["nli", "eval", "c.json", "--starts", "0"], "--starts must be a positive integer, got '0'"],
    [["nli", "eval", "c.json", "--search", "prior", "--steps", "5"], "--steps applies only to --search gradient"],
    [["nli", "eval", "c.json", "--search", "none", "--starts", "5"], "--starts applies only to --search gradient or prior"],
    [["nli", "eval", "c.json", "--sigma", "x"], "--sigma must be a non-negative number, got 'x'"],
    [["nli", "eval", "c.json", "--decode", "round"], "--decode must be one of soft, hard, got 'round'"],
    [["nli", "eval", "c.json", "--weights", "first"], "--weights must be one of best, last, got 'first'"],
    [["nli", "eval", "c.json", "--search", "prior", "--decode", "hard"], "--decode applies only to --search gradient or none (prior programs are one-hot)"],
    [["nli", "eval", "test/cli/no-such.json"], "test/cli/no-such.json: file not found"],
    [["nli", "eval", "package.json"], "package.json: not a gradsynth NLI checkpoint"],
  ])("rejects %j with one line and exit code 2", async (args, message) => {
    expect(await cli(args)).toEqual({ code: 2, stdout: "", stderr: `gradsynth: ${message}\n` });
  });

  it("parses settings with their defaults", () => {
    expect(parseNliTrainArgs(["--split", "comp-i"])).toMatchObject({
      training: { split: "comp-i", steps: 1500, seed: 1, batchTasks: 16, programLength: 10, sourceOffsets: true, relabel: true },
      out: "runs/nli",
      resume: false,
    });
    expect(parseNliTrainArgs(["--split", "comp-i", "--no-source-offsets"])).toMatchObject({ training: { sourceOffsets: false } });
    expect(parseNliTrainArgs(["--split", "comp-i", "--no-relabel"])).toMatchObject({ training: { relabel: false, sourceOffsets: true } });
    expect(parseNliTrainArgs(["--split", "comp-i"])).toMatchObject({ training: { adamEpsilon: undefined } });
    expect(parseNliTrainArgs(["--split", "comp-i", "--adam-epsilon", "1e-4"])).toMatchObject({ training: { adamEpsilon: 1e-4 } });
    expect(parseNliEvalArgs(["c.json", "--search", "none"])).toMatchObject({ checkpoint: "c.json", weights: "best", evaluation: { search: { method: "none", decode: "soft", starts: 1, steps: 0 } } });
    expect(parseNliEvalArgs(["c.json", "--weights", "last"])).toMatchObject({ weights: "last" });
    expect(parseNliEvalArgs(["c.json", "--decode", "hard"])).toMatchObject({ evaluation: { search: { method: "gradient", decode: "hard" } } });
    expect(parseNliEvalArgs(["c.json", "--starts", "64", "--steps", "7", "--json"])).toMatchObject({ evaluation: { search: { method: "gradient", starts: 64, steps: 7 } }, json: true });
  });

  it("a run whose loss stays non-finite stops with exit 2 and writes no NaN checkpoint", async () => {
    const out = join(dir, "diverged");
    expect(await runCli(["nli", "train", "--split", "shift-l", "--steps", "60", "--learning-rate", "1e30", "--out", out, "--quiet"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "gradsynth: NLI training diverged: the loss or its gradients were not finite at steps 2–26; no checkpoint was written from them (try a smaller --learning-rate)\n",
    });
    expect(existsSync(join(out, "checkpoint.json"))).toBe(false);
  }, 60_000);

  it("trains, resumes and evaluates end to end", async () => {
    const out = join(dir, "run");
    const trained = await cli(["nli", "train", "--split", "shift-l", "--steps", "2", "--batch", "2", "--out", out, "--json"]);
    expect(trained.code).toBe(0);
    expect(JSON.parse(trained.stdout)).toMatchObject({ split: "shift-l", steps: 2, resumedFrom: null });
    const resumed = await cli(["nli", "train", "--split", "shift-l", "--steps", "3", "--batch", "2", "--out", out, "--resume"]);
    expect(resumed).toMatchObject({ code: 0, stderr: "" });
    expect(resumed.stdout).toMatch(/^trained shift-l for 3 steps/u);
    expect((await cli(["nli", "train", "--split", "shift-l", "--steps", "3", "--out", out, "--resume"])).stderr).toMatch(/is not beyond the 3 steps already/u);
    expect((await cli(["nli", "train", "--split", "shift-l", "--steps", "4", "--out", out, "--resume", "--no-relabel"])).stderr).toMatch(/--no-relabel: the run in .* was trained with relabelling/u);
    expect((await cli(["nli", "train", "--split", "shift-l", "--steps", "4", "--out", out, "--resume", "--no-source-offsets"])).stderr).toMatch(/--no-source-offsets: the run in .* was trained with source offsets/u);
    const evaluated = await cli(["nli", "eval", join(out, "checkpoint.json"), "--starts", "2", "--steps", "2", "--tasks", "2", "--json"]);
    expect(evaluated.code).toBe(0);
    const report = JSON.parse(evaluated.stdout) as { id: { tasks: unknown[]; accuracy: number }; ood: { tasks: { program: string }[] }; search: { method: string } };
    expect(report.search.method).toBe("gradient");
    expect(report.id.tasks).toHaveLength(2);
    expect(report.ood.tasks.map((t) => t.program).every((p) => /^shift ([6-9]|10)$/u.test(p))).toBe(true);
    const text = await cli(["nli", "eval", join(out, "checkpoint.json"), "--search", "none", "--tasks", "2"]);
    expect(text.stdout).toMatch(/^shift-l, no search, parameters of training step 3 \(last\)\nID {3}\d\.\d\d {2}\(\d\/2\)\nOOD {2}\d\.\d\d/u);
  });

  it("trains, resumes and evaluates the generic interpreter; a resume with the other interpreter is refused", async () => {
    const out = join(dir, "generic");
    const trained = await cli(["nli", "train", "--split", "shift-l", "--steps", "2", "--batch", "2", "--interpreter", "generic", "--out", out, "--json"]);
    expect(trained.code).toBe(0);
    expect((JSON.parse(readFileSync(join(out, "checkpoint.json"), "utf8")) as { config: { interpreter: { kind: string } } }).config.interpreter.kind).toBe("generic");
    expect(await cli(["nli", "train", "--split", "shift-l", "--steps", "3", "--batch", "2", "--out", out, "--resume"])).toMatchObject({ code: 0, stderr: "" });
    expect((await cli(["nli", "train", "--split", "shift-l", "--steps", "4", "--out", out, "--resume", "--interpreter", "structured"])).stderr).toMatch(
      /--interpreter structured: the run in .* was trained with the generic interpreter/u,
    );
    expect((await cli(["nli", "train", "--split", "shift-l", "--interpreter", "generic", "--no-relabel"])).stderr).toBe("gradsynth: --no-relabel applies only to --interpreter structured\n");
    const evaluated = await cli(["nli", "eval", join(out, "checkpoint.json"), "--search", "none", "--tasks", "2", "--json"]);
    expect(evaluated.code).toBe(0);
    expect((JSON.parse(evaluated.stdout) as { id: { tasks: unknown[] } }).id.tasks).toHaveLength(2);
  });
});
