import { exprToProgram } from "../../lang/arith/convert.js";
import { compileGradient, type GradientFunction } from "../../lang/arith/derivative.js";
import { IDENTITY, type Calibration, type FoundProgram } from "./plusFound.js";

/**
 * Symbol abduction for ROAP+ (ours), as Abductive Learning (Dai et al. 2019) revises a perception
 * model's pseudo-labels to be consistent with the knowledge base: for each I/O tuple i of a batch,
 * the symbols ŝ_i that the found programs say it has,
 *   ŝ_i = argmin_s Σ_t (P_t(s) − y_ti)² / σ_t²   over the tasks t with a found program P_t,
 * by damped Gauss–Newton (Levenberg–Marquardt) from the grounder's own g(x_i). The grounder is then
 * trained towards ŝ (plusTargets.ts); with correct programs and exact outputs ŝ is the true symbol
 * tuple, so the grounder learns as fast as from labels, without ever being shown one.
 */

/**
 * The found programs, compiled once, the weight 1/σ_t² of each, and the calibration they were
 * found under (plusSearch.ts): Gauss–Newton starts from scale·g + offset, so that a grounder that
 * is off in scale is pulled to the symbols the programs imply, not to its own scale.
 */
export interface AbductionProblem {
  /** Each found program's value-and-gradient function (derivative.ts). */
  readonly programs: readonly GradientFunction[];
  readonly calibration: Calibration;
  /** Index of each program's task. */
  readonly tasks: Int32Array;
  readonly weights: Float64Array;
}

export function abductionProblem(found: readonly (FoundProgram | null)[], variances: Float64Array, vars: number, calibration: Calibration = IDENTITY): AbductionProblem {
  const programs: GradientFunction[] = [];
  const tasks: number[] = [];
  found.forEach((program, t) => {
    if (program === null) return;
    programs.push(compileGradient(exprToProgram(program.expr, vars)));
    tasks.push(t);
  });
  return { programs, calibration, tasks: Int32Array.from(tasks), weights: Float64Array.from(tasks, (t) => 1 / (variances[t] as number)) };
}

/** Gauss–Newton iterations per tuple and the damping's start. */
const ITERATIONS = 8;
const INITIAL_DAMPING = 1e-3;

/**
 * ŝ [N, V] for grounded symbols g [N, V] and outputs y [T, N]; when fewer programs than symbols
 * are known (the system is underdetermined) the calibrated g is returned as it is.
 */
export function abduceSymbols(problem: AbductionProblem, grounded: Float32Array, outputs: Float32Array, samples: number, vars: number): Float32Array {
  const { scale, offset } = problem.calibration;
  const result = Float32Array.from(grounded, (g) => scale * g + offset);
  if (problem.programs.length < vars) return result;
  const s = new Float64Array(vars);
  const trial = new Float64Array(vars);
  const gradient = new Float64Array(vars);
  const normal = new Float64Array(vars * vars);
  const rhs = new Float64Array(vars);
  const cost = (at: Float64Array, i: number, accumulate: boolean): number => {
    let total = 0;
    if (accumulate) {
      normal.fill(0);
      rhs.fill(0);
    }
    problem.programs.forEach((program, k) => {
      const t = problem.tasks[k] as number;
      const w = problem.weights[k] as number;
      const r = program(at, gradient) - (outputs[t * samples + i] as number);
      total += w * r * r;
      if (!accumulate) return;
      for (let a = 0; a < vars; a++) {
        rhs[a] = (rhs[a] as number) + w * (gradient[a] as number) * r;
        for (let b = 0; b < vars; b++) normal[a * vars + b] = (normal[a * vars + b] as number) + w * (gradient[a] as number) * (gradient[b] as number);
      }
    });
    return total;
  };
  for (let i = 0; i < samples; i++) {
    for (let v = 0; v < vars; v++) s[v] = result[i * vars + v] as number;
    let damping = INITIAL_DAMPING;
    let current = cost(s, i, true);
    for (let iteration = 0; iteration < ITERATIONS && Number.isFinite(current); iteration++) {
      for (let v = 0; v < vars; v++) normal[v * vars + v] = (normal[v * vars + v] as number) * (1 + damping) + 1e-12;
      const step = solve(normal, rhs, vars);
      if (step === undefined) break;
      for (let v = 0; v < vars; v++) trial[v] = (s[v] as number) - (step[v] as number);
      const next = cost(trial, i, false);
      if (next < current) {
        s.set(trial);
        damping /= 10;
        current = cost(s, i, true);
      } else {
        damping *= 10;
        cost(s, i, true);
      }
    }
    for (let v = 0; v < vars; v++) result[i * vars + v] = s[v] as number;
  }
  return result;
}

/** x with A·x = b for a small dense A (Gaussian elimination with partial pivoting), undefined if singular. */
function solve(matrix: Float64Array, rhs: Float64Array, n: number): Float64Array | undefined {
  const a = Float64Array.from(matrix);
  const x = Float64Array.from(rhs);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row * n + col] as number) > Math.abs(a[pivot * n + col] as number)) pivot = row;
    if (Math.abs(a[pivot * n + col] as number) < 1e-300) return undefined;
    if (pivot !== col) {
      for (let k = 0; k < n; k++) [a[col * n + k], a[pivot * n + k]] = [a[pivot * n + k] as number, a[col * n + k] as number];
      [x[col], x[pivot]] = [x[pivot] as number, x[col] as number];
    }
    for (let row = col + 1; row < n; row++) {
      const f = (a[row * n + col] as number) / (a[col * n + col] as number);
      for (let k = col; k < n; k++) a[row * n + k] = (a[row * n + k] as number) - f * (a[col * n + k] as number);
      x[row] = (x[row] as number) - f * (x[col] as number);
    }
  }
  for (let row = n - 1; row >= 0; row--) {
    let sum = x[row] as number;
    for (let k = row + 1; k < n; k++) sum -= (a[row * n + k] as number) * (x[k] as number);
    x[row] = sum / (a[row * n + row] as number);
  }
  return x;
}
