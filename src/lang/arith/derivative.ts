import { OP_RULES } from "./ops.js";
import type { StraightLineProgram } from "./syntax.js";

/**
 * The value of a straight-line program and its gradient with respect to the inputs, by forward-mode
 * differentiation: every operator is bilinear, F_o(A, B) = a·A + b·B + ab·A·B (ROAP Figure 3), so
 * ∂F/∂A = a + ab·B and ∂F/∂B = b + ab·A. `gradient` (length = inputs) receives ∂value/∂input.
 */
export function valueAndGradient(program: StraightLineProgram, input: ArrayLike<number>, gradient: Float64Array): number {
  const V = program.inputs;
  const count = V + program.lines.length;
  const values = new Float64Array(count);
  const tangents = new Float64Array(count * V);
  for (let v = 0; v < V; v++) {
    values[v] = input[v] as number;
    tangents[v * V + v] = 1;
  }
  program.lines.forEach((line, j) => {
    const k = V + j;
    const { a, b, ab } = OP_RULES[line.op].bilinear;
    const A = values[line.left] as number;
    const B = values[line.right] as number;
    values[k] = a * A + b * B + ab * A * B;
    const dA = a + ab * B;
    const dB = b + ab * A;
    for (let v = 0; v < V; v++) tangents[k * V + v] = dA * (tangents[line.left * V + v] as number) + dB * (tangents[line.right * V + v] as number);
  });
  const last = count - 1;
  for (let v = 0; v < V; v++) gradient[v] = tangents[last * V + v] as number;
  return values[last] as number;
}
