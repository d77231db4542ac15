/** A syntax error in any of gradsynth's textual languages, located by 1-based line and column. */
export class ParseError extends Error {
  override readonly name = "ParseError";

  constructor(
    readonly line: number,
    readonly column: number,
    detail: string,
  ) {
    super(`line ${line}, column ${column}: ${detail}`);
  }
}
