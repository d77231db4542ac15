import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { run, usage, version } from "../../src/cli/app.js";
import type { CliIo } from "../../src/cli/io.js";
import { SOLVE_USAGE } from "../../src/cli/solveSettings.js";

/** Runs the CLI in-process with captured streams. */
async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: { write: (c: string) => (stdout += c) }, stderr: { isTTY: false, write: (c: string) => (stderr += c) }, env };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

describe("gradsynth", () => {
  it("prints its help and version", async () => {
    expect(await cli(["--help"])).toEqual({ code: 0, stdout: usage(), stderr: "" });
    expect((await cli(["-h"])).stdout).toMatch(/^ {2}solve {2,}find arithmetic formulas/mu);
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    expect(version()).toBe(pkg.version);
    expect(await cli(["--version"])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
    expect(await cli(["solve", "--help"])).toEqual({ code: 0, stdout: SOLVE_USAGE, stderr: "" });
  });

  it.each([
    [[], "gradsynth: missing command (see 'gradsynth --help')\n"],
    [["frobnicate"], "gradsynth: unknown command 'frobnicate' (see 'gradsynth --help')\n"],
    [["toString"], "gradsynth: unknown command 'toString' (see 'gradsynth --help')\n"],
    [["--frobnicate"], "gradsynth: unknown option '--frobnicate' (see 'gradsynth --help')\n"],
    [["solve", "x.json", "--frobnicate"], "gradsynth: unknown option '--frobnicate' (see 'gradsynth solve --help')\n"],
    [["solve", "test/cli/no-such-file.json"], "gradsynth: test/cli/no-such-file.json: file not found\n"],
    [["solve", "test/cli"], "gradsynth: test/cli: is a directory, not a file\n"],
    [["solve", "package.json"], `gradsynth: package.json: missing "tasks" (expected {"tasks": [...]} or a single task {"examples": [...]})\n`],
    [["experiment", "roap-fig5", "--runs", "3"], "gradsynth: experiment: roap-fig5 does not repeat runs, so it takes no --runs (see 'gradsynth experiment --help')\n"],
    [["experiment", "roap-table2", "--runs", "0"], "gradsynth: --runs must be a positive integer, got '0'\n"],
    [["experiment", "dilp-tasks", "--workers", "2"], "gradsynth: experiment: dilp-tasks trains no ROAP restarts, so it takes no --workers (see 'gradsynth experiment --help')\n"],
    [["experiment", "nli-table", "--restarts", "2"], "gradsynth: experiment: nli-table trains no ROAP restarts, so it takes no --restarts (see 'gradsynth experiment --help')\n"],
    [["experiment", "roap-table1", "--restarts", "0"], "gradsynth: --restarts must be a positive integer, got '0'\n"],
    [["experiment", "roap-fig6", "--models", "ROAP"], "gradsynth: experiment: roap-fig6 compares no models, so it takes no --models (see 'gradsynth experiment --help')\n"],
    [["experiment", "roap-table1", "--models", "ROAP,depth-3"], "gradsynth: --models: unknown model 'depth-3' for roap-table1; one of ROAP, CNN-MLP-disjoint-MLPs, CNN-MLP-one-hot-task-id, free-logits, softmax, syntax-tree-D-2, syntax-tree-D-3, syntax-tree-D-5, L-10, L-3, ROAP-ours\n"],
    [["experiment", "nli-table", "--resume"], "gradsynth: experiment: nli-table keeps no checkpoints, so it takes no --resume (see 'gradsynth experiment --help')\n"],
  ])("rejects %j with one line and exit code 2", async (args, stderr) => {
    expect(await cli(args)).toEqual({ code: 2, stdout: "", stderr });
  });

  it("solves the shipped single-task example, in text", async () => {
    const { code, stdout, stderr } = await cli(["solve", "examples/arith/single.json"]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toBe("sum-of-squares: s1 * s1 + s2 * s2\nsolved 1/1\n");
  });

  it("marks unsolved tasks and still exits 0", async () => {
    const { code, stdout } = await cli(["solve", "examples/arith/roap-formulas.json", "--max-operators", "1"]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("pair-sum: s1 + s2");
    expect(lines[1]).toMatch(/^product-minus-third: .+ {2}\(unsolved\)$/u);
    expect(lines.at(-1)).toBe("solved 1/10");
  });

  it("prints one JSON object with --json", async () => {
    const { code, stdout } = await cli(["solve", "examples/arith/single.json", "--json", "--seed", "5"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      tasks: [{ name: "sum-of-squares", program: "s1 * s1 + s2 * s2", solved: true, stats: { size: 3 } }],
      solved: 1,
      method: "enumerate",
      seed: 5,
      backend: null,
    });
    expect(typeof report["seconds"]).toBe("number");
  });
});
