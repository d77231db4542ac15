import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { removeStaleTemporaries, writeFileAtomic } from "../../src/engine/atomicWrite.js";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "gradsynth-outputs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("output directories are checked before any work starts", () => {
  const file = join(dir, "a-file");
  writeFileSync(file, "not a directory");
  const commands: [string, string[]][] = [
    ["roap train", ["roap", "train", "--tasks", "2", "--epochs", "1"]],
    ["nli train", ["nli", "train", "--split", "shift-l", "--steps", "2"]],
    ["experiment", ["experiment", "roap-fig5", "--scale", "ci"]],
  ];
  for (const [name, args] of commands) {
    it(`${name} --out naming a file, or a path under one, is a usage error`, async () => {
      expect(await runCli([...args, "--out", file])).toEqual({ code: 2, stdout: "", stderr: `gradsynth: --out ${file}: exists and is not a directory\n` });
      const under = join(file, "run");
      const { code, stderr } = await runCli([...args, "--out", under]);
      expect(code).toBe(2);
      expect(stderr).toMatch(new RegExp(`^gradsynth: --out ${under}: cannot write there \\(ENOTDIR\\)\\n$`, "u"));
    });
  }

  it("/dev/null is not a directory", async () => {
    expect(await runCli(["roap", "train", "--out", "/dev/null"])).toEqual({ code: 2, stdout: "", stderr: "gradsynth: --out /dev/null: exists and is not a directory\n" });
  });
});

describe("$GRADSYNTH_THREADS", () => {
  for (const bad of ["abc", "0", "-1", "1.5", "100000"]) {
    it(`'${bad}' is a usage error before any command runs`, async () => {
      expect(await runCli(["solve", "examples/arith/single.json"], { GRADSYNTH_THREADS: bad })).toEqual({
        code: 2,
        stdout: "",
        stderr: `gradsynth: GRADSYNTH_THREADS must be an integer from 1 to 64, got '${bad}'\n`,
      });
    });
  }
});

describe("checkpoint files", () => {
  it("a write goes through a temporary file; a killed process's temporaries are removed, a live one's kept", () => {
    const run = join(dir, "run");
    mkdirSync(run);
    writeFileAtomic(join(run, "restart-0.json"), "{}");
    expect(readdirSync(run)).toEqual(["restart-0.json"]);
    // No process has pid 2^22 + 1 (above Linux's pid_max default of 2^22).
    const stale = `restart-1.json.tmp-${2 ** 22 + 1}`;
    const live = `restart-2.json.tmp-${process.pid}`;
    writeFileSync(join(run, stale), "trunc");
    writeFileSync(join(run, live), "being written");
    expect(removeStaleTemporaries(run)).toEqual([stale]);
    expect(readdirSync(run).sort()).toEqual(["restart-0.json", live]);
  });
});

describe("standard output closed early (gradsynth … | head -1)", () => {
  it("ends the process quietly, with no stack trace", async () => {
    const tasks = join(dir, "many.json");
    const many = Array.from({ length: 3000 }, (_, i) => ({ name: `t${i}`, examples: [{ input: [(i % 7) + 1, 2], output: (i % 7) + 3 }] }));
    writeFileSync(tasks, JSON.stringify({ tasks: many }));
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "solve", tasks, "--method", "enumerate", "--json"], { stdio: ["ignore", "pipe", "pipe"] });
      let err = "";
      child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
      child.stdout.once("data", () => child.stdout.destroy());
      child.on("error", reject);
      child.on("close", (exit) => resolve({ code: exit, stderr: err }));
    });
    expect(stderr).toBe("");
    expect(code).toBe(141);
    expect(existsSync(tasks)).toBe(true);
  }, 60_000);
});
