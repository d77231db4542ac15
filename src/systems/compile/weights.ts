import { ANC_OP_COUNT } from "../../lang/asm/anc/relaxed/machineKernel.js";

/**
 * The trainable parameters of ANC's differentiable machine (seed 002 §2.1, eqs. 1–3): per line l,
 * the logits W0 of the instruction f = softmax(W0·l) and W1, W2, W3 of the two argument registers
 * and the output register a_k = softmax(Wk·l) (eq. 2; l is one-hot, so W_k·l is row l of W_k);
 * and, as in ANC (`InitialModule`, whose weights are trained), the logits of the initial value of
 * every register. All of them live in one flat Float32Array, so that Adam updates one vector.
 */
export interface MachineShape {
  /** The base M: values 0..M−1, M tape cells, at most M lines. */
  readonly base: number;
  /** Program lines L (1..M). */
  readonly lines: number;
  /** Registers nR. */
  readonly registers: number;
}

export interface MachineWeights {
  readonly shape: MachineShape;
  /** [ops L×11 | arg1 L×nR | arg2 L×nR | out L×nR | registers nR×M], row-major logits. */
  readonly params: Float32Array;
}

/** Views of the five logit blocks of `params` (they share its memory). */
export interface WeightParts {
  readonly ops: Float32Array;
  readonly arg1: Float32Array;
  readonly arg2: Float32Array;
  readonly out: Float32Array;
  readonly registers: Float32Array;
}

/** The tensor shape of each block, in the kernel's input order (machineKernel.ts). */
export function partShapes(shape: MachineShape): { readonly [K in keyof WeightParts]: [number, number] } {
  const { lines: L, registers: nR, base: M } = shape;
  return { ops: [L, ANC_OP_COUNT], arg1: [L, nR], arg2: [L, nR], out: [L, nR], registers: [nR, M] };
}

export const PART_NAMES = ["ops", "arg1", "arg2", "out", "registers"] as const satisfies readonly (keyof WeightParts)[];

export function parameterCount(shape: MachineShape): number {
  const shapes = partShapes(shape);
  return PART_NAMES.reduce((total, name) => total + shapes[name][0] * shapes[name][1], 0);
}

export function checkShape(shape: MachineShape): void {
  const { base, lines, registers } = shape;
  if (!Number.isInteger(base) || base < 2) throw new RangeError(`base must be an integer ≥ 2, got ${base}`);
  if (!Number.isInteger(lines) || lines < 1 || lines > base) {
    throw new RangeError(`a base-${base} machine has 1..${base} lines (its instruction register is a base-${base} value), got ${lines}`);
  }
  if (!Number.isInteger(registers) || registers < 1) throw new RangeError(`the machine needs at least one register, got ${registers}`);
}

export function weightParts(weights: MachineWeights): WeightParts {
  const shapes = partShapes(weights.shape);
  let offset = 0;
  const view = (name: keyof WeightParts): Float32Array => {
    const [rows, cols] = shapes[name];
    const part = weights.params.subarray(offset, offset + rows * cols);
    offset += rows * cols;
    return part;
  };
  return { ops: view("ops"), arg1: view("arg1"), arg2: view("arg2"), out: view("out"), registers: view("registers") };
}

/** Zero logits of the given shape (to be filled by the compiler or a random initialisation). */
export function emptyWeights(shape: MachineShape): MachineWeights {
  checkShape(shape);
  return { shape, params: new Float32Array(parameterCount(shape)) };
}
