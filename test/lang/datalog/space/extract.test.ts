import { describe, expect, it } from "vitest";
import { printDatalog } from "../../../../src/lang/datalog/print.js";
import { extractProgram } from "../../../../src/lang/datalog/space/extract.js";
import { programSpace } from "../../../../src/lang/datalog/space/programSpace.js";
import { shippedTask } from "../../../helpers/ilpTasks.js";

describe("extractProgram", () => {
  const space = programSpace(shippedTask("even-odd"));
  const [even, pred1] = space.predicates;
  const index = (pi: number, slot: number, text: string): number => {
    const p = space.predicates[pi];
    const j = p?.slots[slot]?.clauses.findIndex((c) => printDatalog({ clauses: [c.clause] }) === text) ?? -1;
    if (j < 0) throw new Error(`no clause ${text}`);
    return j;
  };
  const zero = index(0, 0, "even(X) :- zero(X), zero(X).");
  const viaOdd = index(0, 1, "even(X) :- succ(Y, X), pred1(Y).");
  const odd = index(1, 0, "pred1(X) :- succ(Y, X), even(Y).");

  function weights(evenPairs: [number, number, number][], pred1Weights: [number, number][]): Float64Array {
    const w = new Float64Array(space.weightCount);
    const K = even?.slots[1]?.clauses.length ?? 0;
    for (const [j, k, v] of evenPairs) w[(even?.weightOffset ?? 0) + j * K + k] = v;
    for (const [j, v] of pred1Weights) w[(pred1?.weightOffset ?? 0) + j] = v;
    return w;
  }

  it("reads the program off concentrated weights (golden), printing a doubled body atom once", () => {
    const { program, clauses } = extractProgram(space, weights([[zero, viaOdd, 1]], [[odd, 1]]));
    expect(printDatalog(program)).toBe("even(X) :- zero(X).\neven(X) :- succ(Y, X), pred1(Y).\npred1(X) :- succ(Y, X), even(Y).");
    expect(clauses.map((c) => c.weight)).toEqual([1, 1, 1]);
  });

  it("keeps every clause whose marginal weight reaches the threshold, and drops unreachable predicates", () => {
    const other = index(1, 0, "pred1(X) :- succ(Y, X), pred1(Y).");
    // Slot 2 of even splits 0.6 / 0.4 between a clause using pred1 and one using only even.
    const selfOnly = index(0, 1, "even(X) :- succ(Y, X), even(Y).");
    const w = weights([[zero, viaOdd, 0.6], [zero, selfOnly, 0.4]], [[odd, 0.95], [other, 0.05]]);
    expect(printDatalog(extractProgram(space, w, 0.3).program).split("\n")).toEqual([
      "even(X) :- zero(X).",
      "even(X) :- succ(Y, X), pred1(Y).",
      "even(X) :- succ(Y, X), even(Y).",
      "pred1(X) :- succ(Y, X), even(Y).",
    ]);
    expect(printDatalog(extractProgram(space, w, 0.5).program).split("\n")).toHaveLength(3);
    // Without the clause that uses pred1, pred1's clauses are not printed.
    const alone = weights([[zero, selfOnly, 1]], [[odd, 1]]);
    expect(printDatalog(extractProgram(space, alone).program)).toBe("even(X) :- zero(X).\neven(X) :- succ(Y, X), even(Y).");
  });
});
