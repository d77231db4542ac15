/** `word` or its plural in "s", to agree with `count` ("1 epoch", "20 epochs"). */
export function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
