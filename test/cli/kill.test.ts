import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/rng.js";

/**
 * Kill tests: a training killed with SIGKILL at a random moment after its first checkpoint (during
 * a step, an evaluation or a checkpoint write), then resumed with --resume, ends exactly where the
 * uninterrupted run ends: the same parameters, optimizer state and history, bit for bit.
 */
const dir = mkdtempSync(join(tmpdir(), "gradsynth-kill-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs gradsynth from the sources; with `killAfter`, SIGKILLs it that many ms after `file` first exists. */
function gradsynth(args: readonly string[], killAfter?: { file: string; ms: number }): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { stdio: ["ignore", "ignore", "ignore"], env: { ...process.env, GRADSYNTH_THREADS: "1" } });
    let poll: NodeJS.Timeout | undefined;
    if (killAfter !== undefined) {
      poll = setInterval(() => {
        if (!existsSync(killAfter.file)) return;
        clearInterval(poll);
        setTimeout(() => child.kill("SIGKILL"), killAfter.ms);
      }, 5);
    }
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(poll);
      resolve(code);
    });
  });
}

const stateOf = (file: string, fields: readonly string[]): unknown => {
  const json = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, json[f]]));
};

describe("kill -9 and --resume", () => {
  const rng = new Rng(2026);

  it("ROAP: killed at three random moments, resumed, ends bitwise where the uninterrupted run ends", async () => {
    const train = (out: string) => ["roap", "train", "--tasks", "2", "--epochs", "6", "--steps-per-epoch", "3", "--batch", "4", "--test-samples", "4", "--seed", "3", "--quiet", "--out", out];
    const whole = join(dir, "roap-whole");
    expect(await gradsynth(train(whole))).toBe(0);
    const checkpoint = (out: string) => join(out, "restart-0.json");
    const codes: (number | null)[] = [];
    for (let trial = 0; trial < 3; trial++) {
      const out = join(dir, `roap-killed-${trial}`);
      const code = await gradsynth(train(out), { file: checkpoint(out), ms: rng.int(400) });
      codes.push(code);
      expect([0, null]).toContain(code);
      expect(await gradsynth([...train(out), "--resume"])).toBe(0);
      expect(stateOf(checkpoint(out), ["params", "adam", "progress"])).toEqual(stateOf(checkpoint(whole), ["params", "adam", "progress"]));
    }
    // At least one run was killed before it finished (null: ended by a signal).
    expect(codes).toContain(null);
  }, 240_000);

  it("NLI: killed at two random moments, resumed, ends bitwise where the uninterrupted run ends", async () => {
    const train = (out: string) => ["nli", "train", "--split", "shift-l", "--steps", "130", "--batch", "4", "--seed", "5", "--quiet", "--out", out];
    const whole = join(dir, "nli-whole");
    expect(await gradsynth(train(whole))).toBe(0);
    const checkpoint = (out: string) => join(out, "checkpoint.json");
    const codes: (number | null)[] = [];
    for (let trial = 0; trial < 2; trial++) {
      const out = join(dir, `nli-killed-${trial}`);
      const code = await gradsynth(train(out), { file: checkpoint(out), ms: rng.int(1000) });
      codes.push(code);
      expect([0, null]).toContain(code);
      expect(await gradsynth([...train(out), "--resume"])).toBe(0);
      const fields = ["step", "params", "optimizer", "adamPowers", "history", "best"];
      expect(stateOf(checkpoint(out), fields)).toEqual(stateOf(checkpoint(whole), fields));
    }
    expect(codes).toContain(null);
  }, 240_000);
});
