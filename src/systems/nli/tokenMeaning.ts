import { tf } from "../../engine/backend.js";
import type { Rng } from "../../engine/rng.js";
import { printProgram, runProgram, semantics, type Primitive, type SequenceProgram, type SequenceShape } from "../../data/nli/primitives.js";
import { randomSequence } from "../../data/nli/tasks.js";
import { SKIP_TOKEN } from "../../lang/tokens/program.js";
import { oneHotGroups } from "./encode.js";
import type { NliModel } from "./model.js";
import { predict } from "./search.js";

/**
 * What each token of a learned codebook does on its own (the NLI seed's codebook analysis:
 * "token 231 is consistently used for single-step left shift, while token 476 is used for two-step
 * shift"). Token k is run as the program (k, skip, …, skip) — the interpreter's effect of a token
 * does not depend on its position (interpreter.ts) and the skip token is an exact
 * no-op — with deterministic execution on random inputs, and its outputs are compared with those of
 * the identity, of every primitive of the task suite and of every composition of two on the same inputs.
 */
export interface TokenMeaning {
  readonly token: number;
  /** The candidate that agrees best with the token's outputs: `id`, `shift 3`, `add 1`, `reverse`, `swap`. */
  readonly meaning: string;
  readonly program: SequenceProgram;
  /** Fraction of output symbols on which the token and `program` agree. */
  readonly agreement: number;
}

/**
 * The candidate meanings of a token on sequences of `shape`: the identity, every distinct
 * primitive, then every composition of two primitives that computes a function not listed before
 * it (a token may learn one, e.g. `add 1 ; reverse`: docs/results/nli.md). Shorter candidates
 * come first, so they win ties.
 */
export function candidatePrograms(shape: SequenceShape): SequenceProgram[] {
  const primitives: Primitive[] = [
    ...Array.from({ length: shape.length - 1 }, (_, i) => ({ kind: "shift" as const, k: i + 1 })),
    ...Array.from({ length: shape.alphabet - 1 }, (_, i) => ({ kind: "add" as const, k: i + 1 })),
    { kind: "reverse" },
    { kind: "swap" },
  ];
  const all: SequenceProgram[] = [[], ...primitives.map((p) => [p]), ...primitives.flatMap((f) => primitives.map((g) => [f, g]))];
  const seen = new Set<string>();
  return all.filter((program) => {
    const key = semantics(program, shape);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The candidate whose outputs on `inputs` agree with `outputs` on the most symbols (the first on ties), and that fraction. */
export function bestExplanation(
  inputs: readonly (readonly number[])[],
  outputs: readonly (readonly number[])[],
  shape: SequenceShape,
): { program: SequenceProgram; agreement: number } {
  const symbols = inputs.length * shape.length;
  let best = { program: [] as SequenceProgram, agreement: -1 };
  for (const program of candidatePrograms(shape)) {
    let agree = 0;
    inputs.forEach((x, s) => runProgram(program, x, shape).forEach((v, i) => (agree += v === outputs[s]?.[i] ? 1 : 0)));
    if (agree / symbols > best.agreement) best = { program, agreement: agree / symbols };
  }
  return best;
}

/** The meaning of every token of `model`'s codebook, on `samples` random inputs drawn from `rng`. */
export function tokenMeanings(model: NliModel, samples: number, rng: Rng): TokenMeaning[] {
  const { length, alphabet, codebook } = model.config.interpreter;
  const positions = model.config.programLength;
  const shape = { length, alphabet };
  const inputs = Array.from({ length: samples }, () => randomSequence(shape, rng));
  const programs = tf.tidy(() => {
    const tokens = Array.from({ length: codebook }, (_, k) => Array.from({ length: positions }, (_, t) => (t === 0 ? k : SKIP_TOKEN)));
    return tf.cast(tf.oneHot(tf.tensor2d(tokens, [codebook, positions], "int32"), codebook), "float32");
  });
  const queries = oneHotGroups(Array.from({ length: codebook }, () => inputs), length, alphabet);
  try {
    const outputs = predict(model, programs, queries, rng);
    return outputs.map((perToken, token) => {
      const { program, agreement } = bestExplanation(inputs, perToken, shape);
      return { token, meaning: printProgram(program), program, agreement };
    });
  } finally {
    tf.dispose([programs, queries]);
  }
}
