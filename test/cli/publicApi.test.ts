import { describe, expect, it } from "vitest";
import * as gradsynth from "../../src/index.js";

/** The README's library example and the names it promises (src/index.ts is the public API). */
describe("public API", () => {
  it("exports what the README documents", () => {
    const names = [
      "initEngine", "tf", "Rng", "fusedOp", "BACKENDS",
      "maskedSoftmax", "relax", "straightThrough", "scheduleValue", "ROAP_TEMPERATURE",
      "evaluateExpr", "parseExpr", "printExpr", "printProgram", "toPolynomial", "enumerateFormulas",
      "executeStraightLine", "executeSyntaxTree", "expectedProgramLength", "decodeStraightLine", "causalMask",
      "enumerateSolve", "enumerateTask", "gradientSolve", "GRADIENT_DEFAULTS", "closeEnough",
      "loadImages", "ROAP_CPU", "ROAP_PAPER", "RoapTrainer", "runRoap", "readCheckpoint", "writeCheckpoint",
      "parseIlpTask", "runIlpTask", "parseAsm", "runAsm", "compileProgram", "decompile", "runTuningJob", "runCombinedJob",
      "NLI_SPLITS", "nliTrainingConfig", "trainNli", "evaluateNli", "readNliCheckpoint", "nliModelFromCheckpoint", "NLI_SEARCH_DEFAULTS",
    ];
    for (const name of names) expect(gradsynth, name).toHaveProperty(name);
  });

  it("solves a DeepCoder problem through the exported entry points", async () => {
    const [problem] = gradsynth.parseDeepCoderProblems('{"inputs": ["x0 = [ 1 2 3 ]", "x0 = [ 4 -1 ]"], "outputs": ["12", "6"]}');
    const summary = await gradsynth.solveDeepCoderProblems([problem!], { timeout: 10 });
    expect(summary.solved).toBe(1);
    const program = gradsynth.parseDeepCoderProgram(summary.problems[0]!.program!);
    expect(gradsynth.solvesProblem(program, problem!)).toBe(true);
    expect(gradsynth.runDeepCoderProgram(program, [[5]])).toBe(10);
  });

  it("runs the README's enumerate example", async () => {
    const tasks: gradsynth.ArithTask[] = [
      {
        name: "area",
        examples: [
          { input: [2, 3], output: 6 },
          { input: [4, 5], output: 20 },
          { input: [7, 2], output: 14 },
        ],
      },
    ];
    const [result] = await gradsynth.enumerateSolve(tasks, { maxOperators: 4 });
    expect(result?.solved).toBe(true);
    expect(result?.program && gradsynth.printExpr(result.program)).toBe("s1 * s2");
  });

  it("trains and evaluates NLI through the exported entry points", async () => {
    await gradsynth.initEngine("cpu");
    const config = gradsynth.nliTrainingConfig({
      split: "shift-l", steps: 2, seed: 3, batchTasks: 2, programLength: 4, regularizer: 0, learningRate: 3e-3, sourceOffsets: true, relabel: false,
    });
    const { model, checkpoint } = await gradsynth.trainNli(config, { keep: "last" });
    expect(checkpoint.step).toBe(2);
    const evaluation = gradsynth.evaluateNli(model, { search: { ...gradsynth.NLI_SEARCH_DEFAULTS, method: "none" }, tasks: 2, chunk: 2, seed: 1 });
    for (const part of [evaluation.id, evaluation.ood]) {
      expect(part.tasks).toHaveLength(2);
      expect(part.accuracy).toBeGreaterThanOrEqual(0);
      expect(part.accuracy).toBeLessThanOrEqual(1);
    }
  });
});
