import { Rng } from "../../engine/rng.js";
import { isPerfect, scoreExamples } from "../../lang/datalog/score.js";
import type { DatalogProgram } from "../../lang/datalog/syntax.js";
import type { IlpTask } from "../../lang/datalog/task.js";
import { extractProgram, type WeightedClause } from "../../lang/datalog/space/extract.js";
import { batchSize, sampleBatch } from "./minibatch.js";
import { dilpObjective } from "./objective.js";
import { makeOptimizer } from "./optimizer.js";
import { DILP_DEFAULTS, type DilpOptions } from "./options.js";
import { programSpace, type ProgramSpace } from "../../lang/datalog/space/programSpace.js";
import { fitsSoftExamples, type SoftExample } from "./softExamples.js";
import { runSearch } from "../../search/relaxedSearch.js";
import { definedOnly } from "../../typeHelpers.js";

/**
 * Training ∂ILP (Evans & Grefenstette 2018, §4.4–4.5): the clause-pair weights W are the only
 * parameters; the loss (objective.ts) is the cross-entropy between a_T at the training examples
 * and their labels, minimised by RMSProp or Adam (optimizer.ts) on all the examples or on a mini-batch
 * per step (minibatch.ts). A run is restarted from fresh random weights up to `runs` times; runs
 * are compared by their final loss on all training examples (lowest wins), except that a run
 * whose extracted program classifies every training example correctly (by exact evaluation) wins
 * over one whose program does not. Each run is the shared relaxed-search loop
 * (search/relaxedSearch.ts, with its non-finite policy): every `checkEvery` steps the current
 * program is extracted and checked exactly; a run stops as soon as it fits the training examples,
 * and optionally when its loss has stalled (options.plateauSteps).
 *
 * Soft examples (softExamples.ts; §5.5's image pairs) are trained on beside the task's examples,
 * each in its own world; a program fits them when it classifies each correctly with its facts of
 * probability ≥ 1/2 taken as true.
 *
 * Settings where gradsynth chooses are in options.ts.
 */
export interface DilpRun {
  readonly loss: number;
  /** Steps taken (fewer than `steps` when the run stopped at a fitting program). */
  readonly steps: number;
  readonly program: DatalogProgram;
  readonly clauses: readonly WeightedClause[];
  /** The extracted program classifies every training example (as labelled) correctly. */
  readonly fits: boolean;
  /** The run ended early on a loss plateau (options.plateauSteps). */
  readonly stalled: boolean;
  /** The raw clause-pair weights W at the end of the run (W* = their per-predicate softmax). */
  readonly logits: Float32Array;
}

export interface DilpResult {
  readonly best: DilpRun;
  readonly runs: readonly DilpRun[];
  readonly space: ProgramSpace;
}

/**
 * Learns a program for `task` (its training examples as labelled, noisy or not, and the `soft`
 * examples). Needs `initEngine()` first.
 */
export async function trainDilp(task: IlpTask, options: DilpOptions = {}, soft: readonly SoftExample[] = []): Promise<DilpResult> {
  const o = { ...DILP_DEFAULTS, ...definedOnly(options) };
  const space = programSpace(task);
  const objective = dilpObjective(task, space, soft);

  const extract = (logits: Float32Array) => {
    const extracted = extractProgram(space, objective.weights(logits), o.threshold);
    const fits =
      isPerfect(scoreExamples(extracted.program, task.background, task.positive, task.negative)) && fitsSoftExamples(extracted.program, task.background, soft);
    return { ...extracted, fits };
  };

  const rng = new Rng(o.seed);
  const runs: DilpRun[] = [];
  const total = o.runs * o.steps;
  try {
    for (let run = 0; run < o.runs; run++) {
      const runRng = rng.fork();
      const logits = Float32Array.from({ length: space.weightCount }, () => o.initStd * runRng.normal());
      const optimizer = makeOptimizer(o.optimizer, logits, o.learningRate);
      const batch = batchSize(objective.examples, o.batchFraction);
      const losses: number[] = [];
      let current = extract(logits);
      const outcome = await runSearch({
        steps: o.steps,
        checkEvery: o.checkEvery,
        step: () => {
          const { loss, gradient } = objective.evaluate(logits, batch < objective.examples ? sampleBatch(objective.examples, batch, runRng) : undefined);
          losses.push(loss);
          const applied = gradient.every(Number.isFinite);
          if (applied) optimizer.step(gradient);
          return { loss, applied };
        },
        // §5.1's runs never stop early; ours may, once the loss has fallen by < 1 % over plateauSteps.
        stalled: (done, loss) => o.plateauSteps > 0 && done >= 2 * o.plateauSteps && (losses[done - 1 - o.plateauSteps] as number) - loss < 0.01 * (losses[done - 1 - o.plateauSteps] as number),
        check: () => {
          current = extract(logits);
          return current.fits;
        },
        afterStep: (done, loss) => o.onProgress?.(run * o.steps + done, total, `run ${run + 1}/${o.runs} loss ${loss.toFixed(4)}`),
      });
      let loss = outcome.loss;
      if (batch < objective.examples) loss = objective.evaluate(logits).loss;
      runs.push({ loss, steps: outcome.steps, program: current.program, clauses: current.clauses, fits: current.fits, stalled: outcome.stalled, logits });
      if (current.fits && o.stopAtFirstFit) break;
    }
  } finally {
    objective.dispose();
  }
  o.onProgress?.(total, total, "done");
  const best = runs.reduce((a, b) => (b.fits !== a.fits ? (b.fits ? b : a) : b.loss < a.loss ? b : a));
  return { best, runs, space };
}
