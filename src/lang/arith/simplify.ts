import { validateProgram } from "./evaluate.js";
import { OP_RULES } from "./ops.js";
import type { Line, StraightLineProgram } from "./syntax.js";

/**
 * Dead-line elimination. A relaxed sketch has L lines (ROAP §3.1 overparameterizes L well beyond
 * the target length, Figure 4), so the argmax program decoded from it is mostly dead code and
 * skip connections; this recovers the program that actually computes the output.
 */

/**
 * Keeps only the lines the last variable depends on, in their original order and renumbered.
 * References through `skip` lines are redirected to the skip's left argument (F4(s, A, B) = A,
 * ROAP Figure 3), so no skip line survives — except when the output itself is an input variable,
 * which is returned as the single line `skip x x` (a zero-line program would always return the
 * last input). The result computes the same value on every input, and simplifying it again
 * returns it unchanged.
 */
export function eliminateDeadLines(program: StraightLineProgram): StraightLineProgram {
  validateProgram(program);
  const { inputs, lines } = program;
  const resolve = (v: number): number => {
    let current = v;
    for (let line = lines[current - inputs]; line?.op === "skip"; line = lines[current - inputs]) {
      current = line.left;
    }
    return current;
  };

  const output = resolve(inputs + lines.length - 1);
  if (output < inputs) return { inputs, lines: [{ op: "skip", left: output, right: output }] };

  const live = new Set<number>([output]);
  for (let v = output; v >= inputs; v--) {
    const line = lines[v - inputs];
    if (line === undefined || !live.has(v)) continue;
    live.add(resolve(line.left));
    live.add(resolve(line.right));
  }

  // New index of each kept variable: inputs keep theirs, kept lines are numbered consecutively.
  const renumbered = new Map<number, number>();
  const kept: Line[] = [];
  lines.forEach((line, j) => {
    const v = inputs + j;
    if (v > output || !live.has(v)) return;
    const rename = (arg: number): number => {
      const target = resolve(arg);
      return target < inputs ? target : (renumbered.get(target) as number);
    };
    kept.push({ op: line.op, left: rename(line.left), right: rename(line.right) });
    renumbered.set(v, inputs + kept.length - 1);
  });
  return { inputs, lines: kept };
}

/**
 * Length of the discrete program, for ROAP's length prior (§3.2 eq. 6, p(z) ∝ exp(−λ·length(z))):
 * the number of distinct lines that remain after dead-line elimination, each weighted by its
 * operator's `cost` (0 for skip, so a bare input variable has length 0). A line used twice counts
 * once; the paper's recursive definition ("computed from z in a manner analogous to how z is
 * recursively executed") would count it once per use, i.e. the operators of `programToExpr`.
 */
export function programLength(program: StraightLineProgram): number {
  return eliminateDeadLines(program).lines.reduce((sum, line) => sum + OP_RULES[line.op].cost, 0);
}
