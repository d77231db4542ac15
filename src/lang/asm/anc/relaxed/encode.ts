import { checkBase, checkValues, initialTape } from "../../alu.js";
import { ANC_OP_RULES } from "../ops.js";
import type { AncArg, AncProgram } from "../syntax.js";
import { validateAnc } from "../validate.js";
import { ANC_OP_COUNT } from "./machineKernel.js";
import { argmaxAt } from "../../../../argmax.js";

/**
 * One-hot inputs of the relaxed ANC machine (machineKernel.ts) for an exact program: the
 * controller's per-line distributions are the program's rows as one-hot vectors (the γ = 0 limit
 * of the seed's neural compilation, eq. 3), so the kernel reproduces `stepAnc` step by step.
 */
export interface AncMachineInputs {
  /** [L, 11], [L, nR], [L, nR], [L, nR], [nR, M]. */
  readonly ops: Float64Array;
  readonly arg1: Float64Array;
  readonly arg2: Float64Array;
  readonly out: Float64Array;
  readonly registers: Float64Array;
  readonly shapes: {
    readonly ops: [number, number];
    readonly arg1: [number, number];
    readonly arg2: [number, number];
    readonly out: [number, number];
    readonly registers: [number, number];
  };
}

export interface AncEncodeOptions {
  /**
   * The value of initial registers the program leaves unspecified, as `initialAncState`'s `flat`;
   * when omitted they are uniform over 0..M−1 (ANC's flat distribution `f`).
   */
  readonly flat?: number;
}

export function ancMachineInputs(program: AncProgram, base: number, options: AncEncodeOptions = {}): AncMachineInputs {
  validateAnc(program);
  checkBase(base);
  const L = program.lines.length;
  const nR = program.registers.length;
  const M = base;
  if (L < 1 || L > M) throw new RangeError(`a base-${M} machine holds 1..${M} lines, the program has ${L}`);
  if (options.flat !== undefined) checkValues("flat", [options.flat], M);
  const ops = new Float64Array(L * ANC_OP_COUNT);
  const arg1 = new Float64Array(L * nR);
  const arg2 = new Float64Array(L * nR);
  const out = new Float64Array(L * nR);
  // An argument the op ignores is ANC's flat distribution over registers.
  const setArg = (row: Float64Array, l: number, arg: AncArg): void => {
    if (arg === null) for (let r = 0; r < nR; r++) row[l * nR + r] = 1 / nR;
    else row[l * nR + arg] = 1;
  };
  program.lines.forEach((line, l) => {
    ops[l * ANC_OP_COUNT + ANC_OP_RULES[line.op].code] = 1;
    setArg(arg1, l, line.a);
    setArg(arg2, l, line.b);
    out[l * nR + line.out] = 1;
  });
  const registers = new Float64Array(nR * M);
  const specified = program.registers.map((value) => value ?? options.flat ?? null);
  checkValues("registers", specified.filter((v): v is number => v !== null), M);
  specified.forEach((value, r) => {
    if (value === null) for (let v = 0; v < M; v++) registers[r * M + v] = 1 / M;
    else registers[r * M + value] = 1;
  });
  return {
    ops,
    arg1,
    arg2,
    out,
    registers,
    shapes: { ops: [L, ANC_OP_COUNT], arg1: [L, nR], arg2: [L, nR], out: [L, nR], registers: [nR, M] },
  };
}

/** One-hot tapes [B, M, M] (shorter tapes are padded with zeros, as `initialAncState` does). */
export function oneHotTapes(tapes: readonly (readonly number[])[], base: number): Float64Array {
  checkBase(base);
  const M = base;
  const out = new Float64Array(tapes.length * M * M);
  tapes.forEach((tape, e) => {
    initialTape(tape, M).forEach((value, c) => {
      out[(e * M + c) * M + value] = 1;
    });
  });
  return out;
}

/** The most probable value of each of `count` distributions of width `width` starting at `offset`. */
export function argmaxRows(data: ArrayLike<number>, offset: number, count: number, width: number): number[] {
  return Array.from({ length: count }, (_, k) => argmaxAt(data, offset + k * width, width));
}
