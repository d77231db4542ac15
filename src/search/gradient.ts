import { RowAdam } from "../engine/adam.js";
import { Rng } from "../engine/rng.js";
import { convertAndCheck } from "./gradientCheck.js";
import { OP_COUNT } from "../lang/arith/relaxed/coefficients.js";
import { decodeStraightLine } from "../lang/arith/relaxed/decode.js";
import { causalMask } from "../lang/arith/relaxed/executors.js";
import { disposeBatch, gradientStep, makeBatch, type Batch, type SearchRow } from "./gradientBatch.js";
import type { Expr } from "../lang/arith/syntax.js";
import type { ArithTask } from "../lang/arith/task.js";
import { scheduleValue } from "../relax/schedules.js";
import { EPOCHS, gradientSettings, type GradientOptions, type GradientSettings } from "./gradientOptions.js";
import { runSearch } from "./relaxedSearch.js";
import { scaleTask, type ScaledTask } from "./scaling.js";
import type { Progress, SolveResult, Solver } from "./solver.js";

/**
 * Multitask gradient search over free per-task program logits: ROAP's "w/o amortized inference"
 * mode (§4.1), where z_t are free parameters instead of the output of the synthesizer r.
 *
 * Each task gets an overparameterised sketch of L lines (§3.1, Figure 4) whose logits are relaxed
 * by (Gumbel-)softmax (§3.2), executed by the fused straight-line executor, and trained by Adam on
 * the Gaussian negative log-likelihood with σ_t = std of the task's outputs (eq. 4) plus the
 * length prior λ·E[length(z)] (eq. 6). Progress is measured in ROAP epochs: a restart is 20
 * "epochs", the prior switches on at epoch 10 and the temperature follows `temperature` (ROAP: 1,
 * then 3 from epoch 15). Every `checkEvery` steps each sketch's argmax program, and `samples`
 * programs drawn from its distribution q, are decoded and checked exactly on the examples; a task
 * is solved when a decoded program reproduces every example, and leaves the batch. Each restart is
 * one run of the shared relaxed-search loop (relaxedSearch.ts). Unsolved tasks are re-initialised
 * at each restart; a sketch whose gradient is not finite is re-initialised at once. Options and their defaults: gradientOptions.ts; the reasons: docs/design.md.
 */
export const gradientSolve: Solver<GradientOptions> = async (tasks, options, progress) => {
  const settings = gradientSettings(options);
  const rng = new Rng(settings.seed);
  const scaled = tasks.map((task) => scaleTask(task, settings.maxDegree));
  const results = new Array<SolveResult>(tasks.length);
  const byVars = new Map<number, number[]>();
  scaled.forEach((s, t) => byVars.set(s.vars, [...(byVars.get(s.vars) ?? []), t]));
  for (const [vars, members] of byVars) {
    const found = await searchGroup({ tasks, scaled, members, vars, settings, rng: rng.fork(), progress });
    members.forEach((t, k) => (results[t] = found[k] as SolveResult));
  }
  return results;
};

interface Group {
  readonly tasks: readonly ArithTask[];
  readonly scaled: readonly ScaledTask[];
  /** Indices of the tasks searched together (same number of sketch variables). */
  readonly members: readonly number[];
  readonly vars: number;
  readonly settings: GradientSettings;
  readonly rng: Rng;
  readonly progress: Progress | undefined;
}

/** Searches one group of tasks in lockstep: one sketch row per (task, degree). */
async function searchGroup(group: Group): Promise<SolveResult[]> {
  const { tasks, scaled, members, vars, settings, rng, progress } = group;
  const L = settings.lines;
  const opSize = L * OP_COUNT;
  const argSize = L * (vars + L);
  const rowSize = opSize + 2 * argSize;
  const examples = Math.max(...members.map((t) => (tasks[t] as ArithTask).examples.length));
  const rows: SearchRow[] = members.flatMap((t) =>
    (scaled[t] as ScaledTask).rows.flatMap((r) => Array.from({ length: settings.particles }, () => ({ task: t, ...r }))),
  );
  const params = new Float32Array(rows.length * rowSize);
  const adam = new RowAdam(params, rowSize, { learningRate: settings.learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-5 });
  const initRow = (r: number): void => {
    for (let k = r * rowSize; k < (r + 1) * rowSize; k++) params[k] = settings.initScale * rng.normal();
    adam.resetRow(r);
  };
  const sketchOf = (r: number) => ({
    op: params.subarray(r * rowSize, r * rowSize + opSize),
    left: params.subarray(r * rowSize + opSize, r * rowSize + opSize + argSize),
    right: params.subarray(r * rowSize + opSize + argSize, (r + 1) * rowSize),
  });
  rows.forEach((_, r) => initRow(r));

  const solved = new Map<number, { expr: Expr; step: number }>();
  const best = new Map<number, { expr: Expr; matched: number }>();
  const mask = causalMask(vars, L);
  const totalSteps = settings.restarts * settings.stepsPerRestart;
  const scratch = new Float32Array(rowSize);
  let step = 0;
  let nonFinite = 0;
  let batch: Batch | undefined;
  try {
    for (let restart = 0; restart < settings.restarts && solved.size < members.length; restart++) {
      if (restart > 0) rows.forEach((row, r) => solved.has(row.task) || initRow(r));
      const before = step;
      const outcome = await runSearch({
        steps: settings.stepsPerRestart,
        checkEvery: settings.checkEvery,
        step: (local) => {
          const active = rows.flatMap((row, r) => (solved.has(row.task) ? [] : [r]));
          if (!batch || batch.rows.length !== active.length) {
            if (batch) disposeBatch(batch);
            batch = makeBatch(active, rows, scaled, vars, examples);
          }
          const current = batch;
          const epoch = (EPOCHS * local) / settings.stepsPerRestart;
          const logits = gatherRows(current.rows, sketchOf, opSize, argSize);
          const grads = gradientStep(logits, current, {
            lines: L,
            vars,
            relaxation: settings.relaxation,
            temperature: scheduleValue(settings.temperature, epoch),
            lambda: epoch >= settings.priorFromEpoch ? settings.lengthPrior : 0,
          }, rng, mask);
          // The non-finite policy of a batched search (relaxedSearch.ts): per row, re-initialised.
          current.rows.forEach((r, a) => {
            scratch.set(grads.op.subarray(a * opSize, (a + 1) * opSize), 0);
            scratch.set(grads.left.subarray(a * argSize, (a + 1) * argSize), opSize);
            scratch.set(grads.right.subarray(a * argSize, (a + 1) * argSize), opSize + argSize);
            if (scratch.every(Number.isFinite)) {
              adam.updateRow(r, scratch, 0);
              if (settings.logitBound > 0) clampRow(params, r * rowSize, (r + 1) * rowSize, settings.logitBound);
            } else {
              nonFinite++;
              initRow(r);
            }
          });
          return { loss: grads.loss, applied: true };
        },
        check: async (done) => {
          for (const r of batch?.rows ?? []) {
            const row = rows[r] as SearchRow;
            if (solved.has(row.task)) continue;
            for (let sample = 0; sample <= settings.samples && !solved.has(row.task); sample++) {
              const program = decodeStraightLine(sketchOf(r), vars, L, sample === 0 ? undefined : rng);
              const check = convertAndCheck(program, tasks[row.task] as ArithTask, (scaled[row.task] as ScaledTask).unit, settings.tolerance);
              if (!check) continue;
              const previous = best.get(row.task);
              if (!previous || check.matched > previous.matched) best.set(row.task, check);
              if (check.solved) solved.set(row.task, { expr: check.expr, step: before + done });
            }
          }
          progress?.(before + done, totalSteps, `solved ${solved.size}/${members.length}`);
          await new Promise((resolve) => setImmediate(resolve));
          return solved.size === members.length;
        },
      });
      step += outcome.steps;
    }
  } finally {
    if (batch) disposeBatch(batch);
    mask.bias.dispose();
  }
  return members.map((t) => {
    const name = (tasks[t] as ArithTask).name;
    const win = solved.get(t);
    const stats = { steps: step, nonFiniteResets: nonFinite, scale: (scaled[t] as ScaledTask).scale };
    if (win) return { name, solved: true, program: win.expr, stats: { ...stats, solvedAtStep: win.step } };
    return { name, solved: false, program: best.get(t)?.expr, stats };
  });
}

/** Copies the logits of the given rows into contiguous [A, L, ·] arrays for one step. */
function gatherRows(
  rows: readonly number[],
  sketchOf: (r: number) => { op: Float32Array; left: Float32Array; right: Float32Array },
  opSize: number,
  argSize: number,
): { op: Float32Array; left: Float32Array; right: Float32Array } {
  const op = new Float32Array(rows.length * opSize);
  const left = new Float32Array(rows.length * argSize);
  const right = new Float32Array(rows.length * argSize);
  rows.forEach((r, a) => {
    const sketch = sketchOf(r);
    op.set(sketch.op, a * opSize);
    left.set(sketch.left, a * argSize);
    right.set(sketch.right, a * argSize);
  });
  return { op, left, right };
}

function clampRow(params: Float32Array, start: number, end: number, bound: number): void {
  for (let k = start; k < end; k++) params[k] = Math.max(-bound, Math.min(bound, params[k] as number));
}
