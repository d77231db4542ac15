import { tf } from "../../engine/backend.js";
import { ancStateLayout } from "../../lang/asm/anc/relaxed/machineKernel.js";
import type { MachineShape } from "./weights.js";

/**
 * The tuning loss of seed 002 §2.2 (eqs. 10–12) on the states of the relaxed ANC machine
 * (machineKernel.ts, output [B, K, S], the state after each step t = 1..K with its halting value
 * h_t, non-decreasing in [0, 1]: by default eq. 11's running max of the STOP component of f, or
 * ANC's cumulative halting probability — `TuneSettings.halting`):
 *
 *   correctness (eq. 10): µ ⊙ cross_entropy(P, L) over the last axis, for the memory tape and
 *     (optionally) the registers, against one-hot targets; µ masks the checked cells (ANC's
 *     `loss_mask`) and registers. The seed does not say which state P is; as in ANC's criterion
 *     (adaptation/layers/algCrit.lua, its "time" term with weight β and its "response" term on the
 *     last output), P is the state the machine halts in: the loss is the expectation over the
 *     halting step, Σ_t (h_t − h_{t−1}) · CE(S_t) + (1 − h_K) · CE(S_K) — a run that has not
 *     halted after K steps is judged on its state then, as `runAnc(…, { maxSteps: K })` is.
 *   efficiency (eq. 11): Σ_t (1 − h_t) over the K steps (ANC's "gamma" term), with h_t as the
 *     machine computed it (eq. 11's h_{t>k} = max(h_{t≤k}) is applied in the kernel). Under the
 *     running max, h_t − h_{t−1} is no longer a probability of halting at step t but still a
 *     non-negative weight, and with the remainder 1 − h_K the weights sum to 1.
 *   composite (eq. 12): λ_c·correctness + λ_e·efficiency, averaged over the B examples.
 *
 * gradsynth uses the seed's cross-entropy, not ANC's squared error.
 */

/** Floor under probabilities inside log (a cell the machine says is impossible costs −log 1e-9). */
const LOG_FLOOR = 1e-9;

export interface LossWeights {
  /** λ_c of eq. 12. */
  readonly correctness: number;
  /** λ_e of eq. 12 (per step and example). */
  readonly efficiency: number;
  /**
   * Which state eq. 10 judges: "halting" (default), the expectation over the halting step as in
   * ANC's criterion; or "final", the state after the K unrolled steps alone (seed §2.2 unrolls the
   * machine for a fixed horizon and does not say which state P is).
   */
  readonly correctnessAt?: "halting" | "final";
}

export interface LossTargets {
  /** [B, M, M]: one-hot expected final tape. */
  readonly memory: tf.Tensor;
  /** [B, M]: 1 for the checked cells. */
  readonly memoryMask: tf.Tensor;
  /** [B, nR, M] and [B, nR]: expected final registers and which are checked (optional). */
  readonly registers?: tf.Tensor;
  readonly registerMask?: tf.Tensor;
}

export interface LossParts {
  readonly loss: tf.Scalar;
  readonly correctness: tf.Scalar;
  readonly efficiency: tf.Scalar;
}

/** Eq. 10 at every step: Σ µ ⊙ (−Σ_v L_v log P_v) over the rows of a part, [B, K, rows, M] → [B, K]. */
function maskedCrossEntropy(predicted: tf.Tensor, target: tf.Tensor, mask: tf.Tensor): tf.Tensor {
  const perRow = tf.neg(tf.sum(tf.mul(tf.expandDims(target, 1), tf.log(tf.add(predicted, LOG_FLOOR))), -1));
  return tf.sum(tf.mul(perRow, tf.expandDims(mask, 1)), -1);
}

export function compositeLoss(states: tf.Tensor, shape: MachineShape, targets: LossTargets, weights: LossWeights): LossParts {
  return tf.tidy(() => {
    const { base: M, registers: nR } = shape;
    const layout = ancStateLayout(M, nR);
    const [B, K] = states.shape as [number, number, number];
    const memory = tf.reshape(tf.slice(states, [0, 0, layout.memory], [B, K, M * M]), [B, K, M, M]);
    let perStep = maskedCrossEntropy(memory, targets.memory, targets.memoryMask); // [B, K]
    if (targets.registers !== undefined && targets.registerMask !== undefined) {
      const registers = tf.reshape(tf.slice(states, [0, 0, layout.registers], [B, K, nR * M]), [B, K, nR, M]);
      perStep = tf.add(perStep, maskedCrossEntropy(registers, targets.registers, targets.registerMask));
    }
    const h = tf.reshape(tf.slice(states, [0, 0, layout.halt], [B, K, 1]), [B, K]);
    // The probability of halting at step t (h_0 = 0), plus the mass still running after K steps at t = K.
    const previous = tf.concat([tf.zeros([B, 1]), tf.slice(h, [0, 0], [B, K - 1])], 1);
    const stillRunning = tf.concat([tf.zeros([B, K - 1]), tf.sub(1, tf.slice(h, [0, K - 1], [B, 1]))], 1);
    const weight =
      weights.correctnessAt === "final" ? tf.concat([tf.zeros([B, K - 1]), tf.ones([B, 1])], 1) : tf.add(tf.sub(h, previous), stillRunning);
    const correctness: tf.Scalar = tf.div(tf.sum(tf.mul(weight, perStep)), B);
    const efficiency: tf.Scalar = tf.div(tf.sum(tf.sub(1, h)), B);
    const loss: tf.Scalar = tf.add(tf.mul(weights.correctness, correctness), tf.mul(weights.efficiency, efficiency));
    return { loss, correctness, efficiency };
  });
}
