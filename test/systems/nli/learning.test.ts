import { beforeAll, describe, expect, it } from "vitest";
import { initEngine } from "../../../src/engine/backend.js";
import { disposeNets } from "../../../src/nets/net.js";
import { defaultConfig, type NliConfig } from "../../../src/systems/nli/config.js";
import { trainNli } from "../../../src/systems/nli/train.js";

beforeAll(async () => {
  await initEngine();
});

/** Shift-L on 11 symbols over 4 (the shortest sequences on which shifts 1–10 are distinct), a small model. */
function smallShiftL(steps: number): NliConfig {
  const base = defaultConfig("shift-l", steps, 3);
  return {
    ...base,
    programLength: 4,
    interpreter: { ...base.interpreter, length: 11, alphabet: 4, codebook: 8 },
    inductor: { dim: 16, heads: 1, layers: 2, feedForward: 32, headHidden: 32 },
    batchTasks: 8,
    encoderTemperature: { kind: "exponential", from: 2, to: 0.5, over: steps },
    decoderTemperature: { kind: "exponential", from: 1, to: 0.5, over: steps },
  };
}

describe("NLI training", () => {
  it("learns on Shift-L: the held-out loss falls and symbol accuracy rises well above chance", async () => {
    const steps = 100;
    const { model, checkpoint } = await trainNli(smallShiftL(steps));
    const mean = (key: "reconstruction" | "symbolAccuracy", from: number, to: number) =>
      checkpoint.history.slice(from, to).reduce((s, r) => s + r[key], 0) / (to - from);
    // Leave-one-out per-symbol negative log-likelihood, first 20 vs last 20 steps.
    expect(mean("reconstruction", steps - 20, steps)).toBeLessThan(0.8 * mean("reconstruction", 0, 20));
    // Held-out symbols predicted right (8 tasks × 4 pairs × 11 symbols per step): chance is 1/4,
    // with a standard deviation of ≈ 0.005 over 20 steps. Exact whole outputs need longer runs
    // than a unit test can afford (docs/nli.md).
    expect(mean("symbolAccuracy", steps - 20, steps)).toBeGreaterThan(0.35);
    disposeNets(model);
  });
});
