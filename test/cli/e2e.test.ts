import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadTasks } from "../../src/cli/loadTasks.js";
import { evaluateExpr } from "../../src/lang/arith/evaluate.js";
import { parseExpr } from "../../src/lang/arith/parse.js";
import { closeEnough } from "../../src/search/solver.js";
import { gradsynthProcess } from "../helpers/cli.js";

const gradsynth = (args: string[]) => gradsynthProcess(args);

interface Report {
  tasks: { name: string; program: string | null; solved: boolean; stats: Record<string, number | null> }[];
  method: string;
  seed: number;
}

describe("gradsynth solve (end to end)", () => {
  it("solves every shipped ROAP formula with --method enumerate --json", async () => {
    const file = "examples/arith/roap-formulas.json";
    const { code, stdout, stderr } = await gradsynth(["solve", file, "--method", "enumerate", "--json"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    const tasks = loadTasks(JSON.parse(readFileSync(file, "utf8")), file);
    expect(report.method).toBe("enumerate");
    expect(report.seed).toBe(0);
    expect(report.tasks.map((t) => t.name)).toEqual(tasks.map((t) => t.name));
    report.tasks.forEach((result, t) => {
      expect(result.solved).toBe(true);
      const expr = parseExpr(result.program ?? "", 3);
      for (const example of tasks[t]?.examples ?? []) expect(closeEnough(evaluateExpr(expr, example.input), example.output)).toBe(true);
    });
  });

  it("exits 2 on a bad flag with one line on stderr", async () => {
    expect(await gradsynth(["solve", "examples/arith/single.json", "--lines", "x"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "gradsynth: --lines applies only to --method gradient\n",
    });
    expect(await gradsynth(["solve", "--bogus"])).toEqual({ code: 2, stdout: "", stderr: "gradsynth: unknown option '--bogus' (see 'gradsynth solve --help')\n" });
  });

  it("exits 2 on a missing file, without a stack trace", async () => {
    const { code, stdout, stderr } = await gradsynth(["solve", "examples/arith/missing.json", "--method", "gradient"]);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: "", stderr: "gradsynth: examples/arith/missing.json: file not found\n" });
  });

  it("runs --method gradient and prints the JSON report", async () => {
    const { code, stdout } = await gradsynth(["solve", "examples/arith/single.json", "--method", "gradient", "--steps", "200", "--json", "--backend", "wasm"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report & { backend: string };
    expect(report).toMatchObject({ method: "gradient", seed: 0 });
    // wasm, unless it failed to start and the engine fell back to cpu (saying so on stderr).
    expect(["wasm", "cpu"]).toContain(report.backend);
    expect(report.tasks).toHaveLength(1);
    const [task] = report.tasks;
    expect(task?.name).toBe("sum-of-squares");
    expect(typeof task?.solved).toBe("boolean");
    if (task?.program !== null) expect(() => parseExpr(task?.program ?? "", 2)).not.toThrow();
    expect(task?.stats["steps"]).toBeGreaterThan(0);
  });
});
