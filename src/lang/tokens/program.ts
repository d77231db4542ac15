/**
 * Token programs of NLI's learned language (seed, Key Design 1): T positions, each one token of a
 * codebook of K, token 0 being the dedicated skip token ("a specialized skip token in the codebook
 * allows the interpreter to perform a no-op"). A decoded program lists its non-skip tokens.
 */
export const SKIP_TOKEN = 0;

/** The argmax token of each of the T rows of a [T, K] row-major relaxation. */
export function decodeTokens(relaxed: ArrayLike<number>, positions: number, codebook: number): number[] {
  return Array.from({ length: positions }, (_, t) => {
    let best = 0;
    for (let k = 1; k < codebook; k++) if ((relaxed[t * codebook + k] as number) > (relaxed[t * codebook + best] as number)) best = k;
    return best;
  });
}

/** `t12 t12 t3`: the non-skip tokens in order; `skip` when all are skips. */
export function printTokens(tokens: readonly number[]): string {
  const used = tokens.filter((t) => t !== SKIP_TOKEN);
  return used.length === 0 ? "skip" : used.map((t) => `t${t}`).join(" ");
}

/** The tokens of a program printed by `printTokens` (`skip` is the empty program); a RangeError on any other text. */
export function parseTokens(text: string): number[] {
  if (text === "skip") return [];
  return text.split(" ").map((word) => {
    const match = /^t([1-9][0-9]*)$/u.exec(word);
    if (match === null) throw new RangeError(`not a printed token program: '${text}'`);
    return Number(match[1]);
  });
}
