/**
 * The primitives of gradsynth's NLI sequence tasks (NLI seed §"Key Experimental Results": "a
 * self-constructed compositional generalization suite" of fixed-length sequences; the seed names
 * cyclic shifts, the others are gradsynth's, documented in docs/formats.md, "NLI sequence tasks").
 *
 * Every primitive maps a sequence x of length N over the alphabet {0 … A−1} to y with
 *   y[i] = value(x[source(i)])
 * for a permutation `source` of the positions and a bijection `value` of the alphabet, so a
 * program (primitives applied left to right) has the same form, and two programs compute the same
 * function exactly when their (source, value) pairs are equal: `semantics` is a canonical key.
 */
export type Primitive =
  | { readonly kind: "shift"; readonly k: number }
  | { readonly kind: "reverse" }
  | { readonly kind: "add"; readonly k: number }
  | { readonly kind: "swap" };

export type PrimitiveKind = Primitive["kind"];

/** A program: primitives applied left to right, so [f, g] computes g(f(x)). */
export type SequenceProgram = readonly Primitive[];

/** Sequence length N and alphabet size A of a task family. */
export interface SequenceShape {
  readonly length: number;
  readonly alphabet: number;
}

/** The seed's sequences: length 20 (seed, "Limitations": "sequences of fixed length 20"), 10 symbols. */
export const NLI_SHAPE: SequenceShape = { length: 20, alphabet: 10 };

interface PrimitiveRule<K extends PrimitiveKind> {
  /** Position read by output position i. */
  readonly source: (p: Extract<Primitive, { kind: K }>, i: number, shape: SequenceShape) => number;
  /** Image of symbol v. */
  readonly value: (p: Extract<Primitive, { kind: K }>, v: number, shape: SequenceShape) => number;
  readonly print: (p: Extract<Primitive, { kind: K }>) => string;
}

const mod = (a: number, n: number): number => ((a % n) + n) % n;

/** One rule per primitive kind: adding a kind without its semantics and printing fails the type check. */
const RULES: { readonly [K in PrimitiveKind]: PrimitiveRule<K> } = {
  // Cyclic left shift by k: y[i] = x[(i + k) mod N].
  shift: { source: (p, i, s) => mod(i + p.k, s.length), value: (_p, v) => v, print: (p) => `shift ${p.k}` },
  // y[i] = x[N − 1 − i].
  reverse: { source: (_p, i, s) => s.length - 1 - i, value: (_p, v) => v, print: () => "reverse" },
  // Every symbol plus k modulo A: y[i] = (x[i] + k) mod A.
  add: { source: (_p, i) => i, value: (p, v, s) => mod(v + p.k, s.alphabet), print: (p) => `add ${p.k}` },
  // Swap adjacent pairs: y[2j] = x[2j + 1], y[2j + 1] = x[2j] (N even; an odd last element stays).
  swap: { source: (_p, i, s) => (i % 2 === 0 ? (i + 1 < s.length ? i + 1 : i) : i - 1), value: (_p, v) => v, print: () => "swap" },
};

/** The rule of p's kind (TypeScript cannot correlate `RULES[p.kind]` with `p` by itself). */
function rule(p: Primitive): PrimitiveRule<PrimitiveKind> {
  return RULES[p.kind] as PrimitiveRule<PrimitiveKind>;
}

/** Applies one primitive. */
export function applyPrimitive(p: Primitive, x: readonly number[], shape: SequenceShape): number[] {
  const r = rule(p);
  return x.map((_, i) => r.value(p, x[r.source(p, i, shape)] as number, shape));
}

/** Applies a program (left to right). */
export function runProgram(program: SequenceProgram, x: readonly number[], shape: SequenceShape): number[] {
  return program.reduce<number[]>((y, p) => applyPrimitive(p, y, shape), [...x]);
}

/** `shift 3`, `reverse`, …; a program prints as its primitives joined by ` ; ` (empty: `id`). */
export function printPrimitive(p: Primitive): string {
  return rule(p).print(p);
}

export function printProgram(program: SequenceProgram): string {
  return program.length === 0 ? "id" : program.map(printPrimitive).join(" ; ");
}

/**
 * The function a program computes, as a canonical string: the source position of every output
 * position and the image of every symbol. Equal keys ⇔ equal functions on all sequences of `shape`.
 */
export function semantics(program: SequenceProgram, shape: SequenceShape): string {
  let source = Array.from({ length: shape.length }, (_, i) => i);
  let value = Array.from({ length: shape.alphabet }, (_, v) => v);
  for (const p of program) {
    const r = rule(p);
    // y[i] = val_p(x[src_p(i)]) after x[i] = value(input[source(i)]): compose both maps.
    source = source.map((_, i) => source[r.source(p, i, shape)] as number);
    value = value.map((v) => r.value(p, v, shape));
  }
  return `${source.join(",")}|${value.join(",")}`;
}
