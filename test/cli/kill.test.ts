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

/**
 * Trains `train(out)` uninterrupted, then `trials` times killed `rng.int(maxDelay)` ms after its
 * first checkpoint and resumed; each resumed run's final `fields` equal the uninterrupted run's.
 */
async function killAndResume(name: string, train: (out: string) => string[], checkpoint: string, fields: readonly string[], trials: number, maxDelay: number, rng: Rng): Promise<void> {
  const whole = join(dir, `${name}-whole`);
  expect(await gradsynth(train(whole))).toBe(0);
  const codes: (number | null)[] = [];
  for (let trial = 0; trial < trials; trial++) {
    const out = join(dir, `${name}-killed-${trial}`);
    const code = await gradsynth(train(out), { file: join(out, checkpoint), ms: rng.int(maxDelay) });
    codes.push(code);
    expect([0, null]).toContain(code);
    expect(await gradsynth([...train(out), "--resume"])).toBe(0);
    expect(stateOf(join(out, checkpoint), fields)).toEqual(stateOf(join(whole, checkpoint), fields));
  }
  // At least one run was killed before it finished (null: ended by a signal).
  expect(codes).toContain(null);
}

describe("kill -9 and --resume", () => {
  const rng = new Rng(2026);

  it("ROAP: killed at three random moments, resumed, ends bitwise where the uninterrupted run ends", async () => {
    const train = (out: string) => ["roap", "train", "--tasks", "2", "--epochs", "6", "--steps-per-epoch", "3", "--batch", "4", "--test-samples", "4", "--seed", "3", "--quiet", "--out", out];
    await killAndResume("roap", train, "restart-0.json", ["params", "adam", "progress"], 3, 400, rng);
  }, 240_000);

  it("NLI: killed at two random moments, resumed, ends bitwise where the uninterrupted run ends", async () => {
    const train = (out: string) => ["nli", "train", "--split", "shift-l", "--steps", "130", "--batch", "4", "--seed", "5", "--quiet", "--out", out];
    await killAndResume("nli", train, "checkpoint.json", ["step", "params", "optimizer", "adamPowers", "history", "best"], 2, 1000, rng);
  }, 240_000);
});
