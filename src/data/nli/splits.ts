import { NLI_SHAPE, semantics, type Primitive, type SequenceProgram, type SequenceShape } from "./primitives.js";

/**
 * The three splits of the NLI seed's compositional generalization suite ("Key Experimental
 * Results"): each is a pool of training programs and a pool of test (OOD) programs whose functions
 * are disjoint from every training function.
 * - shift-l, length extrapolation: train cyclic shifts by 1–5, test shifts by 6–10;
 * - shift-p, primitive extraction: train large shifts (6–10), test small ones (1–5);
 * - comp-i, composition isolation: train single primitives, test compositions f(g(x)) of two of
 *   them whose function is neither the identity nor a training function.
 */
export const SPLITS = ["shift-l", "shift-p", "comp-i"] as const;
export type SplitName = (typeof SPLITS)[number];

export interface Split {
  readonly name: SplitName;
  readonly shape: SequenceShape;
  readonly train: readonly SequenceProgram[];
  readonly test: readonly SequenceProgram[];
}

export function isSplitName(name: string): name is SplitName {
  return (SPLITS as readonly string[]).includes(name);
}

const shifts = (from: number, to: number): SequenceProgram[] =>
  Array.from({ length: to - from + 1 }, (_, i) => [{ kind: "shift", k: from + i }]);

/** Comp-I's primitives (gradsynth's choice; the seed does not list them). */
export const COMP_I_PRIMITIVES: readonly Primitive[] = [
  { kind: "shift", k: 1 },
  { kind: "shift", k: 2 },
  { kind: "reverse" },
  { kind: "add", k: 1 },
  { kind: "add", k: 2 },
  { kind: "swap" },
];

/** Pairs g(f(x)) of `primitives`, one per new function (first in order), not the identity or a single primitive. */
function compositions(primitives: readonly Primitive[], shape: SequenceShape): SequenceProgram[] {
  const seen = new Set([semantics([], shape), ...primitives.map((p) => semantics([p], shape))]);
  const out: SequenceProgram[] = [];
  for (const f of primitives) {
    for (const g of primitives) {
      const key = semantics([f, g], shape);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push([f, g]);
    }
  }
  return out;
}

/** The split `name` on sequences of `shape`; a RangeError when that shape makes a test function equal a training one (e.g. shifts modulo N < 11). */
export function split(name: SplitName, shape: SequenceShape = NLI_SHAPE): Split {
  const pools = splitPools(name, shape);
  const trainKeys = new Set(pools.train.map((p) => semantics(p, shape)));
  if (pools.test.some((p) => trainKeys.has(semantics(p, shape)))) {
    throw new RangeError(`split ${name}: on sequences of length ${shape.length} over ${shape.alphabet} symbols, some test function equals a training function`);
  }
  return { name, shape, ...pools };
}

function splitPools(name: SplitName, shape: SequenceShape): Pick<Split, "train" | "test"> {
  switch (name) {
    case "shift-l":
      return { train: shifts(1, 5), test: shifts(6, 10) };
    case "shift-p":
      return { train: shifts(6, 10), test: shifts(1, 5) };
    case "comp-i":
      return { train: COMP_I_PRIMITIVES.map((p) => [p]), test: compositions(COMP_I_PRIMITIVES, shape) };
  }
}
