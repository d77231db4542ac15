import { beforeAll, describe, expect, it } from "vitest";
import { initEngine } from "../../../../src/engine/backend.js";
import { runForward } from "../../../../src/engine/fused.js";
import { Rng } from "../../../../src/engine/rng.js";
import { parseIlpTask } from "../../../../src/lang/datalog/taskFile.js";
import { programSpace, type ProgramSpace } from "../../../../src/lang/datalog/space/programSpace.js";
import { forwardChainingStep } from "../../../../src/lang/datalog/relaxed/stepKernel.js";
import { forwardChainingStepReference } from "../../../../src/lang/datalog/relaxed/stepReference.js";
import { initialValuation } from "../../../../src/lang/datalog/relaxed/infer.js";
import { checkKernelGradients, expectClose } from "../../../helpers/checkGrad.js";
import { denseStep } from "./denseStep.js";
import { shippedTask } from "../../../helpers/ilpTasks.js";

/** A small task exercising both weight shapes: r/2 has two templates (a matrix W_r), s/1 one (a vector W_s). */
const TASK = `
#target r/2
#aux s/1
#template r (0, false) (1, true)
#template s (1, true)
#steps 2
p(a, b). p(b, c). q(a).
+ r(a, b).
- r(b, a).
`;

function space(): ProgramSpace {
  return programSpace(parseIlpTask(TASK, { file: "small.dl" }));
}

/** Random weights softmaxed per predicate block, as the learner feeds them. */
function randomWeights(rng: Rng, s: ProgramSpace): Float64Array {
  const w = new Float64Array(s.weightCount);
  for (const p of s.predicates) {
    let total = 0;
    for (let i = 0; i < p.weightCount; i++) {
      const v = Math.exp(rng.normal());
      w[p.weightOffset + i] = v;
      total += v;
    }
    for (let i = 0; i < p.weightCount; i++) w[p.weightOffset + i] = (w[p.weightOffset + i] as number) / total;
  }
  return w;
}

describe("∂ILP forward-chaining step (fused kernel)", () => {
  beforeAll(async () => {
    await initEngine();
  });

  it("matches finite differences and the op-by-op tfjs reference", () => {
    const s = space();
    const rng = new Rng(3);
    const a = Float64Array.from({ length: s.atomCount }, (_, i) => (i === 0 ? 0 : 0.05 + 0.9 * rng.next()));
    const w = randomWeights(rng, s);
    const kernel = forwardChainingStep(s);
    checkKernelGradients(kernel, [a, w], [[s.atomCount], [s.weightCount]], {
      reference: (va, vw) => forwardChainingStepReference(s, va, vw),
    });
  });

  it("derives exactly the one-step consequences when the weights pick one clause pair", () => {
    const s = space();
    const r = s.predicates[0];
    if (r === undefined) throw new Error("no target");
    // Pick r(X, Y) :- p(X, Y), p(X, Y) in slot 1 (pairs with anything in slot 2 whose value is 0 at step 0).
    const j = r.slots[0]?.clauses.findIndex((c) => c.clause.body.every((b) => b.predicate === "p" && b.args.map((t) => t.name).join() === "X,Y"));
    expect(j).toBeGreaterThanOrEqual(0);
    const K = r.slots[1]?.clauses.length ?? 0;
    const w = new Float64Array(s.weightCount);
    w[r.weightOffset + (j as number) * K] = 1;
    const sPred = s.predicates[1];
    if (sPred === undefined) throw new Error("no aux");
    w[sPred.weightOffset] = 1;
    const a = new Float64Array(s.atomCount);
    for (const fact of [["a", "b"], ["b", "c"]]) a[s.language.atomIndex("p", fact.map((c) => s.language.constants.indexOf(c)))] = 1;
    a[s.language.atomIndex("q", [0])] = 1;
    const { out } = runForward(forwardChainingStep(s), [a, w], [[s.atomCount], [s.weightCount]], (n) => new Float64Array(n));
    const derived = [...s.language.groundAtoms()].filter((g, i) => g.predicate === "r" && (out[i + 1] as number) > 0).map((g) => g.args.join(","));
    expect(derived).toEqual(["a,b", "b,c"]);
  });

  it("splits the gradient of a tied maximum equally among the substitutions attaining it", () => {
    const s = space();
    const sPred = s.predicates[1];
    if (sPred === undefined) throw new Error("no aux");
    // s(X) :- p(X, Y), r(X, Y)... any (1, true) clause whose products all tie at 0 when r is all 0.
    const j = sPred.slots[0]?.clauses.findIndex((c) => c.clause.body[0]?.predicate === "p" && c.clause.body[1]?.predicate === "r" && c.clause.body[0].args.map((t) => t.name).join() === "X,Y" && c.clause.body[1].args.map((t) => t.name).join() === "X,Y") ?? -1;
    expect(j).toBeGreaterThanOrEqual(0);
    const w = new Float64Array(s.weightCount);
    w[sPred.weightOffset + j] = 1;
    const a = new Float64Array(s.atomCount);
    const n = s.language.constants.length;
    for (let c = 0; c < n; c++) a[s.language.atomIndex("p", [0, c])] = 1;
    const kernel = forwardChainingStep(s);
    const shapes = [[s.atomCount], [s.weightCount]];
    const { saved } = runForward(kernel, [a, w], shapes, (k) => new Float64Array(k));
    const dOut = new Float64Array(s.atomCount);
    dOut[s.language.atomIndex("s", [0])] = 1;
    const grads = [new Float64Array(s.atomCount), new Float64Array(s.weightCount)];
    kernel.backward([a, w], shapes, saved, dOut, grads);
    // s(a): max over Y of p(a, Y)·r(a, Y) = 0 for every Y; each r(a, Y) gets 1/n of the gradient (times p(a, Y) = 1).
    for (let c = 0; c < n; c++) expect(grads[0]?.[s.language.atomIndex("r", [0, c])]).toBeCloseTo(1 / n, 12);
  });

  it("equals a dense step, value and gradients, on valuations with exact zeros (sparse pair mixing, tied maxima)", () => {
    const rng = new Rng(5);
    for (const task of [parseIlpTask(TASK, { file: "small.dl" }), shippedTask("fizz"), shippedTask("length")]) {
      const s = programSpace(task);
      const kernel = forwardChainingStep(s);
      const shapes = [[s.atomCount], [s.weightCount]];
      // a_0 and the valuations of the first steps: extensional atoms 0/1, intensional atoms 0
      // until derivable; a few are set to 1 exactly to tie pair maxima at 1 too.
      let a: Float64Array = Float64Array.from(initialValuation(s.language, task.background));
      const w = randomWeights(rng, s);
      for (let t = 0; t < 3; t++) {
        if (t === 2) for (let i = 1; i < a.length; i += 7) if ((a[i] as number) > 0) a[i] = 1;
        const dOut = Float64Array.from(a, () => rng.normal());
        const dense = denseStep(s, a, w, dOut);
        const { out, saved } = runForward(kernel, [a, w], shapes, (n) => new Float64Array(n));
        const grads = [new Float64Array(s.atomCount), new Float64Array(s.weightCount)];
        kernel.backward([a, w], shapes, saved, dOut, grads);
        const zeros = out.filter((x) => x === 0).length;
        expect(zeros, `${task.name} step ${t}: some valuations are exactly 0`).toBeGreaterThan(0);
        expectClose(`${task.name} step ${t} value`, out, dense.out, 1e-12);
        expectClose(`${task.name} step ${t} ∂a`, grads[0] as Float64Array, dense.ga, 1e-12);
        expectClose(`${task.name} step ${t} ∂W*`, grads[1] as Float64Array, dense.gw, 1e-12);
        a = out;
      }
    }
  });
});
