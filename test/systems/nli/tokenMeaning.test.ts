import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProgram, semantics, type Primitive, type SequenceProgram } from "../../../src/data/nli/primitives.js";
import { randomSequence } from "../../../src/data/nli/tasks.js";
import { initEngine } from "../../../src/engine/backend.js";
import { Rng } from "../../../src/engine/rng.js";
import { parseTokens, printTokens } from "../../../src/lang/tokens/program.js";
import { disposeNets } from "../../../src/nets/net.js";
import { nliModel, type NliModel } from "../../../src/systems/nli/model.js";
import { bestExplanation, candidatePrograms, tokenMeanings } from "../../../src/systems/nli/tokenMeaning.js";
import { tinyConfig } from "./helpers.js";

const shape = { length: 20, alphabet: 10 };
const inputs = Array.from({ length: 8 }, (_, s) => randomSequence(shape, new Rng(s + 1)));
const outputsOf = (program: SequenceProgram) => inputs.map((x) => runProgram(program, x, shape));

describe("printed token programs", () => {
  it("parse back to their tokens, and other text is rejected", () => {
    for (const tokens of [[3], [12, 12, 1], []]) expect(parseTokens(printTokens(tokens))).toEqual(tokens);
    expect(parseTokens(printTokens([0, 4, 0, 7]))).toEqual([4, 7]);
    expect(() => parseTokens("t3 x")).toThrow(/not a printed token program/u);
    expect(() => parseTokens("t0")).toThrow(RangeError);
  });
});

describe("the meaning of a token", () => {
  it("candidates are the identity, every primitive and every composition of two, each function once, shorter first", () => {
    const candidates = candidatePrograms(shape);
    const keys = candidates.map((p) => semantics(p, shape));
    expect(new Set(keys).size).toBe(keys.length);
    // id, 19 shifts, 9 additions, reverse, swap come first.
    expect(candidates.slice(0, 31).every((p, i) => p.length === (i === 0 ? 0 : 1))).toBe(true);
    expect(candidates.slice(31).every((p) => p.length === 2)).toBe(true);
    const primitives = candidates.slice(1, 31).map((p) => p[0] as Primitive);
    for (const f of primitives) for (const g of primitives) expect(keys).toContain(semantics([f, g], shape));
  });

  it.each<[SequenceProgram, string]>([
    [[], "id"],
    [[{ kind: "shift", k: 3 }], "shift 3"],
    [[{ kind: "add", k: 2 }], "add 2"],
    [[{ kind: "reverse" }], "reverse"],
    [[{ kind: "add", k: 1 }, { kind: "reverse" }], "add 1 ; reverse"],
  ])("outputs of %j are explained exactly by it", (program) => {
    const found = bestExplanation(inputs, outputsOf(program), shape);
    expect(found.program).toEqual(program);
    expect(found.agreement).toBe(1);
  });

  it("a function that is no candidate is explained by its nearest candidate, below full agreement", () => {
    const found = bestExplanation(inputs, outputsOf([{ kind: "shift", k: 2 }, { kind: "swap" }, { kind: "add", k: 1 }]), shape);
    expect(found.agreement).toBeLessThan(0.8);
    const corrupted = outputsOf([{ kind: "shift", k: 1 }]).map((y, s) => (s === 0 ? [(((y[0] ?? 0) + 1) % 10), ...y.slice(1)] : y));
    const near = bestExplanation(inputs, corrupted, shape);
    expect(near.program).toEqual([{ kind: "shift", k: 1 }]);
    expect(near.agreement).toBeCloseTo(1 - 1 / (8 * 20), 10);
  });
});

describe("tokenMeanings on a model", () => {
  let model: NliModel;
  beforeAll(async () => {
    await initEngine();
    model = nliModel(tinyConfig("shift-l", 1));
  });
  afterAll(() => disposeNets(model));

  it("gives one meaning per codebook token, and the skip token is exactly the identity", () => {
    const meanings = tokenMeanings(model, 6, new Rng(5));
    expect(meanings.map((m) => m.token)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(meanings[0]).toMatchObject({ meaning: "id", agreement: 1 });
    for (const m of meanings) expect(m.agreement).toBeGreaterThan(0);
  });
});
