/**
 * gradsynth's public library API (`import { ... } from "gradsynth"`): a small, curated surface
 * (DESIGN.md, "Who uses it"). Everything else under src/ is internal and may change.
 *
 * It holds the foundation shared by the four systems (the tensor engine, the relaxation toolbox,
 * ROAP's arithmetic language with its differentiable executors, the two solvers for arithmetic
 * programming-by-example tasks) and each system's entry points: ROAP, ∂ILP, synthesize-compile-tune
 * and NLI.
 */

// Engine: backend set-up (await `initEngine()` before the first tensor op), the tfjs instance the
// library uses, the seeded RNG, and the helper that turns a fused kernel into a differentiable op.
export { BACKENDS, BACKEND_ENV, initEngine, isBackendName, resolveBackend, tf } from "./engine/backend.js";
export type { BackendName } from "./engine/backend.js";
export { Rng } from "./engine/rng.js";
export { fusedOp, runForward } from "./engine/fused.js";
export { THREADS_ENV, kernelThreads, setKernelThreads } from "./engine/workers.js";
export type { FloatArray, FusedKernel, Shape } from "./engine/fused.js";

// Relaxation toolbox: masked softmax, Gumbel-softmax (soft and straight-through), temperature schedules.
export * from "./relax/index.js";

// The arithmetic language of ROAP: syntax, exact semantics, printing and parsing, normal forms.
export * from "./lang/arith/index.js";

// Its relaxed semantics: the fused differentiable executors and decoding of relaxed programs.
export { causalMask, executeStraightLine, executeSyntaxTree, expectedProgramLength, relaxStraightLine } from "./lang/arith/relaxed/executors.js";
export type { StraightLineLogits } from "./lang/arith/relaxed/executors.js";
export { decodeStraightLine } from "./lang/arith/relaxed/decode.js";
export type { SketchLogits } from "./lang/arith/relaxed/decode.js";

// Solvers for arithmetic programming-by-example tasks.
export { DEFAULT_TOLERANCE, closeEnough } from "./search/solver.js";
export type { Progress, SolveResult, Solver } from "./search/solver.js";
export { DEFAULT_MAX_OPERATORS, enumerateBank, enumerateSolve, enumerateTask } from "./search/enumerate.js";
export type { BankedProgram, EnumerateOptions } from "./search/enumerate.js";
export { gradientSolve } from "./search/gradient.js";
export { GRADIENT_DEFAULTS } from "./search/gradientOptions.js";
export type { GradientOptions } from "./search/gradientOptions.js";

// ROAP end to end (src/systems/roap): image data, the trainer, whole runs with restarts, checkpoints.
export { IMAGE_DATASETS, loadImages } from "./data/images.js";
export type { ImageDataset, ImageDatasetName, LoadImagesOptions } from "./data/images.js";
export { PROGRAM_MODELS, ROAP_CPU, ROAP_PAPER, SYNTHESIZERS, validateRoapConfig } from "./systems/roap/config.js";
export type { ProgramModel, RoapConfig, SynthesizerKind } from "./systems/roap/config.js";
export { RoapTrainer } from "./systems/roap/trainer.js";
export type { EpochRecord, StepReport } from "./systems/roap/trainer.js";
export type { RoapMetrics } from "./systems/roap/metrics.js";
export { runRoap } from "./systems/roap/run.js";
export type { RoapRunOptions, RoapRunResult } from "./systems/roap/run.js";
export { readCheckpoint, writeCheckpoint } from "./systems/roap/checkpoint.js";

// ∂ILP (src/systems/dilp): Datalog task files, and one task learned by ∂ILP or solved by SAT.
export { parseIlpTask, parseDatalog, seminaiveEvaluate } from "./lang/datalog/index.js";
export type { IlpTask } from "./lang/datalog/index.js";
export { ILP_METHODS, runIlpTask } from "./systems/dilp/index.js";
export type { IlpMethod, IlpTaskOptions, IlpTaskResult } from "./systems/dilp/index.js";

// Synthesize, compile, tune (src/systems/compile): assembly, the neural compiler and decompiler,
// tuning jobs and the combined synthesis + tuning algorithm.
export { parseAsm, runAsm } from "./lang/asm/index.js";
export { compileProgram, decompile, runCombinedJob, runTuningJob } from "./systems/compile/index.js";

// NLI (src/systems/nli): the task suites, a training run from a configuration, checkpoints, and
// evaluation with test-time search.
export { SPLITS as NLI_SPLITS } from "./data/nli/splits.js";
export type { SplitName as NliSplitName } from "./data/nli/splits.js";
export {
  NLI_ABLATIONS,
  defaultConfig as defaultNliConfig,
  trainingConfig as nliTrainingConfig,
  trainNli,
  modelFromCheckpoint as nliModelFromCheckpoint,
  readCheckpoint as readNliCheckpoint,
  evaluateNli,
  SEARCH_DEFAULTS as NLI_SEARCH_DEFAULTS,
  SEARCH_METHODS as NLI_SEARCH_METHODS,
} from "./systems/nli/index.js";
export type {
  NliConfig,
  NliTrainingOptions,
  NliModel,
  TrainOptions as NliTrainOptions,
  TrainResult as NliTrainResult,
  Checkpoint as NliCheckpoint,
  Evaluation as NliEvaluation,
  EvaluateOptions as NliEvaluateOptions,
  SearchOptions as NliSearchOptions,
} from "./systems/nli/index.js";

// DeepCoder (src/lang/deepcoder, src/systems/deepcoder): ExeDec's list DSL and problem files,
// typed enumeration, and the solving loop with the generalization check.
export {
  parseProgram as parseDeepCoderProgram,
  printProgram as printDeepCoderProgram,
  runProgram as runDeepCoderProgram,
  parseDeepCoderProblems,
  printDeepCoderProblem,
  solvesProblem,
  generalizes,
} from "./lang/deepcoder/index.js";
export type { DeepCoderProblem, Program as DeepCoderProgram, Value as DeepCoderValue } from "./lang/deepcoder/index.js";
export { enumerateDeepCoder } from "./search/deepcoderEnumerate.js";
export type { DeepCoderEnumerateOptions, DeepCoderEnumerateResult } from "./search/deepcoderEnumerate.js";
export { DEEPCODER_METHODS, solveProblems as solveDeepCoderProblems } from "./systems/deepcoder/solve.js";
export type { ProblemResult as DeepCoderProblemResult, SolveSummary as DeepCoderSolveSummary } from "./systems/deepcoder/solve.js";
