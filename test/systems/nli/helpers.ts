import { defaultConfig, type NliConfig } from "../../../src/systems/nli/config.js";
import type { SplitName } from "../../../src/data/nli/splits.js";
import type { StructuredOptions } from "../../../src/systems/nli/interpreter.js";

/** A very small NLI config for fast tests (shapes and code paths of the real one, tiny widths). */
export function tinyConfig(split: SplitName, steps: number, seed = 1): NliConfig {
  const base = defaultConfig(split, steps, seed);
  return {
    ...base,
    programLength: 3,
    interpreter: { ...(base.interpreter as StructuredOptions), codebook: 6, tokenDim: 4, routingHidden: 8, valueHidden: 8 },
    inductor: { dim: 8, heads: 1, layers: 1, feedForward: 8, headHidden: 8 },
    batchTasks: 2,
  };
}
