import { OPS, type Line, type StraightLineProgram } from "../syntax.js";
import { eliminateDeadLines } from "../simplify.js";

import type { Rng } from "../../../engine/rng.js";
import { argmaxAt } from "../../../argmax.js";

/**
 * Decoding a relaxed straight-line sketch (ROAP §4.1, z_t = argmax_z q(z | ·)): the argmax of each
 * row of zO, zL, zR (arguments restricted to earlier lines, as the causal mask does), followed by
 * dead-line elimination. Given a generator, each row's choice is instead a sample from the
 * row's softmax, drawn by the Gumbel-max trick: argmax_k (logit_k + g_k), g_k ~ Gumbel(0, 1).
 */
export interface SketchLogits {
  /** [L, O] */
  readonly op: ArrayLike<number>;
  /** [L, V+L] */
  readonly left: ArrayLike<number>;
  /** [L, V+L] */
  readonly right: ArrayLike<number>;
}

export function decodeStraightLine(logits: SketchLogits, vars: number, lines: number, sampler?: Rng): StraightLineProgram {
  const width = vars + lines;
  const decoded: Line[] = [];
  for (let i = 0; i < lines; i++) {
    const op = OPS[chooseIndex(logits.op, i * OPS.length, OPS.length, sampler)] ?? "skip";
    const left = chooseIndex(logits.left, i * width, vars + i, sampler);
    const right = chooseIndex(logits.right, i * width, vars + i, sampler);
    decoded.push({ op, left, right });
  }
  return eliminateDeadLines({ inputs: vars, lines: decoded });
}

/**
 * Index (relative to `start`) of the largest of `count` entries, the first one on ties; with a
 * sampler, of the largest entry plus Gumbel noise.
 */
export function chooseIndex(values: ArrayLike<number>, start: number, count: number, sampler: Rng | undefined): number {
  if (sampler === undefined) return argmaxAt(values, start, count);
  return argmaxAt(Float64Array.from({ length: count }, (_, k) => (values[start + k] as number) + sampler.gumbel()), 0, count);
}
