import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initEngine, tf } from "../../../src/engine/backend.js";
import { Rng } from "../../../src/engine/rng.js";
import { split } from "../../../src/data/nli/splits.js";
import { sampleTasks } from "../../../src/data/nli/tasks.js";
import { disposeNets } from "../../../src/nets/net.js";
import { encodePairs } from "../../../src/systems/nli/encode.js";
import { cyclicPositions, meanPool } from "../../../src/systems/nli/inductor.js";
import { nliModel, type NliModel } from "../../../src/systems/nli/model.js";
import { tinyConfig } from "./helpers.js";

let model: NliModel;

beforeAll(async () => {
  await initEngine();
  model = nliModel(tinyConfig("shift-l", 1));
});
afterAll(() => disposeNets(model));

/** The inductor's logits [B, T, K] for tasks given as lists of pairs. */
function logits(pairs: Parameters<typeof encodePairs>[0]): Float32Array {
  return tf.tidy(() => {
    const { inputs, outputs } = encodePairs(pairs, 20, 10);
    return model.inductor.logits(meanPool(model.inductor.embedPairs(inputs, outputs))).dataSync() as Float32Array;
  });
}

describe("NLI inductor", () => {
  it("is invariant to the order of the specification pairs and accepts any number of them", () => {
    const tasks = sampleTasks(split("shift-l"), "train", 2, { specPairs: 5, queryPairs: 0 }, new Rng(1));
    const forward = logits(tasks.map((t) => t.spec));
    const reversed = logits(tasks.map((t) => [...t.spec].reverse()));
    forward.forEach((v, i) => expect(reversed[i]).toBeCloseTo(v, 5));
    expect(logits(tasks.map((t) => t.spec.slice(0, 2)))).toHaveLength(forward.length);
  });

  it("encodes positions so that a cyclic shift is a rotation of every frequency pair", () => {
    const n = 20;
    const pe = tf.tidy(() => cyclicPositions(n, 8).arraySync());
    for (const k of [1, 7]) {
      for (let c = 0; c < 8; c += 2) {
        const f = 1 + c / 2;
        const [cos, sin] = [Math.cos((2 * Math.PI * f * k) / n), Math.sin((2 * Math.PI * f * k) / n)];
        for (let j = 0; j < n; j++) {
          const [s0, c0] = [pe[j]?.[c] as number, pe[j]?.[c + 1] as number];
          const [s1, c1] = [pe[(j + k) % n]?.[c] as number, pe[(j + k) % n]?.[c + 1] as number];
          expect(s1).toBeCloseTo(s0 * cos + c0 * sin, 5);
          expect(c1).toBeCloseTo(c0 * cos - s0 * sin, 5);
        }
      }
    }
  });
});
