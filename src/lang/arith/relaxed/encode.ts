import { exprToProgram } from "../convert.js";
import { OPS, type Expr } from "../syntax.js";

/**
 * The inverse of decoding (decode.ts): a formula placed into an L-line straight-line sketch, as the
 * row-wise choices a synthesizer is taught (ROAP+, ours: the found program's encoding is the target
 * of a cross-entropy term, as DreamCoder's recognition model learns from found programs).
 *
 * The k operators of the formula take the sketch's last k lines in post-order, so the last line
 * (the sketch's output, Figure 3) is the formula's root; a bare variable is one `skip` line copying
 * it. The first L − k lines are dead code under every choice: they carry no target (`supervised`
 * false) and, in `choices`, a `skip` of s1 so the sketch can also be executed exactly.
 */
export interface SketchChoices {
  /** Operator index into OPS per line, [L]. */
  readonly op: Int32Array;
  /** Argument indices per line (0..V−1 inputs, V + j line j), [L]. */
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Whether line i belongs to the formula (the other lines are dead). */
  readonly supervised: Uint8Array;
}

const SKIP = OPS.indexOf("skip");

/** The sketch choices of `expr` in `lines` lines over `vars` inputs, or undefined when it needs more lines. */
export function encodeStraightLine(expr: Expr, vars: number, lines: number): SketchChoices | undefined {
  const program = exprToProgram(expr, vars);
  const offset = lines - program.lines.length;
  if (offset < 0) return undefined;
  const shift = (arg: number): number => (arg < vars ? arg : arg + offset);
  const choices: SketchChoices = {
    op: new Int32Array(lines).fill(SKIP),
    left: new Int32Array(lines),
    right: new Int32Array(lines),
    supervised: new Uint8Array(lines),
  };
  program.lines.forEach((line, j) => {
    const i = offset + j;
    choices.op[i] = OPS.indexOf(line.op);
    choices.left[i] = shift(line.left);
    choices.right[i] = shift(line.right);
    choices.supervised[i] = 1;
  });
  return choices;
}

/** One-hot rows of the choices, written into [L, O] and [L, V+L] arrays (e.g. one task's slice of a batch). */
export function writeOneHot(choices: SketchChoices, vars: number, into: { op: Float32Array; left: Float32Array; right: Float32Array }): void {
  const lines = choices.op.length;
  const width = vars + lines;
  for (let i = 0; i < lines; i++) {
    into.op[i * OPS.length + (choices.op[i] as number)] = 1;
    into.left[i * width + (choices.left[i] as number)] = 1;
    into.right[i * width + (choices.right[i] as number)] = 1;
  }
}
