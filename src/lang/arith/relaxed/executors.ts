import { tf } from "../../../engine/backend.js";
import { fusedOp } from "../../../engine/fused.js";
import type { Rng } from "../../../engine/rng.js";
import { MASKED, relax, type Mask, type Relaxation } from "../../../relax/softmax.js";
import { OP_COUNT } from "./coefficients.js";
import { lengthKernel } from "./lengthKernel.js";
import { straightLineKernel } from "./straightLineKernel.js";
import { syntaxTreeKernel } from "./syntaxTreeKernel.js";

/** Differentiable straight-line executor (ROAP Figure 3): (wO, wL, wR, symbols) → y [T, N]. */
export const executeStraightLine = fusedOp(straightLineKernel);
/** Differentiable expected length of the program (ROAP eq. 6): (wO, wL, wR) → [T]. */
export const expectedProgramLength = fusedOp(lengthKernel);
/** Differentiable syntax-tree executor (ROAP Figure 7): (wOps, wLeaves, symbols) → y [T, N]. */
export const executeSyntaxTree = fusedOp(syntaxTreeKernel);

/** Logits of a straight-line sketch: zO [T, L, O], zL and zR [T, L, V+L]. */
export interface StraightLineLogits {
  readonly op: tf.Tensor;
  readonly left: tf.Tensor;
  readonly right: tf.Tensor;
}

/**
 * The flat layout in which a synthesizer predicts a sketch: per line, [zO (O) | zL (V+L) | zR (V+L)],
 * line after line; `size` values per task.
 */
export function straightLineLayout(vars: number, lines: number): { readonly width: number; readonly perLine: number; readonly size: number } {
  const width = vars + lines;
  const perLine = OP_COUNT + 2 * width;
  return { width, perLine, size: lines * perLine };
}

/** Flat logits [T, L·(O + 2(V+L))] → zO [T, L, O], zL and zR [T, L, V+L]. */
export function splitStraightLineLogits(flat: tf.Tensor, vars: number, lines: number): StraightLineLogits {
  const { width, perLine } = straightLineLayout(vars, lines);
  const [op, left, right] = tf.split(tf.reshape(flat, [flat.shape[0], lines, perLine]), [OP_COUNT, width, width], 2);
  return { op: op as tf.Tensor, left: left as tf.Tensor, right: right as tf.Tensor };
}

/** One task's flat logits (a row of the layout above) → its zO, zL and zR as arrays. */
export function splitStraightLineRow(row: ArrayLike<number>, vars: number, lines: number): { op: Float32Array; left: Float32Array; right: Float32Array } {
  const { width, perLine } = straightLineLayout(vars, lines);
  const column = (start: number, size: number) => Float32Array.from({ length: lines * size }, (_, k) => row[Math.floor(k / size) * perLine + start + (k % size)] as number);
  return { op: column(0, OP_COUNT), left: column(OP_COUNT, width), right: column(OP_COUNT + width, width) };
}

/**
 * Causal mask [L, V+L] of a sketch: line V+i may read only variables 0 .. V+i−1 ("variables that
 * were previously computed on earlier lines", §3.1). 0 where allowed, MASKED elsewhere.
 */
export function causalMask(vars: number, lines: number): Mask {
  const bias = new Float32Array(lines * (vars + lines));
  for (let i = 0; i < lines; i++) {
    for (let j = vars + i; j < vars + lines; j++) bias[i * (vars + lines) + j] = MASKED;
  }
  return { bias: tf.tensor(bias, [lines, vars + lines], "float32"), allowed: (i) => vars + i };
}

/** Relaxes the three logit arrays of a straight-line sketch into weights (masking the arguments). */
export function relaxStraightLine(
  logits: StraightLineLogits,
  relaxation: Relaxation,
  rng: Rng,
  mask: Mask,
): { op: tf.Tensor; left: tf.Tensor; right: tf.Tensor } {
  return {
    op: relax(logits.op, relaxation, rng),
    left: relax(logits.left, relaxation, rng, mask),
    right: relax(logits.right, relaxation, rng, mask),
  };
}
