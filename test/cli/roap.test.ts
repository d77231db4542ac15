import { describe, expect, it } from "vitest";
import { ROAP_USAGE, parseRoapEvalArgs, parseRoapTrainArgs } from "../../src/cli/roapSettings.js";
import { ROAP_CPU, ROAP_PAPER, ROAP_PLUS } from "../../src/systems/roap/config.js";
import { runCli } from "../helpers/cli.js";

const cli = (args: string[]) => runCli(args);

describe("gradsynth roap", () => {
  it("prints its help", async () => {
    expect(await cli(["roap", "--help"])).toEqual({ code: 0, stdout: ROAP_USAGE, stderr: "" });
    expect(await cli(["roap", "train", "--help"])).toEqual({ code: 0, stdout: ROAP_USAGE, stderr: "" });
  });

  it.each([
    [["roap"], "roap: missing subcommand, one of train, eval"],
    [["roap", "fit"], "roap: unknown subcommand 'fit', one of train, eval"],
    [["roap", "train", "--tasks", "0"], "--tasks must be a positive integer, got '0'"],
    [["roap", "train", "--images", "svhn"], "--images must be one of mnist, fashion-mnist, cifar10, got 'svhn'"],
    [["roap", "train", "--images", "cifar10"], "--images cifar10 needs --data-dir DIR"],
    [["roap", "train", "--resume"], "--resume needs --out DIR"],
    [["roap", "train", "--hidden", "64,x"], "--hidden must be a positive integer, got 'x'"],
    [["roap", "train", "--model", "rnn"], "--model must be one of straight-line, syntax-tree, mlp-disjoint, mlp-onehot, got 'rnn'"],
    [["roap", "train", "extra"], "roap train: unexpected argument 'extra'"],
    [["roap", "train", "--grounder", "vgg"], "--grounder must be one of cnn, resnet18, got 'vgg'"],
    [["roap", "train", "--resnet-width", "16"], "--resnet-width applies to the ResNet-18 grounder only"],
    [["roap", "train", "--grounder", "resnet18", "--resnet-width", "0"], "--resnet-width must be a positive integer, got '0'"],
    [["roap", "eval"], "roap eval: missing CHECKPOINT"],
    [["roap", "eval", "package.json"], "package.json is not a gradsynth ROAP checkpoint (format field missing or different)"],
  ])("rejects %j with one line and exit code 2", async (args, message) => {
    const { code, stdout, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.split("\n")).toHaveLength(2);
    expect(stderr).toContain(message);
  });

  it("roap train --plus --compare-paper --workers 2 trains both methods side by side and prints both", async () => {
    const tiny = ["roap", "train", "--tasks", "2", "--epochs", "2", "--steps-per-epoch", "2", "--batch", "4", "--test-samples", "4", "--plus", "--compare-paper"];
    const side = await cli([...tiny, "--workers", "2"]);
    expect(side.code).toBe(0);
    expect(side.stdout).toContain("ROAP+ (ours: ROAP with search in the training loop) on mnist: 2 tasks");
    expect(side.stdout).toContain("ROAP (the paper's method) on mnist: 2 tasks");
    expect(side.stdout).toMatch(/\(both trained side by side in \d+ s\)/u);
    const inTurn = await cli(tiny);
    expect(inTurn.stdout).toMatch(/\(both trained one after the other in \d+ s\)/u);
    const table = (text: string) => text.slice(text.indexOf("program success"));
    expect(table(side.stdout)).toBe(table(inTurn.stdout));
  }, 60_000);

  it("roap eval takes --enumerate (off by default)", () => {
    expect(parseRoapEvalArgs(["run/restart-0.json"])).toMatchObject({ checkpoint: "run/restart-0.json", enumerate: false, json: false });
    expect(parseRoapEvalArgs(["run/restart-0.json", "--enumerate", "--json"])).toMatchObject({ enumerate: true, json: true });
  });

  it("maps flags onto the configuration, from either preset", () => {
    const cpu = parseRoapTrainArgs(["--tasks", "7", "--hidden", "16,8", "--synthesizer", "free", "--seed", "3"]);
    if (cpu === "help") throw new Error("unexpected help");
    expect(cpu.config).toEqual({ ...ROAP_CPU, tasks: 7, hidden: [16, 8], synthesizer: "free", seed: 3 });
    const paper = parseRoapTrainArgs(["--preset", "paper"]);
    if (paper === "help") throw new Error("unexpected help");
    expect(paper.config).toEqual(ROAP_PAPER);
    expect(paper.config.grounder).toBe("resnet18");
    expect(paper.restarts).toBe(1);
    expect(paper.workers).toBe(1);
    const parallel = parseRoapTrainArgs(["--restarts", "3", "--workers", "2"]);
    if (parallel === "help") throw new Error("unexpected help");
    expect([parallel.restarts, parallel.workers]).toEqual([3, 2]);
    expect(() => parseRoapTrainArgs(["--workers", "0"])).toThrow("--workers");
    const resnet = parseRoapTrainArgs(["--grounder", "resnet18", "--resnet-width", "16"]);
    if (resnet === "help") throw new Error("unexpected help");
    expect(resnet.config).toEqual({ ...ROAP_CPU, grounder: "resnet18", resnetWidth: 16 });
  });

  it("ROAP+ is off unless --plus is given; its flags need --plus; --samples and --compare-paper", () => {
    const plain = parseRoapTrainArgs([]);
    if (plain === "help") throw new Error("unexpected help");
    expect(plain.config.plus).toBeNull();
    expect([plain.samples, plain.comparePaper]).toEqual([0, false]);
    const plus = parseRoapTrainArgs(["--plus", "--plus-threshold", "0.5", "--abduction", "gradient", "--teach-weight", "2", "--no-calibrate", "--samples", "16", "--compare-paper"]);
    if (plus === "help") throw new Error("unexpected help");
    expect(plus.config.plus).toEqual({ ...ROAP_PLUS, threshold: 0.5, abduction: "gradient", teachWeight: 2, calibrate: false });
    expect([plus.samples, plus.comparePaper]).toEqual([16, true]);
    expect(() => parseRoapTrainArgs(["--teach-weight", "2"])).toThrow("--teach-weight applies to ROAP+ only (add --plus)");
    expect(() => parseRoapTrainArgs(["--compare-paper"])).toThrow("add --plus");
    expect(() => parseRoapTrainArgs(["--plus", "--model", "syntax-tree"])).toThrow("cannot be combined with --model syntax-tree");
    expect(() => parseRoapTrainArgs(["--plus", "--abduction", "guess"])).toThrow("--abduction");
    expect(() => parseRoapTrainArgs(["--samples", "-1"])).toThrow("--samples");
    const decay = parseRoapTrainArgs(["--learning-rate-decay", "0.1", "--epochs", "10"]);
    if (decay === "help") throw new Error("unexpected help");
    expect(decay.config.learningRateFactor).toEqual({ kind: "exponential", from: 1, to: 0.1, over: 10 });
    expect(() => parseRoapTrainArgs(["--learning-rate-decay", "2"])).toThrow("(0, 1]");
    const late = parseRoapTrainArgs(["--learning-rate-decay", "0.05", "--learning-rate-decay-from", "20", "--epochs", "30"]);
    if (late === "help") throw new Error("unexpected help");
    expect(late.config.learningRateFactor).toEqual({ kind: "exponential", from: 1, to: 0.05, over: 10, start: 20 });
    expect(() => parseRoapTrainArgs(["--learning-rate-decay-from", "20"])).toThrow("needs --learning-rate-decay");
    expect(() => parseRoapTrainArgs(["--learning-rate-decay", "0.1", "--learning-rate-decay-from", "30", "--epochs", "30"])).toThrow("at most 29");
    expect(parseRoapEvalArgs(["run/restart-0.json", "--samples", "8", "--seed", "4"])).toMatchObject({ samples: 8, seed: 4 });
  });
});
