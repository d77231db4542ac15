import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseIlpTask } from "../../../../src/lang/datalog/taskFile.js";
import { checkProgramSpaceMemory, DEFAULT_MAX_MEMORY, programSpace, programSpaceBytes } from "../../../../src/lang/datalog/space/programSpace.js";
import { DilpLanguageError } from "../../../../src/lang/datalog/space/language.js";
import { runCli } from "../../../helpers/cli.js";
import { shippedTask } from "../../../helpers/ilpTasks.js";

const dir = mkdtempSync(join(tmpdir(), "gradsynth-dilp-memory-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A path-finding task over n constants (a chain of edges), with an auxiliary binary predicate: n^3 pairs per clause. */
function chainTask(n: number): string {
  const edges = Array.from({ length: n - 1 }, (_, i) => `edge(c${i}, c${i + 1}).`).join(" ");
  return `#target connected/2\n#aux pred1/2\n#template connected (0, false) (1, true)\n#template pred1 (1, true)\n#steps 10\n\n${edges}\n+ connected(c0, c1).\n- connected(c1, c0).\n`;
}

describe("∂ILP's memory, estimated before the program space is built", () => {
  it("the estimate is exactly the bytes of the gather tensors programSpace then builds", () => {
    for (const name of ["even-odd", "connectedness", "member", "buzz"]) {
      const task = shippedTask(name);
      const built = programSpace(task).predicates.flatMap((p) => p.slots.flatMap((s) => s.gathers));
      expect(programSpaceBytes(task)).toEqual({ bytes: built.reduce((sum, g) => sum + g.pairs.byteLength, 0), clauses: built.length });
    }
  });

  it("a task past the limit is refused before anything is allocated, with what to change", () => {
    const task = parseIlpTask(chainTask(400), { file: "chain.dl" });
    const { bytes } = programSpaceBytes(task);
    expect(bytes).toBeGreaterThan(DEFAULT_MAX_MEMORY);
    expect(() => checkProgramSpaceMemory(task, DEFAULT_MAX_MEMORY)).toThrow(DilpLanguageError);
    expect(() => checkProgramSpaceMemory(task, DEFAULT_MAX_MEMORY)).toThrow(/needs about 123\.1 GB for the gather tensors of its 358 clauses over 400 constants, over the limit of 8\.0 GB \(raise it with --max-memory GB/u);
    expect(() => checkProgramSpaceMemory(task, bytes)).not.toThrow();
  });

  it("the CLI names the file, for both methods, and --max-memory is checked", async () => {
    const file = join(dir, "chain.dl");
    writeFileSync(file, chainTask(400));
    for (const method of ["dilp", "sat"]) {
      const { code, stdout, stderr } = await runCli(["ilp", file, "--method", method, "--quiet"]);
      expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
      expect(stderr).toMatch(new RegExp(`^gradsynth: ${file}: the program space needs about 123\\.1 GB[^\\n]*\\n$`, "u"));
    }
    expect(await runCli(["ilp", file, "--max-memory", "0.5", "--quiet"])).toMatchObject({ code: 2, stderr: expect.stringContaining("over the limit of 0.500 GB") as string });
    expect(await runCli(["ilp", file, "--max-memory", "lots"])).toMatchObject({ code: 2, stderr: expect.stringContaining("--max-memory") as string });
    const empty = join(dir, "no-clause.dl");
    writeFileSync(empty, "#target p/0\n#template p (0, false)\n#steps 2\n\nq(a).\n+ p.\n");
    expect(await runCli(["ilp", empty, "--quiet"])).toEqual({ code: 2, stdout: "", stderr: `gradsynth: ${empty}: rule template (0, false) of p/0 generates no clause\n` });
  });
});
