import { describe, expect, it } from "vitest";
import { pairsOf, type GatherTensor } from "../../src/lang/datalog/space/gather.js";
import { programSpace } from "../../src/lang/datalog/space/programSpace.js";
import { factorSlot } from "../../src/search/ilpSatSlots.js";
import { shippedTask } from "../helpers/ilpTasks.js";

describe("factorSlot (the SAT encoding's clauses by body position)", () => {
  it.each(["length", "grandparent"])("gives every clause of %s exactly the body-atom pairs of its gather tensor X_c", (name) => {
    const space = programSpace(shippedTask(name));
    for (const p of space.predicates) {
      p.slots.forEach((slot) => {
        const factored = factorSlot(space.language, slot);
        const [firsts, seconds] = factored.positions;
        // Every clause has exactly one first and one second body atom among the literals.
        slot.clauses.forEach((_, j) => {
          expect(firsts.filter((l) => l.clauses.includes(j))).toHaveLength(1);
          expect(seconds.filter((l) => l.clauses.includes(j))).toHaveLength(1);
        });
        expect(factored.groups.map((g) => g.flat().sort((a, b) => a - b))).toEqual([firsts.map((_, i) => i), seconds.map((_, i) => i)]);
        slot.clauses.forEach((_, j) => {
          const first = firsts.find((l) => l.clauses.includes(j));
          const second = seconds.find((l) => l.clauses.includes(j));
          for (let r = 0; r < p.rows; r++) {
            const fromFactors = new Set<string>();
            for (let s = 0; s < factored.width; s++) fromFactors.add(`${first?.atoms[r * factored.width + s]} ${second?.atoms[r * factored.width + s]}`);
            const fromGather = new Set(pairsOf(slot.gathers[j] as GatherTensor, p.rowOffset + r).map(([a, b]) => `${a} ${b}`));
            expect(fromFactors).toEqual(fromGather);
          }
        });
      });
    }
  });
});
