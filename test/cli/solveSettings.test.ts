import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { CLI_BACKENDS, SOLVE_USAGE, parseSolveArgs, type SolveSettings } from "../../src/cli/solveSettings.js";
import { BACKENDS } from "../../src/engine/backend.js";
import { DEFAULT_MAX_OPERATORS } from "../../src/search/enumerate.js";
import { GRADIENT_DEFAULTS } from "../../src/search/gradientOptions.js";

function settings(args: string[], env: Record<string, string> = {}): SolveSettings {
  const parsed = parseSolveArgs(args, env);
  if (parsed === "help") throw new Error("unexpected help");
  return parsed;
}

function usageError(args: string[], env: Record<string, string> = {}): string {
  try {
    parseSolveArgs(args, env);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    return (error as UsageError).message;
  }
  throw new Error("expected a UsageError");
}

describe("parseSolveArgs", () => {
  it("defaults to enumerate, seed 0, text output, and passes the solvers' own defaults", () => {
    const G = GRADIENT_DEFAULTS;
    expect(settings(["tasks.json"])).toEqual({
      file: "tasks.json",
      method: "enumerate",
      enumerate: { maxOperators: DEFAULT_MAX_OPERATORS },
      gradient: {
        lines: G.lines,
        stepsPerRestart: G.stepsPerRestart,
        restarts: G.restarts,
        particles: G.particles,
        samples: G.samples,
        logitBound: G.logitBound,
        learningRate: G.learningRate,
        relaxation: G.relaxation,
        lengthPrior: G.lengthPrior,
        seed: 0,
      },
      backend: undefined,
      seed: 0,
      json: false,
      quiet: false,
    });
  });

  it("maps the gradient flags onto GradientOptions", () => {
    const s = settings(["t.json", "--method", "gradient", "--lines=12", "--steps", "200", "--restarts", "2", "--seed", "7", "--backend", "cpu", "--json", "--quiet"]);
    expect(s).toMatchObject({ method: "gradient", backend: "cpu", json: true, quiet: true });
    expect(s.gradient).toMatchObject({ lines: 12, stepsPerRestart: 200, restarts: 2, seed: 7 });
    const more = settings(["t.json", "--method", "gradient", "--particles", "2", "--samples", "0", "--logit-bound", "0", "--learning-rate", "3e-4", "--relaxation", "softmax", "--length-prior", "0.001"]);
    expect(more.gradient).toMatchObject({ particles: 2, samples: 0, logitBound: 0, learningRate: 3e-4, relaxation: "softmax", lengthPrior: 0.001 });
  });

  it("rejects malformed numeric gradient flags", () => {
    expect(usageError(["t.json", "--method", "gradient", "--learning-rate", "0"])).toBe("--learning-rate must be a positive number, got '0'");
    expect(usageError(["t.json", "--method", "gradient", "--logit-bound=-1"])).toBe("--logit-bound must be a non-negative number, got '-1'");
    expect(usageError(["t.json", "--method", "gradient", "--relaxation", "hard"])).toBe("--relaxation must be one of softmax, gumbel, gumbel-hard, got 'hard'");
  });

  it("maps --max-operators onto EnumerateOptions", () => {
    expect(settings(["t.json", "--max-operators", "0"]).enumerate).toEqual({ maxOperators: 0 });
    expect(settings(["t.json"]).enumerate).toEqual({ maxOperators: DEFAULT_MAX_OPERATORS });
  });

  it("takes the backend from $GRADSYNTH_BACKEND unless --backend is given", () => {
    expect(settings(["t.json", "--method", "gradient"], { GRADSYNTH_BACKEND: "cpu" }).backend).toBe("cpu");
    expect(settings(["t.json", "--method", "gradient", "--backend", "wasm"], { GRADSYNTH_BACKEND: "cpu" }).backend).toBe("wasm");
    expect(settings(["t.json"], { GRADSYNTH_BACKEND: "bogus" }).backend).toBeUndefined();
  });

  it("recognises -h and --help anywhere", () => {
    expect(parseSolveArgs(["--help"])).toBe("help");
    expect(parseSolveArgs(["t.json", "-h"])).toBe("help");
  });

  it.each([
    [[], "solve: missing FILE (see 'gradsynth solve --help')"],
    [["a.json", "b.json"], "solve: unexpected argument 'b.json' (one FILE per run)"],
    [["t.json", "--frobnicate"], "unknown option '--frobnicate' (see 'gradsynth solve --help')"],
    [["t.json", "-x"], "unknown option '-x' (see 'gradsynth solve --help')"],
    [["t.json", "--method"], "--method needs a value (see 'gradsynth solve --help')"],
    [["t.json", "--json=yes"], "--json does not take a value (see 'gradsynth solve --help')"],
    [["t.json", "--seed", "-1"], "--seed needs a value (write --seed=VALUE for a value starting with '-') (see 'gradsynth solve --help')"],
    [["t.json", "--method", "magic"], "--method must be one of enumerate, gradient, got 'magic'"],
    [["t.json", "--method", "gradient", "--lines", "x"], "--lines must be a positive integer, got 'x'"],
    [["t.json", "--method", "gradient", "--lines", "0"], "--lines must be a positive integer, got '0'"],
    [["t.json", "--method", "gradient", "--steps", "2.5"], "--steps must be a positive integer, got '2.5'"],
    [["t.json", "--method", "gradient", "--restarts", ""], "--restarts must be a positive integer, got ''"],
    [["t.json", "--max-operators", "-2"], "--max-operators needs a value (write --max-operators=VALUE for a value starting with '-') (see 'gradsynth solve --help')"],
    [["t.json", "--max-operators=-2"], "--max-operators must be a non-negative integer, got '-2'"],
    [["t.json", "--seed=-1"], "--seed must be a non-negative integer, got '-1'"],
    [["t.json", "--seed", "1e3"], "--seed must be a non-negative integer, got '1e3'"],
    [["t.json", "--seed", "2147483648"], "--seed must be at most 2147483647, got '2147483648'"],
    [["t.json", "--method", "gradient", "--backend", "gpu"], "--backend must be one of wasm, cpu, got 'gpu'"],
    [["t.json", "--lines", "5"], "--lines applies only to --method gradient"],
    [["t.json", "--backend", "cpu"], "--backend applies only to --method gradient"],
    [["t.json", "--method", "gradient", "--max-operators", "3"], "--max-operators applies only to --method enumerate"],
  ])("rejects %j", (args, message) => {
    expect(usageError(args)).toBe(message);
  });

  it("rejects a bad $GRADSYNTH_BACKEND for gradient runs", () => {
    expect(usageError(["t.json", "--method", "gradient"], { GRADSYNTH_BACKEND: "gpu" })).toBe("GRADSYNTH_BACKEND must be one of wasm, cpu, got 'gpu'");
  });
});

describe("solve help", () => {
  it("shows the solvers' actual defaults", () => {
    expect(SOLVE_USAGE).toMatch(new RegExp(`--steps N +Adam steps per restart \\(default ${GRADIENT_DEFAULTS.stepsPerRestart}\\)`, "u"));
    expect(SOLVE_USAGE).toContain(`(default ${GRADIENT_DEFAULTS.restarts})`);
    expect(SOLVE_USAGE).toContain(`(default ${DEFAULT_MAX_OPERATORS})`);
    expect([...CLI_BACKENDS]).toEqual([...BACKENDS]);
  });

  it("fits in 100 columns", () => {
    for (const line of SOLVE_USAGE.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
  });
});
