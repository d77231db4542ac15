import { tf } from "../../engine/backend.js";
import { Rng } from "../../engine/rng.js";
import { printProgram, type SequenceProgram } from "../../data/nli/primitives.js";
import type { Split } from "../../data/nli/splits.js";
import { sampleTasks, type SequenceTask, type TaskSizes } from "../../data/nli/tasks.js";
import { printTokens } from "../../lang/tokens/program.js";
import { configSplit } from "./config.js";
import { encodeTasks } from "./encode.js";
import type { NliModel } from "./model.js";
import { predict, searchPrograms } from "./search.js";
import type { SearchOptions } from "./searchOptions.js";

/**
 * ID / OOD accuracy of a trained model (seed, "Main Results"): fresh tasks of the split's training
 * functions (ID) and of its held-out functions (OOD); a task counts as solved when the program
 * found from its specification maps every query input to exactly the right output.
 */
export interface EvaluateOptions {
  readonly search: SearchOptions;
  /** Tasks per part (ID and OOD). */
  readonly tasks: number;
  /** Tasks searched together in one batch. */
  readonly chunk: number;
  readonly seed: number;
}

export interface TaskOutcome {
  /** The task's hidden program, and as printed. */
  readonly target: SequenceProgram;
  readonly program: string;
  readonly tokens: string;
  readonly solved: boolean;
}

export interface PartResult {
  readonly accuracy: number;
  readonly solved: number;
  readonly tasks: readonly TaskOutcome[];
}

export interface Evaluation {
  readonly id: PartResult;
  readonly ood: PartResult;
  readonly seconds: number;
  /** Search throughput: starts × steps per second over both parts (0 without gradient steps). */
  readonly startStepsPerSecond: number;
}

/** Progress callback: tasks done, tasks in all, which part. */
export type EvaluateProgress = (done: number, total: number, part: "id" | "ood") => void;

/**
 * A method under evaluation: from a chunk of tasks' specifications, a printed latent program per
 * task and the predicted output symbols of each of its queries, [task][query][position].
 */
export type ChunkSolver = (tasks: readonly SequenceTask[], rng: Rng) => { readonly programs: readonly string[]; readonly predictions: readonly (readonly (readonly number[])[])[] };

export function evaluateNli(model: NliModel, options: EvaluateOptions, onProgress?: EvaluateProgress): Evaluation {
  const { config } = model;
  const gradientSteps = options.search.method === "gradient" ? options.search.starts * options.search.steps : 0;
  return evaluateSolver(configSplit(config), config, options, (tasks, rng) => solveChunk(model, tasks, options.search, rng), gradientSteps, onProgress);
}

/**
 * ID / OOD accuracy of any method on a split. `startStepsPerTask`: the gradient start-steps the
 * solver spends on one task (for the throughput figure; 0 when it takes none).
 */
export function evaluateSolver(
  pool: Split,
  sizes: TaskSizes,
  options: Pick<EvaluateOptions, "tasks" | "chunk" | "seed">,
  solver: ChunkSolver,
  startStepsPerTask: number,
  onProgress?: EvaluateProgress,
): Evaluation {
  // Evaluation tasks come from their own stream, apart from the training steps' generators.
  const rng = new Rng((options.seed ^ 0x6e6c6921) >>> 0);
  const taskSizes = { specPairs: sizes.specPairs, queryPairs: sizes.queryPairs };
  const parts = { id: sampleTasks(pool, "train", options.tasks, taskSizes, rng.fork()), ood: sampleTasks(pool, "test", options.tasks, taskSizes, rng.fork()) };
  const started = performance.now();
  let done = 0;
  const run = (part: "id" | "ood"): PartResult => {
    const outcomes: TaskOutcome[] = [];
    const tasks = parts[part];
    for (let from = 0; from < tasks.length; from += options.chunk) {
      const chunk = tasks.slice(from, from + options.chunk);
      const { programs, predictions } = solver(chunk, rng);
      outcomes.push(
        ...chunk.map((task, i) => ({
          target: task.program,
          program: printProgram(task.program),
          tokens: programs[i] ?? "",
          solved: task.query.every((q, j) => predictions[i]?.[j]?.every((v, n) => v === q.output[n]) === true),
        })),
      );
      done += chunk.length;
      onProgress?.(done, 2 * options.tasks, part);
    }
    const solved = outcomes.filter((o) => o.solved).length;
    return { accuracy: outcomes.length > 0 ? solved / outcomes.length : 0, solved, tasks: outcomes };
  };
  const id = run("id");
  const ood = run("ood");
  const seconds = (performance.now() - started) / 1000;
  return { id, ood, seconds, startStepsPerSecond: (2 * options.tasks * startStepsPerTask) / seconds };
}

function solveChunk(model: NliModel, tasks: readonly SequenceTask[], search: SearchOptions, rng: Rng): ReturnType<ChunkSolver> {
  const { length, alphabet } = model.config.interpreter;
  const { spec, queries } = encodeTasks(tasks, length, alphabet);
  try {
    const found = searchPrograms(model, spec, search, rng);
    const predictions = predict(model, found.programs, queries.inputs, rng);
    found.programs.dispose();
    return { programs: found.tokens.map(printTokens), predictions };
  } finally {
    tf.dispose([spec.inputs, spec.outputs, queries.inputs, queries.outputs]);
  }
}
