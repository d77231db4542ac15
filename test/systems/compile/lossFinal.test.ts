import { beforeAll, describe, expect, it } from "vitest";
import { initEngine, tf } from "../../../src/engine/backend.js";
import { ancStateLayout } from "../../../src/lang/asm/anc/relaxed/index.js";
import { compositeLoss } from "../../../src/systems/compile/loss.js";

beforeAll(async () => {
  await initEngine();
});

describe("composite loss judged on the final state (correctnessAt: final)", () => {
  // One example, base 2, one register, K = 3 steps; the machine halts at step 2 with probability 0.5.
  const M = 2;
  const layout = ancStateLayout(M, 1);
  const state = (p1: number, h: number): number[] => {
    const s = new Array<number>(layout.size).fill(0);
    s[layout.ir] = 1;
    s[layout.registers] = 1;
    s[layout.memory] = 1 - p1;
    s[layout.memory + 1] = p1;
    s[layout.memory + M] = 1;
    s[layout.halt] = h;
    return s;
  };
  const loss = (correctnessAt: "halting" | "final") =>
    tf.tidy(() => {
      const parts = compositeLoss(
        tf.tensor3d([state(0.5, 0), state(0.9, 0.5), state(0.2, 0.5)].flat(), [1, 3, layout.size]),
        { base: M, lines: 1, registers: 1 },
        { memory: tf.tensor3d([0, 1, 1, 0], [1, M, M]), memoryMask: tf.tensor2d([1, 0], [1, M]) },
        { correctness: 1, efficiency: 0.1, correctnessAt },
      );
      return [parts.correctness.dataSync()[0], parts.efficiency.dataSync()[0]] as number[];
    });

  it("takes eq. 10 on the state after K steps alone, whatever the halting probabilities", () => {
    const [correctness, efficiency] = loss("final");
    expect(correctness).toBeCloseTo(-Math.log(0.2), 5);
    expect(efficiency).toBeCloseTo(2, 5);
    expect(loss("halting")[0]).toBeCloseTo(0.5 * -Math.log(0.9) + 0.5 * -Math.log(0.2), 5);
  });
});
