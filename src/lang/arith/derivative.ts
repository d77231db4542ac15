import { OP_RULES } from "./ops.js";
import type { StraightLineProgram } from "./syntax.js";

/**
 * The value of a straight-line program and its gradient with respect to the inputs, by forward-mode
 * differentiation: every operator is bilinear, F_o(A, B) = a·A + b·B + ab·A·B (ROAP Figure 3), so
 * ∂F/∂A = a + ab·B and ∂F/∂B = b + ab·A. The compiled form holds the program's coefficients and
 * its scratch buffers, so that a hot loop (ROAP+'s symbol abduction) allocates nothing per call.
 */
export type GradientFunction = (input: ArrayLike<number>, gradient: Float64Array) => number;

/** `gradient` (length = inputs) receives ∂value/∂input; the value is returned. */
export function compileGradient(program: StraightLineProgram): GradientFunction {
  const V = program.inputs;
  const L = program.lines.length;
  const count = V + L;
  const a = Float64Array.from(program.lines, (line) => OP_RULES[line.op].bilinear.a);
  const b = Float64Array.from(program.lines, (line) => OP_RULES[line.op].bilinear.b);
  const ab = Float64Array.from(program.lines, (line) => OP_RULES[line.op].bilinear.ab);
  const left = Int32Array.from(program.lines, (line) => line.left);
  const right = Int32Array.from(program.lines, (line) => line.right);
  const values = new Float64Array(count);
  const tangents = new Float64Array(count * V);
  return (input, gradient) => {
    tangents.fill(0, 0, V * V);
    for (let v = 0; v < V; v++) {
      values[v] = input[v] as number;
      tangents[v * V + v] = 1;
    }
    for (let j = 0; j < L; j++) {
      const k = V + j;
      const l = left[j] as number;
      const r = right[j] as number;
      const A = values[l] as number;
      const B = values[r] as number;
      const cA = a[j] as number;
      const cB = b[j] as number;
      const cAB = ab[j] as number;
      values[k] = cA * A + cB * B + cAB * A * B;
      const dA = cA + cAB * B;
      const dB = cB + cAB * A;
      for (let v = 0; v < V; v++) tangents[k * V + v] = dA * (tangents[l * V + v] as number) + dB * (tangents[r * V + v] as number);
    }
    const last = count - 1;
    for (let v = 0; v < V; v++) gradient[v] = tangents[last * V + v] as number;
    return values[last] as number;
  };
}

export function valueAndGradient(program: StraightLineProgram, input: ArrayLike<number>, gradient: Float64Array): number {
  return compileGradient(program)(input, gradient);
}
