import { runForward } from "../../../src/engine/fused.js";
import { ancMachineKernel, oneHotTapes } from "../../../src/lang/asm/anc/relaxed/index.js";
import { softmaxRows } from "../../../src/systems/compile/compiler.js";
import { weightParts, type MachineWeights } from "../../../src/systems/compile/weights.js";

/** Runs the relaxed machine (float64) with softmax(weights) for K steps on the tapes; returns the states after every step, [B, K, S]. */
export function runCompiled(weights: MachineWeights, tapes: readonly (readonly number[])[], K: number): Float64Array {
  const { lines: L, registers: nR, base } = weights.shape;
  const parts = weightParts(weights);
  const inputs = [
    softmaxRows(parts.ops, 11),
    softmaxRows(parts.arg1, nR),
    softmaxRows(parts.arg2, nR),
    softmaxRows(parts.out, nR),
    softmaxRows(parts.registers, base),
    oneHotTapes(tapes, base),
  ];
  const shapes = [[L, 11], [L, nR], [L, nR], [L, nR], [nR, base], [tapes.length, base, base]];
  return runForward(ancMachineKernel(K), inputs, shapes, (n) => new Float64Array(n)).out;
}


/**
 * Where the relaxed machine's states of example `e` hold the exact run's final state: the step at
 * which it halted (the relaxed machine steps on afterwards, as ANC's does), else step K.
 */
export function finalStateOffset(e: number, K: number, stateSize: number, exact: { readonly halted: boolean; readonly steps: number }): number {
  const step = exact.halted ? exact.steps : K;
  return (e * K + step - 1) * stateSize;
}
