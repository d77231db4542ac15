import type { SplitName } from "../../data/nli/splits.js";

/**
 * The NLI seed's main table ("Key Experimental Results", final accuracy on ID and OOD tasks of
 * each split), quoted as printed. Methods in the seed's order.
 */
export const NLI_TABLE_METHODS = [
  "In-Context",
  "TTT",
  "LPN",
  "LPN Gradient Search",
  "D-LPN",
  "D-LPN Gradient Search",
  "NLI",
  "NLI Prior Search",
  "NLI Gradient Search",
] as const;
export type NliTableMethod = (typeof NLI_TABLE_METHODS)[number];

type IdOod = readonly [id: number, ood: number];

export const SEED_TABLE: Readonly<Record<NliTableMethod, Readonly<Record<SplitName, IdOod>>>> = {
  "In-Context": { "shift-l": [1.0, 0.0], "shift-p": [1.0, 0.0], "comp-i": [1.0, 0.13] },
  TTT: { "shift-l": [1.0, 0.0], "shift-p": [1.0, 0.0], "comp-i": [0.95, 0.14] },
  LPN: { "shift-l": [1.0, 0.0], "shift-p": [1.0, 0.0], "comp-i": [1.0, 0.18] },
  "LPN Gradient Search": { "shift-l": [1.0, 0.03], "shift-p": [1.0, 0.0], "comp-i": [1.0, 0.29] },
  "D-LPN": { "shift-l": [1.0, 0.02], "shift-p": [1.0, 0.0], "comp-i": [0.99, 0.15] },
  "D-LPN Gradient Search": { "shift-l": [1.0, 0.01], "shift-p": [1.0, 0.0], "comp-i": [0.99, 0.2] },
  NLI: { "shift-l": [1.0, 0.0], "shift-p": [1.0, 0.0], "comp-i": [1.0, 0.17] },
  "NLI Prior Search": { "shift-l": [1.0, 0.1], "shift-p": [1.0, 0.0], "comp-i": [1.0, 0.23] },
  "NLI Gradient Search": { "shift-l": [1.0, 0.99], "shift-p": [1.0, 1.0], "comp-i": [1.0, 0.91] },
};
