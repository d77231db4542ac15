import { BOUNDS } from "../bounds.js";
import { InputError } from "../errors.js";
import type { MemoryExample } from "../lang/asm/tasks.js";
import { parseJson } from "./loadTasks.js";

/**
 * The examples file of `gradsynth asm tune --examples FILE` (docs/formats.md, "asm examples
 * files"): a user's own task as I/O memory states of a base-b machine,
 *
 *     {"base": 10, "maxSteps": 40, "examples": [{"memory": [3, 1, 4], "output": [4, 2, 5]}, ...]}
 *
 * `memory` is the initial tape (at most b values, padded with zeros); `output` the expected final
 * tape: cell i is checked when output[i] is a number, and unchecked when it is null or past the
 * end of `output`. `maxSteps` (optional, default 4b) is the step budget of every run. Every
 * violation is one `InputError` line naming the file and the place (examples counted from 1).
 */
export interface AsmExamples {
  readonly base: number;
  readonly maxSteps: number;
  readonly examples: readonly MemoryExample[];
}

export function parseAsmExamples(text: string, file: string): AsmExamples {
  const data = parseJson(text, file);
  const fail = (message: string): never => {
    throw new InputError(`${file}: ${message}`);
  };
  if (typeof data !== "object" || data === null || Array.isArray(data)) return fail(`expected a JSON object with "base" and "examples"`);
  const record = data as Readonly<Record<string, unknown>>;
  const base = record["base"];
  if (typeof base !== "number" || !Number.isInteger(base) || base < 2 || base > BOUNDS.machineBase) return fail(`"base" must be an integer from 2 to ${BOUNDS.machineBase}, got ${JSON.stringify(base)}`);
  const steps = record["maxSteps"] ?? 4 * base;
  if (typeof steps !== "number" || !Number.isInteger(steps) || steps < 1 || steps > BOUNDS.machineSteps) return fail(`"maxSteps" must be an integer from 1 to ${BOUNDS.machineSteps}, got ${JSON.stringify(steps)}`);
  const list = record["examples"];
  if (!Array.isArray(list) || list.length === 0) return fail(`"examples" must be a non-empty array`);
  if (list.length > BOUNDS.examples) return fail(`"examples" must hold at most ${BOUNDS.examples} examples, got ${list.length}`);
  const value = (where: string, v: unknown): number => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= base) return fail(`${where} must be a value of the base-${base} machine (0..${base - 1}), got ${JSON.stringify(v)}`);
    return v;
  };
  const examples = list.map((item: unknown, k): MemoryExample => {
    const at = `example ${k + 1}`;
    if (typeof item !== "object" || item === null || Array.isArray(item)) return fail(`${at}: expected an object with "memory" and "output"`);
    const { memory, output } = item as Readonly<Record<string, unknown>>;
    if (!Array.isArray(memory) || memory.length > base) return fail(`${at}: "memory" must be an array of at most ${base} values`);
    if (!Array.isArray(output) || output.length > base) return fail(`${at}: "output" must be an array of at most ${base} values or nulls`);
    const tape = Array.from({ length: base }, (_, c) => (c < memory.length ? value(`${at}: memory[${c}]`, memory[c]) : 0));
    const mask = tape.map((_, c) => c < output.length && output[c] !== null);
    if (!mask.includes(true)) return fail(`${at}: "output" checks no cell (every entry is null)`);
    return { memory: tape, output: tape.map((v, c) => (mask[c] ? value(`${at}: output[${c}]`, output[c]) : v)), mask };
  });
  return { base, maxSteps: steps, examples };
}
