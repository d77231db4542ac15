import { OPS, type Line, type StraightLineProgram } from "../syntax.js";
import { eliminateDeadLines } from "../simplify.js";

/**
 * Decoding a relaxed straight-line sketch (ROAP §4.1, z_t = argmax_z q(z | ·)): the argmax of each
 * row of zO, zL, zR (arguments restricted to earlier lines, as the causal mask does), followed by
 * dead-line elimination.
 */
export interface SketchLogits {
  /** [L, O] */
  readonly op: ArrayLike<number>;
  /** [L, V+L] */
  readonly left: ArrayLike<number>;
  /** [L, V+L] */
  readonly right: ArrayLike<number>;
}

export function decodeStraightLine(logits: SketchLogits, vars: number, lines: number): StraightLineProgram {
  const width = vars + lines;
  const decoded: Line[] = [];
  for (let i = 0; i < lines; i++) {
    const op = OPS[argmax(logits.op, i * OPS.length, OPS.length)] ?? "skip";
    decoded.push({ op, left: argmax(logits.left, i * width, vars + i), right: argmax(logits.right, i * width, vars + i) });
  }
  return eliminateDeadLines({ inputs: vars, lines: decoded });
}

/** Index (relative to `start`) of the largest of `count` entries; the first one on ties. */
function argmax(values: ArrayLike<number>, start: number, count: number): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let k = 0; k < count; k++) {
    const v = values[start + k] as number;
    if (v > bestValue) {
      bestValue = v;
      best = k;
    }
  }
  return best;
}
