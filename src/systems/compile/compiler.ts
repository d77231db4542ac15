import type { Rng } from "../../engine/rng.js";
import { checkValues } from "../../lang/asm/alu.js";
import { ANC_OP_RULES } from "../../lang/asm/anc/ops.js";
import { ANC_OPS, type AncArg, type AncProgram } from "../../lang/asm/anc/syntax.js";
import { validateAnc } from "../../lang/asm/anc/validate.js";
import { ANC_OP_COUNT } from "../../lang/asm/anc/relaxed/machineKernel.js";
import { emptyWeights, weightParts, type MachineShape, type MachineWeights } from "./weights.js";
import { argmaxAt } from "../../argmax.js";

/**
 * The neural compiler and decompiler of seed 002 §2.1 (a replication of Bunel et al. 2016).
 *
 * Compilation inverts the controller's softmax (eq. 3): for the desired instruction of line c,
 *   W0_c = log(f_c + γ·u + ε),   Wk_c = log(r_kc + γ·u + ε)  (k > 0),
 * with f_c, r_kc one-hot, u ~ U(0, 1) drawn per entry from the seeded Rng, γ the noise magnitude
 * ("in the neighborhood of γ = 0.3", §3) and ε a small constant for numerical stability. An
 * argument the instruction ignores is ANC's flat distribution (`f`): its "one-hot" is uniform.
 *
 * Eq. 3 noises the controller W0..W3 only: the seed's parameters are "four weight matrices Wk"
 * (§2.1, §4) and the registers R are machine state, which its listings start at exact values
 * (`inc 4 4` builds constants from 0). So the initial registers, which ANC trains too
 * (`InitialModule`), compile to log(onehot + ε) without noise (`registerGamma`, default 0; an
 * unspecified register is uniform). Eq. 3's noise on them (γ = 0.3: p ≈ 0.43 on the true value)
 * made every compiled program's registers, pointers and jump targets soft from step 0, and the
 * tuner settled on writing that noise (docs/results/compile.md, "The uniform-cell plateau").
 *
 * Decompilation is the inverse: per line, the argmax of each row, with the arguments the chosen
 * instruction ignores left unspecified, and a confidence: the probability that the line executes
 * exactly the decompiled instruction, p(op)·p(out)·p(a)·p(b) over the rows the instruction uses.
 */

export const DEFAULT_GAMMA = 0.3;
export const DEFAULT_EPSILON = 1e-6;

export interface CompileOptions {
  readonly base: number;
  /** Noise magnitude γ of eq. 3 (default 0.3). */
  readonly gamma?: number;
  /** ε of eq. 3 (default 1e-6). */
  readonly epsilon?: number;
  /** Noise magnitude on the initial registers (default 0: they start at the program's values). */
  readonly registerGamma?: number;
}

function noiseSettings(options: { gamma?: number; epsilon?: number }): { gamma: number; epsilon: number } {
  const gamma = options.gamma ?? DEFAULT_GAMMA;
  const epsilon = options.epsilon ?? DEFAULT_EPSILON;
  if (!(gamma >= 0) || !Number.isFinite(gamma)) throw new RangeError(`gamma must be a finite number ≥ 0, got ${gamma}`);
  if (!(epsilon > 0) || !Number.isFinite(epsilon)) throw new RangeError(`epsilon must be a finite number > 0, got ${epsilon}`);
  return { gamma, epsilon };
}

/** Eq. 3 on one row: row[j] = log(target[j] + γ·u_j + ε). */
function compileRow(row: Float32Array, target: (j: number) => number, gamma: number, epsilon: number, rng: Rng): void {
  for (let j = 0; j < row.length; j++) row[j] = Math.log(target(j) + gamma * rng.next() + epsilon);
}

/** Compiles `program` into the weights of a base-`options.base` machine (eq. 3). */
export function compileProgram(program: AncProgram, rng: Rng, options: CompileOptions): MachineWeights {
  validateAnc(program);
  const { gamma, epsilon } = noiseSettings(options);
  const registerGamma = noiseSettings({ ...options, gamma: options.registerGamma ?? 0 }).gamma;
  const shape: MachineShape = { base: options.base, lines: program.lines.length, registers: program.registers.length };
  const weights = emptyWeights(shape);
  const parts = weightParts(weights);
  const { registers: nR, base: M } = shape;
  const oneHot = (arg: AncArg, width: number) => (j: number) => (arg === null ? 1 / width : j === arg ? 1 : 0);
  program.lines.forEach((line, l) => {
    const row = (part: Float32Array, width: number) => part.subarray(l * width, (l + 1) * width);
    compileRow(row(parts.ops, ANC_OP_COUNT), oneHot(ANC_OP_RULES[line.op].code, ANC_OP_COUNT), gamma, epsilon, rng);
    compileRow(row(parts.arg1, nR), oneHot(line.a, nR), gamma, epsilon, rng);
    compileRow(row(parts.arg2, nR), oneHot(line.b, nR), gamma, epsilon, rng);
    compileRow(row(parts.out, nR), oneHot(line.out, nR), gamma, epsilon, rng);
  });
  checkValues("registers", program.registers.filter((v): v is number => v !== null), M);
  program.registers.forEach((value, r) => compileRow(parts.registers.subarray(r * M, (r + 1) * M), oneHot(value, M), registerGamma, epsilon, rng));
  return weights;
}

/**
 * Random weights of the given shape: eq. 3 with no program, W = log(u + ε), u ~ U(0, 1) per
 * controller entry — the seed's "Optimization" row (random initialisation, Table 1). The initial
 * registers start at 0, log(δ_0 + ε), as the seed's machine state does (see `compileProgram`);
 * `randomRegisters` draws them like the controller instead.
 */
export function randomWeights(shape: MachineShape, rng: Rng, options: { epsilon?: number; randomRegisters?: boolean } = {}): MachineWeights {
  const { epsilon } = noiseSettings({ gamma: 1, ...options });
  const weights = emptyWeights(shape);
  const { ops, arg1, arg2, out, registers } = weightParts(weights);
  for (const part of [ops, arg1, arg2, out]) compileRow(part, () => 0, 1, epsilon, rng);
  if (options.randomRegisters === true) compileRow(registers, () => 0, 1, epsilon, rng);
  else for (let r = 0; r < shape.registers; r++) compileRow(registers.subarray(r * shape.base, (r + 1) * shape.base), (v) => (v === 0 ? 1 : 0), 0, epsilon, rng);
  return weights;
}

/** The softmax of each row of width `width` of `logits`, in float64. */
export function softmaxRows(logits: ArrayLike<number>, width: number): Float64Array {
  const out = new Float64Array(logits.length);
  for (let start = 0; start < logits.length; start += width) {
    let max = -Infinity;
    for (let j = 0; j < width; j++) max = Math.max(max, logits[start + j] as number);
    let total = 0;
    for (let j = 0; j < width; j++) {
      const e = Math.exp((logits[start + j] as number) - max);
      out[start + j] = e;
      total += e;
    }
    for (let j = 0; j < width; j++) out[start + j] = (out[start + j] as number) / total;
  }
  return out;
}

export interface Decompiled {
  readonly program: AncProgram;
  /** Per line, the probability that it executes exactly the decompiled instruction. */
  readonly confidence: readonly number[];
}

/** Argmax of row `row` of width `width`: [index, probability]. */
function pick(probabilities: Float64Array, row: number, width: number): [number, number] {
  const best = argmaxAt(probabilities, row * width, width);
  return [best, probabilities[row * width + best] as number];
}

/** Reads the program back from the weights (argmax per row, with a confidence per line). */
export function decompile(weights: MachineWeights): Decompiled {
  const { lines: L, registers: nR, base: M } = weights.shape;
  const parts = weightParts(weights);
  const ops = softmaxRows(parts.ops, ANC_OP_COUNT);
  const arg1 = softmaxRows(parts.arg1, nR);
  const arg2 = softmaxRows(parts.arg2, nR);
  const out = softmaxRows(parts.out, nR);
  const registers = softmaxRows(parts.registers, M);
  const confidence: number[] = [];
  const lines = Array.from({ length: L }, (_, l) => {
    const [code, pOp] = pick(ops, l, ANC_OP_COUNT);
    const op = ANC_OPS[code] as (typeof ANC_OPS)[number];
    const rule = ANC_OP_RULES[op];
    const [a, pA] = pick(arg1, l, nR);
    const [b, pB] = pick(arg2, l, nR);
    const [target, pOut] = pick(out, l, nR);
    confidence.push(pOp * pOut * (rule.readsA ? pA : 1) * (rule.readsB ? pB : 1));
    return { op, a: rule.readsA ? a : null, b: rule.readsB ? b : null, out: target };
  });
  const initial = Array.from({ length: nR }, (_, r) => pick(registers, r, M)[0]);
  return { program: { registers: initial, lines }, confidence };
}
