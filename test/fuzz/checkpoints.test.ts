import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initEngine } from "../../src/engine/backend.js";
import { CliError } from "../../src/errors.js";
import { disposeNets } from "../../src/nets/net.js";
import { readCheckpoint as readNli } from "../../src/systems/nli/checkpoint.js";
import { modelFromCheckpoint, trainNli } from "../../src/systems/nli/train.js";
import { readCheckpoint as readRoap, writeCheckpoint } from "../../src/systems/roap/checkpoint.js";
import { RoapTrainer } from "../../src/systems/roap/trainer.js";
import { tinyConfig } from "../systems/nli/helpers.js";
import { SYNTHETIC_IMAGES, TINY } from "../systems/roap/fixtures.js";

/**
 * Fuzzing both checkpoint formats: a valid checkpoint with one to three fields replaced by random
 * JSON (or removed), anywhere in the file. The property: reading it and restoring the model it
 * describes either works or throws a one-line CliError naming the file (exit 2); never a
 * JavaScript error from inside the model.
 */
const dir = mkdtempSync(join(tmpdir(), "gradsynth-fuzz-checkpoints-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await initEngine();
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path into `value` (keys and indices), the root excluded. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [];
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((v, k) => [k, v]) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key])]);
}

/** A copy of `value` with the field at `path` set to `replacement` (removed when undefined). */
function replaced(value: Json, path: readonly (string | number)[], replacement: Json | undefined): Json {
  const copy = structuredClone(value);
  let node = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path.at(-1) as string | number;
  if (replacement === undefined && !Array.isArray(node)) delete node[last];
  else node[last] = replacement ?? null;
  return copy;
}

const changes = fc.array(fc.record({ pick: fc.nat(), value: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }) }), { minLength: 1, maxLength: 3 });

function mutate(valid: Json, list: readonly { pick: number; value: unknown }[]): Json {
  return list.reduce((json, change) => {
    const all = paths(json);
    return all.length === 0 ? json : replaced(json, all[change.pick % all.length] as (string | number)[], change.value as Json | undefined);
  }, valid);
}

function failsCleanly(error: unknown, file: string): void {
  if (!(error instanceof CliError)) throw new Error(`not a CliError: ${String(error)}`);
  expect(error.exitCode).toBe(2);
  expect(error.message).not.toContain("\n");
  expect(error.message).toContain(file);
}

/** The property on mutations of `valid` written to `file`: `use(file)` works or fails cleanly. */
function fuzzCheckpoint(valid: Json, file: string, use: (file: string) => void): void {
  fc.assert(
    fc.property(changes, (list) => {
      writeFileSync(file, JSON.stringify(mutate(valid, list)));
      try {
        use(file);
      } catch (error) {
        failsCleanly(error, file);
      }
    }),
    { numRuns: 200, seed: 5 },
  );
}

describe("fuzzed checkpoints are used, or refused with one line (exit 2)", () => {
  it("ROAP", () => {
    const trainer = new RoapTrainer(TINY, SYNTHETIC_IMAGES);
    for (let k = 0; k < TINY.stepsPerEpoch; k++) trainer.trainStep();
    const source = join(dir, "roap-valid.json");
    writeCheckpoint(source, { config: TINY, images: { name: "mnist" }, restart: 0, state: trainer.saveState() });
    const valid = JSON.parse(readFileSync(source, "utf8")) as Json;
    fuzzCheckpoint(valid, join(dir, "roap.json"), (file) => {
      const saved = readRoap(file);
      // Restoring builds nothing new when the configuration is the one the trainer has.
      if (JSON.stringify(saved.config) === JSON.stringify(TINY)) trainer.restoreState(saved.state, file);
    });
    trainer.dispose();
  });

  it("NLI", async () => {
    const source = join(dir, "nli-valid.json");
    const { model } = await trainNli(tinyConfig("shift-l", 2), { checkpointPath: source });
    disposeNets(model);
    const valid = JSON.parse(readFileSync(source, "utf8")) as Json;
    fuzzCheckpoint(valid, join(dir, "nli.json"), (file) => {
      const saved = readNli(file);
      if (JSON.stringify(saved.config) === JSON.stringify((valid as { config: Json }).config)) disposeNets(modelFromCheckpoint(saved, "best", file));
    });
  });
});
