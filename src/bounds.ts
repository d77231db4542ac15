/**
 * Upper bounds on every size a user can ask for, on the command line or in a file (docs/formats.md,
 * "Bounds"). Past a bound a command stops at once with exit 2 and a line naming the option or the
 * file's place, instead of allocating until the process runs out of memory or runs for hours.
 * Each bound leaves a wide margin over the papers' settings (in brackets).
 */
export const BOUNDS = {
  /** ROAP tasks T [500]. */
  roapTasks: 10_000,
  /** ROAP I/O pairs per task and step N [32], test pairs per task [100]. */
  roapPairs: 4_096,
  roapTestPairs: 10_000,
  /** T·N, the rows of a ROAP step's synthesizer input [16,000]: its activations grow with it. */
  roapStepPairs: 262_144,
  /** T·(test pairs), the test split held in memory [50,000]. */
  roapTestSplit: 4_194_304,
  /** Lines of a straight-line sketch L [30], of a `solve --method gradient` sketch. */
  sketchLines: 256,
  /** Width of a hidden layer, a ResNet-18 [64]. */
  width: 4_096,
  /** Epochs and steps per epoch; optimizer steps of any loop. */
  epochs: 1_000_000,
  steps: 10_000_000,
  /** Restarts, runs, particles, samples. */
  restarts: 1_000,
  runs: 10_000,
  particles: 4_096,
  samples: 1_000_000,
  /** Registers of a register machine [≤ 8 in the seeds' listings]. */
  registers: 64,
  /** Value range (base) of the differentiable register machine [≤ 20], of an exact run (`asm run`). */
  machineBase: 256,
  exactMachineBase: 1_000,
  /** Steps of one register-machine run [≤ 100]. */
  machineSteps: 100_000,
  /** Examples per tuning batch or validation set. */
  examples: 100_000,
  /** Forward-chaining steps T of a ∂ILP task [≤ 10]. */
  ilpSteps: 100,
  /** NLI tasks evaluated, and per chunk. */
  nliTasks: 100_000,
} as const;
