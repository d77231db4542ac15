import { tf } from "../../engine/backend.js";
import type { Rng } from "../../engine/rng.js";
import { logLikelihood } from "./interpreter.js";
import { decodeTokens } from "../../lang/tokens/program.js";
import { relax, scheduleValue, type Relaxation, type Schedule } from "../../relax/index.js";
import { relaxationKind, type NliConfig } from "./config.js";
import { argmaxSymbols } from "./encode.js";
import { meanPool } from "./inductor.js";
import type { SpecBatch } from "./loss.js";
import type { SearchOptions } from "./searchOptions.js";
import type { NliModel } from "./model.js";

/**
 * Test-time program search of NLI (seed, Key Design 4), batched over tasks and starts (in groups
 * of at most MAX_BATCH_PROGRAMS programs).
 * - none: the inductor's guess l = f_φ(ē), decoded softly, z_t = softmax(l_t / τ_e).
 * - prior: the argmax program and s − 1 programs sampled from q_φ = softmax(l) (Gumbel-max),
 *   the one with the highest specification likelihood kept ("NLI Prior Search").
 * - gradient: s starts e ~ N(l, σ_s²) around the guess, L steps of Adam ascent on
 *   E_{g,h}[Σ_j log p_θ(y_j | x_j, z(e, τ_e, g), τ_d, h)] with τ_e and τ_d annealed together
 *   (high → the training run's final values), then the soft representation z = softmax(e / τ_e)
 *   is decoded ("to avoid optimization-execution inconsistency from hard sampling") and the start
 *   with the highest specification likelihood is kept.
 * With `decode: "hard"` the soft programs of none and gradient are replaced by their argmax tokens
 * before they are scored and executed (a check that the discrete program itself solves the task).
 * The final likelihoods and every prediction use deterministic execution (softmax at the final τ_d).
 */
export interface SearchResult {
  /** The chosen relaxed programs [B, T, K]. */
  readonly programs: tf.Tensor3D;
  /** Their argmax tokens, per task. */
  readonly tokens: number[][];
  /** Their specification log-likelihood per symbol (deterministic execution). */
  readonly specLogLikelihood: number[];
}

/** The temperatures a trained model ends with (its schedules' final values). */
export function finalTemperatures(config: NliConfig): { encoder: number; decoder: number } {
  const end = (s: Schedule) => scheduleValue(s, Number.MAX_SAFE_INTEGER);
  return { encoder: end(config.encoderTemperature), decoder: end(config.decoderTemperature) };
}

/**
 * Each task's rows repeated for each of its `starts` programs: [B, …] → [B·s, …]. Only constant
 * data (specification pairs, the inductor's guess) is repeated, so it is copied once on the host:
 * tfjs-wasm's Tile on these rank-5 shapes took ≈ 20 ms a call.
 */
function perStart(x: tf.Tensor, starts: number): tf.Tensor {
  const [b, ...rest] = x.shape as [number, ...number[]];
  const size = x.size / b;
  const data = x.dataSync();
  const out = new Float32Array(x.size * starts);
  for (let task = 0; task < b; task++) {
    const rows = data.subarray(task * size, (task + 1) * size);
    for (let s = 0; s < starts; s++) out.set(rows, (task * starts + s) * size);
  }
  return tf.tensor(out, [b * starts, ...rest]);
}

/** The specification of every task repeated for each of its `starts` programs. */
function specPerStart(spec: SpecBatch, starts: number): SpecBatch {
  return { inputs: perStart(spec.inputs, starts) as tf.Tensor4D, outputs: perStart(spec.outputs, starts) as tf.Tensor4D };
}

/** Mean log-likelihood per symbol of each program's specification: programs [G, T, K] and their specifications [G, m, N, A] → [G]. */
function specScore(model: NliModel, programs: tf.Tensor, spec: SpecBatch, relaxation: Relaxation, rng: Rng): tf.Tensor {
  const n = model.config.interpreter.length;
  const m = spec.inputs.shape[1];
  const piT = model.interpreter.run(programs, spec.inputs, relaxation, rng);
  return tf.div(tf.sum(logLikelihood(piT, spec.outputs), 1), m * n);
}

/**
 * Programs (tasks × starts) one search batch holds at most; larger searches run their starts in
 * groups and keep, per task, the best start of all groups. Each start is independent (gradient
 * search: the objective is a sum over starts and Adam is elementwise), so grouping changes only the
 * order in which noise is drawn. In one batch, 16 tasks × 256 gradient starts exhausted the wasm
 * backend's memory, and 16 tasks × 1024 prior samples.
 */
export const MAX_BATCH_PROGRAMS = 1024;

export function searchPrograms(model: NliModel, spec: SpecBatch, options: SearchOptions, rng: Rng, maxPrograms = MAX_BATCH_PROGRAMS): SearchResult {
  const final = finalTemperatures(model.config);
  const exact: Relaxation = { kind: "softmax", temperature: final.decoder };
  const guess = tf.tidy(() => model.inductor.logits(meanPool(model.inductor.embedPairs(spec.inputs, spec.outputs))));
  try {
    switch (options.method) {
      case "none":
        return choose(model, spec, decode(tf.tidy(() => tf.softmax(tf.div(guess, final.encoder))), options), 1, exact, rng);
      case "prior":
        return inGroups(spec, options.starts, maxPrograms, (starts, first) => choose(model, spec, priorSamples(guess, starts, first, rng), starts, exact, rng));
      case "gradient":
        return inGroups(spec, options.starts, maxPrograms, (starts) =>
          choose(model, spec, decode(gradientSearch(model, spec, guess, { ...options, starts }, rng), options), starts, exact, rng),
        );
    }
  } finally {
    guess.dispose();
  }
}

/** Relaxed programs [G, T, K] (consumed) as `options.decode` says: unchanged (soft) or one-hot of each row's argmax (hard). */
function decode(programs: tf.Tensor, options: SearchOptions): tf.Tensor {
  if (options.decode === "soft") return programs;
  const k = programs.shape[2] as number;
  const hard = tf.tidy(() => tf.cast(tf.oneHot(tf.argMax(programs, -1), k), "float32"));
  programs.dispose();
  return hard;
}

/** Keeps, per task, the best of its `starts` programs [B·s, T, K] (consumed) by specification likelihood. */
function choose(model: NliModel, spec: SpecBatch, programs: tf.Tensor, starts: number, relaxation: Relaxation, rng: Rng): SearchResult {
  const { programLength: t } = model.config;
  const { codebook: k } = model.config.interpreter;
  const b = spec.inputs.shape[0];
  const scores = tf.tidy(() => specScore(model, programs, specPerStart(spec, starts), relaxation, rng));
  const score = scores.dataSync();
  const all = programs.dataSync();
  const chosen = new Float32Array(b * t * k);
  const specLogLikelihood: number[] = [];
  for (let task = 0; task < b; task++) {
    let best = task * starts;
    for (let s = 1; s < starts; s++) if ((score[task * starts + s] as number) > (score[best] as number)) best = task * starts + s;
    chosen.set(all.subarray(best * t * k, (best + 1) * t * k), task * t * k);
    specLogLikelihood.push(score[best] as number);
  }
  tf.dispose([scores, programs]);
  const tokens = Array.from({ length: b }, (_, task) => decodeTokens(chosen.subarray(task * t * k, (task + 1) * t * k), t, k));
  return { programs: tf.tensor3d(chosen, [b, t, k]), tokens, specLogLikelihood };
}

/**
 * `starts` starts per task searched in groups of at most `maxPrograms` programs (tasks × starts)
 * by `search` (its group's starts, and whether it is the first group), the best per task kept.
 */
function inGroups(spec: SpecBatch, starts: number, maxPrograms: number, search: (starts: number, first: boolean) => SearchResult): SearchResult {
  const group = Math.max(1, Math.floor(maxPrograms / spec.inputs.shape[0]));
  let best: SearchResult | undefined;
  for (let done = 0; done < starts; done += group) {
    const found = search(Math.min(group, starts - done), done === 0);
    best = best === undefined ? found : better(best, found);
  }
  return best as SearchResult;
}

/** Per task, the one of two results (both consumed) with the higher specification likelihood (the first on ties). */
function better(a: SearchResult, b: SearchResult): SearchResult {
  const [tasks, t, k] = a.programs.shape;
  const size = t * k;
  const programs = a.programs.dataSync().slice();
  const other = b.programs.dataSync();
  const tokens = [...a.tokens];
  const specLogLikelihood = [...a.specLogLikelihood];
  for (let task = 0; task < tasks; task++) {
    if ((b.specLogLikelihood[task] as number) <= (a.specLogLikelihood[task] as number)) continue;
    programs.set(other.subarray(task * size, (task + 1) * size), task * size);
    tokens[task] = b.tokens[task] as number[];
    specLogLikelihood[task] = b.specLogLikelihood[task] as number;
  }
  tf.dispose([a.programs, b.programs]);
  return { programs: tf.tensor3d(programs, [tasks, t, k]), tokens, specLogLikelihood };
}

/**
 * The argmax program (in the `first` group of starts only), then samples z_t ~ softmax(l_t) by
 * Gumbel-max, one-hot, `starts` programs per task: [B·s, T, K].
 */
function priorSamples(guess: tf.Tensor, starts: number, first: boolean, rng: Rng): tf.Tensor {
  const [b, t, k] = guess.shape as [number, number, number];
  const logits = guess.dataSync();
  const out = new Float32Array(b * starts * t * k);
  for (let task = 0; task < b; task++) {
    for (let s = 0; s < starts; s++) {
      for (let pos = 0; pos < t; pos++) {
        const row = (task * t + pos) * k;
        let best = 0;
        let bestValue = -Infinity;
        for (let c = 0; c < k; c++) {
          const value = (logits[row + c] as number) + (first && s === 0 ? 0 : rng.gumbel());
          if (value > bestValue) [best, bestValue] = [c, value];
        }
        out[((task * starts + s) * t + pos) * k + best] = 1;
      }
    }
  }
  return tf.tensor3d(out, [b * starts, t, k]);
}

/** Gradient ascent from Gaussian starts around the guess; returns the soft programs [B·s, T, K]. */
function gradientSearch(model: NliModel, spec: SpecBatch, guess: tf.Tensor, options: SearchOptions, rng: Rng): tf.Tensor {
  const { starts, steps, sigma } = options;
  const [b, t, k] = guess.shape as [number, number, number];
  const noise = Float32Array.from({ length: b * starts * t * k }, () => sigma * rng.normal());
  const e = tf.variable(tf.tidy(() => tf.add(perStart(guess, starts), tf.tensor3d(noise, [b * starts, t, k]))));
  const repeated = specPerStart(spec, starts);
  const final = finalTemperatures(model.config);
  const anneal = (from: number, to: number): Schedule => ({ kind: "exponential", from, to, over: Math.max(1, steps - 1) });
  const encoder = anneal(options.encoderTemperature, final.encoder);
  const decoder = anneal(options.decoderTemperature, final.decoder);
  const optimizer = tf.train.adam(options.learningRate);
  try {
    for (let step = 0; step < steps; step++) {
      const relaxation = (schedule: Schedule, part: "inductor" | "interpreter"): Relaxation => ({ kind: relaxationKind(model.config, part), temperature: scheduleValue(schedule, step) });
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          const z = relax(e, relaxation(encoder, "inductor"), rng);
          return tf.neg(tf.sum(specScore(model, z, repeated, relaxation(decoder, "interpreter"), rng))) as tf.Scalar;
        }, [e]);
        optimizer.applyGradients([{ name: e.name, tensor: grads[e.name] as tf.Tensor }]);
      });
    }
    return tf.tidy(() => tf.softmax(tf.div(e, final.encoder)));
  } finally {
    optimizer.dispose();
    e.dispose();
    tf.dispose([repeated.inputs, repeated.outputs]);
  }
}

/** The argmax output symbols of each query under each program: programs [B, T, K], queries [B, q, N, A] → [B][q][N]. */
export function predict(model: NliModel, programs: tf.Tensor, queries: tf.Tensor, rng: Rng): number[][][] {
  const final = finalTemperatures(model.config);
  return argmaxSymbols(() => model.interpreter.run(programs, queries, { kind: "softmax", temperature: final.decoder }, rng));
}
