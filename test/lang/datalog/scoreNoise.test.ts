import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/engine/rng.js";
import { flipLabels } from "../../../src/lang/datalog/noise.js";
import { parseDatalog } from "../../../src/lang/datalog/parse.js";
import { scoreProgram } from "../../../src/lang/datalog/score.js";
import { groundAtomKey } from "../../../src/lang/datalog/syntax.js";
import { shippedTask } from "../../helpers/ilpTasks.js";

describe("scoreProgram", () => {
  const task = shippedTask("even-odd");

  it("scores the reference solution perfectly and the empty program by its negatives", () => {
    const solution = parseDatalog("even(X) :- zero(X).\neven(X) :- succ(Y, X), pred1(Y).\npred1(X) :- succ(Y, X), even(Y).");
    expect(scoreProgram(task, solution)).toEqual({ train: { correct: 11, total: 11 }, test: { correct: 10, total: 10 } });
    expect(scoreProgram(task, { clauses: [] })).toEqual({ train: { correct: 5, total: 11 }, test: { correct: 5, total: 10 } });
  });

  it("evaluates to the fixpoint, not T steps (the test world needs 20 steps)", () => {
    const everything = parseDatalog("even(X) :- zero(X).\neven(X) :- succ(Y, X), succ(Z, Y), even(Z).");
    expect(scoreProgram(task, everything).test).toEqual({ correct: 10, total: 10 });
  });
});

describe("flipLabels", () => {
  const task = shippedTask("member");
  const total = task.positive.length + task.negative.length;

  it("flips round(ρ·N) distinct training labels, deterministically per seed", () => {
    const a = flipLabels(task, 0.1, new Rng(4));
    const b = flipLabels(task, 0.1, new Rng(4));
    expect(a.flipped).toHaveLength(Math.round(0.1 * total));
    expect(a).toEqual(b);
    expect(new Set(a.flipped.map(groundAtomKey)).size).toBe(a.flipped.length);
    const wasPositive = new Set(task.positive.map(groundAtomKey));
    const nowPositive = new Set(a.task.positive.map(groundAtomKey));
    for (const g of a.flipped) expect(nowPositive.has(groundAtomKey(g))).toBe(!wasPositive.has(groundAtomKey(g)));
    expect(a.task.positive.length + a.task.negative.length).toBe(total);
    expect(a.task.test).toBe(task.test);
  });

  it("leaves the task alone at ρ = 0 and rejects ρ outside [0, 1]", () => {
    expect(flipLabels(task, 0, new Rng(1)).task).toEqual(task);
    expect(() => flipLabels(task, 1.5, new Rng(1))).toThrow(RangeError);
  });
});
