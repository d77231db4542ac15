import { tf } from "../../engine/backend.js";
import type { SequencePair, SequenceTask } from "../../data/nli/tasks.js";

/** One-hot encoding of sequences: groups [G][P] of sequences of N symbols → [G, P, N, A]. */
export function oneHotGroups(groups: readonly (readonly (readonly number[])[])[], length: number, alphabet: number): tf.Tensor4D {
  const g = groups.length;
  const p = groups[0]?.length ?? 0;
  const data = new Float32Array(g * p * length * alphabet);
  groups.forEach((group, gi) => {
    if (group.length !== p) throw new RangeError(`oneHotGroups: group ${gi} has ${group.length} sequences, expected ${p}`);
    group.forEach((seq, pi) => {
      if (seq.length !== length) throw new RangeError(`oneHotGroups: sequence of length ${seq.length}, expected ${length}`);
      seq.forEach((v, i) => {
        data[((gi * p + pi) * length + i) * alphabet + v] = 1;
      });
    });
  });
  return tf.tensor4d(data, [g, p, length, alphabet]);
}

/** Each task's specification pairs and its query pairs, encoded by `encodePairs`. */
export function encodeTasks(tasks: readonly SequenceTask[], length: number, alphabet: number): { spec: EncodedPairs; queries: EncodedPairs } {
  return { spec: encodePairs(tasks.map((t) => t.spec), length, alphabet), queries: encodePairs(tasks.map((t) => t.query), length, alphabet) };
}

type EncodedPairs = ReturnType<typeof encodePairs>;

/** Inputs and outputs of each task's pairs as one-hot [G, P, N, A] tensors. */
export function encodePairs(pairs: readonly (readonly SequencePair[])[], length: number, alphabet: number): { inputs: tf.Tensor4D; outputs: tf.Tensor4D } {
  return {
    inputs: oneHotGroups(pairs.map((ps) => ps.map((p) => p.input)), length, alphabet),
    outputs: oneHotGroups(pairs.map((ps) => ps.map((p) => p.output)), length, alphabet),
  };
}

/** The most likely symbol at each position of the scores `scoresOf` returns, [B, q, N, A] → [B][q][N]. */
export function argmaxSymbols(scoresOf: () => tf.Tensor): number[][][] {
  const symbols = tf.tidy(() => tf.argMax(scoresOf(), -1));
  const [b, q, n] = symbols.shape as [number, number, number];
  const data = symbols.dataSync();
  symbols.dispose();
  return Array.from({ length: b }, (_, i) => Array.from({ length: q }, (_, j) => Array.from(data.subarray((i * q + j) * n, (i * q + j + 1) * n))));
}
