import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseAsmExamples } from "../../src/cli/asmExamples.js";
import { parseTaskFile } from "../../src/cli/loadTasks.js";
import { CliError } from "../../src/errors.js";
import { parseIlpTask } from "../../src/lang/datalog/taskFile.js";
import { runCli } from "../helpers/cli.js";

/**
 * Fuzzing the parsers and loaders of every file a user hands gradsynth (issue: reliability): each
 * input is a valid example file with random edits — characters deleted, tokens of the format's
 * syntax inserted, numbers made huge or negative, lines duplicated — or random text. The property:
 * the loader returns a result or throws a CliError (exit 2) whose message is one line naming the
 * file; never another error (a stack trace, exit 1). A hang fails the test by its timeout.
 */
const dir = mkdtempSync(join(tmpdir(), "gradsynth-fuzz-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOKENS = ["(", ")", ",", ".", ":", "-", "#", "%", "\n", " ", "0", "9", "99999999999999999999", "-1", "1e308", "NaN", '"', "{", "}", "[", "]", "r", "_", "=", "true", "null", "é", "\u0000"];

type Edit = { readonly at: number; readonly remove: number; readonly insert: string } | { readonly duplicateLine: number };

const edit = fc.oneof(
  fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), insert: fc.array(fc.constantFrom(...TOKENS), { maxLength: 3 }).map((t) => t.join("")) }),
  fc.record({ duplicateLine: fc.nat() }),
);

function applyEdits(text: string, edits: readonly Edit[]): string {
  return edits.reduce((t, e) => {
    if ("duplicateLine" in e) {
      const lines = t.split("\n");
      const k = e.duplicateLine % Math.max(1, lines.length);
      return [...lines.slice(0, k + 1), lines[k] ?? "", ...lines.slice(k + 1)].join("\n");
    }
    const at = e.at % (t.length + 1);
    return t.slice(0, at) + e.insert + t.slice(at + e.remove);
  }, text);
}

/** A valid file with 1–6 random edits, or (one case in five) random text. */
const mutated = (valid: string): fc.Arbitrary<string> =>
  fc.oneof({ weight: 4, arbitrary: fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => applyEdits(valid, edits)) }, { weight: 1, arbitrary: fc.string({ maxLength: 200 }) });

/** The property: a result, or a one-line CliError naming the file. */
function loadsOrFailsCleanly(load: () => unknown, file: string): void {
  try {
    load();
  } catch (error) {
    if (!(error instanceof CliError)) throw new Error(`not a CliError: ${String(error)}`);
    expect(error.exitCode).toBe(2);
    expect(error.message).not.toContain("\n");
    expect(error.message.startsWith(file)).toBe(true);
  }
}

const RUNS = { numRuns: 150, seed: 17 };
const read = (path: string): string => readFileSync(path, "utf8");

describe("fuzzed input files load or fail with one line (exit 2)", () => {
  it("arithmetic task files (JSON)", () => {
    const valid = read("examples/arith/roap-formulas.json");
    fc.assert(fc.property(mutated(valid), (text) => loadsOrFailsCleanly(() => parseTaskFile(text, "t.json"), "t.json")), RUNS);
  });

  it("∂ILP task files (.dl)", () => {
    for (const name of ["even-odd.dl", "member.dl"]) {
      const valid = read(join("examples/ilp", name));
      fc.assert(fc.property(mutated(valid), (text) => loadsOrFailsCleanly(() => parseIlpTask(text, { file: name }), name)), RUNS);
    }
  });

  it("asm examples files (JSON)", () => {
    const valid = read("examples/asm/inc-examples.json");
    fc.assert(fc.property(mutated(valid), (text) => loadsOrFailsCleanly(() => parseAsmExamples(text, "e.json"), "e.json")), RUNS);
  });

  for (const [syntax, source, memory] of [
    ["the seed's assembly (.asm)", "examples/asm/map-inc.asm", "3,1,4,1,5"],
    ["ANC's encoding (.anc)", "examples/asm/anc/access.anc", "3,1,4,1,5"],
  ] as const) {
    it(`${syntax}, run end to end by 'asm run'`, async () => {
      const valid = read(source);
      const file = join(dir, `program${source.slice(source.lastIndexOf("."))}`);
      await fc.assert(
        fc.asyncProperty(mutated(valid), async (text) => {
          writeFileSync(file, text);
          const { code, stderr } = await runCli(["asm", "run", file, "--memory", memory, "--base", "10", "--max-steps", "200"]);
          expect([0, 2]).toContain(code);
          if (code === 2) expect(stderr).toMatch(new RegExp(`^gradsynth: ${file}: [^\\n]*\\n$`, "u"));
        }),
        { ...RUNS, numRuns: 100 },
      );
    }, 120_000);
  }
});
