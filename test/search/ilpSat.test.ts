import { describe, expect, it } from "vitest";
import { Rng } from "../../src/engine/rng.js";
import { flipLabels } from "../../src/lang/datalog/noise.js";
import { printDatalog } from "../../src/lang/datalog/print.js";
import { isPerfect, scoreExamples, scoreProgram } from "../../src/lang/datalog/score.js";
import { parseIlpTask } from "../../src/lang/datalog/taskFile.js";
import { ilpSat } from "../../src/search/ilpSat.js";
import { shippedTask } from "../helpers/ilpTasks.js";

describe("ILP as SAT", () => {
  it.each([
    ["predecessor", "predecessor(X, Y) :- succ(Y, X)."],
    ["even-odd", "even(X) :- zero(X).\neven(X) :- succ(Y, X), pred1(Y).\npred1(X) :- succ(Y, X), even(Y)."],
    ["undirected-edge", "undirected_edge(X, Y) :- edge(Y, X).\nundirected_edge(X, Y) :- edge(X, Y)."],
  ])("finds a program for %s that entails every positive and no negative example", (name, expected) => {
    const task = shippedTask(name);
    const result = ilpSat(task);
    expect(result.status).toBe("found");
    if (result.status !== "found") return;
    expect(printDatalog(result.program)).toBe(expected);
    const score = scoreProgram(task, result.program);
    expect(isPerfect(score.train) && isPerfect(score.test)).toBe(true);
  });

  it("reports UNSAT when one label is flipped (the seed's point: symbolic search breaks on noise)", () => {
    const task = shippedTask("predecessor");
    const noisy = flipLabels(task, 0.01, new Rng(2));
    expect(noisy.flipped).toHaveLength(1);
    expect(ilpSat(noisy.task).status).toBe("unsat");
  });

  it("reports UNSAT when no clause of the template separates the examples", () => {
    // q(a) and q(b) have the same background facts, so no program can tell them apart.
    const task = parseIlpTask("#target q/1\n#template q (1, false)\n#steps 1\np(a, c). p(b, c).\n+ q(a).\n- q(b).\n", { file: "twins.dl" });
    expect(ilpSat(task)).toMatchObject({ status: "unsat", candidates: 0 });
  });

  it("rejects a candidate that derives a negative beyond T steps and finds one that does not", () => {
    // Within T = 1 step, q(X) :- e(X, Y), q(Y)-style recursion cannot reach far; the fixpoint check must.
    const task = parseIlpTask(
      "#target r/2\n#template r (0, false) (1, true)\n#steps 1\ne(a, b). e(b, c). e(c, d).\n+ r(a, b). + r(b, c).\n- r(a, d).\n",
      { file: "chain.dl" },
    );
    const result = ilpSat(task);
    expect(result.status).toBe("found");
    if (result.status !== "found") return;
    expect(isPerfect(scoreExamples(result.program, task.background, task.positive, task.negative))).toBe(true);
  });

  it("refuses formulas larger than its size budget", () => {
    expect(ilpSat(shippedTask("member"), { maxSize: 1000 }).status).toBe("too-large");
  });
});
