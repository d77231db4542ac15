import { beforeAll, describe, expect, it } from "vitest";
import { initEngine } from "../../../src/engine/backend.js";
import { Rng } from "../../../src/engine/rng.js";
import { parseDatalog } from "../../../src/lang/datalog/parse.js";
import { dilpObjective } from "../../../src/systems/dilp/objective.js";
import { programSpace } from "../../../src/lang/datalog/space/programSpace.js";
import { scoreSoftExamples, softValuation, type SoftExample } from "../../../src/systems/dilp/softExamples.js";
import { initialValuation } from "../../../src/lang/datalog/relaxed/infer.js";
import { predictSoftExamples } from "../../../src/systems/dilp/softScore.js";
import { trainDilp } from "../../../src/systems/dilp/train.js";
import { mnistLessThanTask, pairExample } from "../../../src/experiments/dilp/mnistTask.js";
import { shippedTask } from "../../helpers/ilpTasks.js";

/**
 * Soft examples (∂ILP §5.5): examples in worlds of their own whose background is merged with a
 * probabilistic sub-valuation, trained by the same objective and trainer as the task's examples.
 */
beforeAll(async () => {
  await initEngine();
});

const randomLogits = (n: number, seed: number): Float32Array => {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
};

describe("soft examples", () => {
  it("with an empty sub-valuation, one world per example gives the task objective's loss and gradient", () => {
    const task = shippedTask("predecessor");
    const space = programSpace(task);
    const soft: SoftExample[] = [...task.positive.map((atom) => ({ facts: [], atom, label: true })), ...task.negative.map((atom) => ({ facts: [], atom, label: false }))];
    const crisp = dilpObjective(task, space);
    const worlds = dilpObjective({ ...task, positive: [], negative: [] }, space, soft);
    const logits = randomLogits(space.weightCount, 3);
    const mask = Float32Array.from({ length: crisp.examples }, (_, i) => (i % 3 === 0 ? 1 : 0));
    for (const batch of [undefined, mask]) {
      const a = crisp.evaluate(logits, batch);
      const b = worlds.evaluate(logits, batch);
      expect(b.loss).toBeCloseTo(a.loss, 5);
      b.gradient.forEach((g, i) => expect(g).toBeCloseTo(a.gradient[i] as number, 5));
    }
    crisp.dispose();
    worlds.dispose();
  });

  it("a soft fact sets its atom's initial value; facts outside the language or [0, 1] are rejected", () => {
    const task = mnistLessThanTask(3);
    const language = programSpace(task).language;
    const base = initialValuation(language, task.background);
    const a = softValuation(language, base, [{ atom: { predicate: "image1", args: ["2"] }, p: 0.25 }]);
    expect(a[language.indexOf({ predicate: "image1", args: ["2"] }) as number]).toBeCloseTo(0.25);
    expect(a[language.indexOf({ predicate: "succ", args: ["0", "1"] }) as number]).toBe(1);
    expect(() => softValuation(language, base, [{ atom: { predicate: "image1", args: ["7"] }, p: 0.5 }])).toThrow(/outside the language/);
    expect(() => softValuation(language, base, [{ atom: { predicate: "image1", args: ["1"] }, p: 1.5 }])).toThrow(/outside \[0, 1\]/);
  });

  it("exact scoring takes the facts of probability ≥ 1/2 as true", () => {
    const task = mnistLessThanTask(3);
    const program = parseDatalog("target :- image1(X), pred1(X).\npred1(X) :- less_than(X, Y), image2(Y).\nless_than(X, Y) :- succ(X, Y).\nless_than(X, Y) :- less_than(X, Z), less_than(Z, Y).");
    const p = (d: number, sure: number): Float64Array => Float64Array.from({ length: 3 }, (_, k) => (k === d ? sure : (1 - sure) / 2));
    // left 0 and right 2 (0 < 2), confidently; then the same images at 0.4: no fact survives rounding.
    const examples = [pairExample(p(0, 0.9), p(2, 0.9), 3, true), pairExample(p(2, 0.9), p(0, 0.9), 3, false), pairExample(p(0, 0.4), p(2, 0.4), 3, true)];
    expect(scoreSoftExamples(program, task.background, examples)).toEqual({ correct: 2, total: 3 });
  });

  it("∂ILP learns less-than through image1/image2 from uncertain digits and generalises to a held-out pair", async () => {
    const D = 4;
    const task = mnistLessThanTask(D);
    const rng = new Rng(5);
    // Digits are seen through a noisy "classifier": the true digit gets 0.7–0.95, the others share the rest.
    const blur = (d: number): Float64Array => {
      const sure = 0.7 + 0.25 * rng.next();
      return Float64Array.from({ length: D }, (_, k) => (k === d ? sure : (1 - sure) / (D - 1)));
    };
    const oneHot = (d: number): Float64Array => Float64Array.from({ length: D }, (_, k) => (k === d ? 1 : 0));
    const pairs: [number, number][] = [];
    for (let a = 0; a < D; a++) for (let b = 0; b < D; b++) if (!(a === 0 && b === 2)) pairs.push([a, b]);
    const train = Array.from({ length: 3 * pairs.length }, (_, i) => {
      const [a, b] = pairs[i % pairs.length] as [number, number];
      return pairExample(blur(a), blur(b), D, a < b);
    });
    const result = await trainDilp(task, { seed: 1, runs: 4, steps: 200, batchFraction: 0.25 }, train);
    // The held-out pair (0, 2) is never in training; the network and the program must both get it right.
    const held = [pairExample(blur(0), blur(2), D, true), pairExample(blur(2), blur(0), D, false)];
    const predictions = predictSoftExamples(task, result.best.logits, held);
    expect(predictions[0]).toBeGreaterThan(0.5);
    expect(predictions[1]).toBeLessThan(0.5);
    const crisp = pairs.concat([[0, 2]]).map(([a, b]) => pairExample(oneHot(a), oneHot(b), D, a < b));
    expect(scoreSoftExamples(result.best.program, task.background, crisp)).toEqual({ correct: D * D, total: D * D });
  });
});
