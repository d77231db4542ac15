/**
 * Syntax of the minimal assembly of seed 002 (Saldyt 2022, "Synthesize, compile, tune", §2 and
 * Listing 1), the language of Adaptive Neural Compilation's machine (Bunel et al. 2016) as the seed
 * writes it: `read 1 2`, `inc 2 2`, `add 1 2 1`, `write 1 2`, `jump 3 map_loop`, labels `name:`.
 *
 * Operands are register numbers, except a jump's target, which is a label. Following seed §2.1
 * ("the first two registers are inputs, and the third register is used to store output, such as
 * add(r1, r2, r3)"), inputs come first and the output register last.
 */

/**
 * The seed's instruction set (§2, listings; issue 5): read, write, inc, dec, add, sub, max, min,
 * mod, the conditional jump, noop and halt. The order is the canonical index of each instruction
 * (for one-hot encodings).
 */
export const OPS = ["read", "write", "inc", "dec", "add", "sub", "max", "min", "mod", "jump", "noop", "halt"] as const;
export type Op = (typeof OPS)[number];

/** Operations that read one register and write one: `inc a out`, `dec a out`, `read a out`. */
export type UnaryOp = "inc" | "dec" | "read";
/** Operations that read two registers and write one: `add a b out` and the like. */
export type BinaryOp = "add" | "sub" | "max" | "min" | "mod";

/** The fields of each instruction; all are register numbers except `target` (a line index). */
interface Fields {
  readonly read: { readonly a: number; readonly out: number };
  readonly inc: { readonly a: number; readonly out: number };
  readonly dec: { readonly a: number; readonly out: number };
  readonly add: { readonly a: number; readonly b: number; readonly out: number };
  readonly sub: { readonly a: number; readonly b: number; readonly out: number };
  readonly max: { readonly a: number; readonly b: number; readonly out: number };
  readonly min: { readonly a: number; readonly b: number; readonly out: number };
  readonly mod: { readonly a: number; readonly b: number; readonly out: number };
  /** `write a b`: memory[r_a] ← r_b (seed eq. 8: address v1, value v2). */
  readonly write: { readonly a: number; readonly b: number };
  /** `jump a L`: go to line `target` when r_a = 0 (seed eq. 9), else fall through. */
  readonly jump: { readonly a: number; readonly target: number };
  readonly noop: Record<never, never>;
  readonly halt: Record<never, never>;
}

/** One instruction: a discriminated union over `op`. */
export type Instruction = { readonly [K in Op]: { readonly op: K } & Fields[K] }[Op];
export type InstructionOf<K extends Op> = Extract<Instruction, { readonly op: K }>;

/** A label `name:` standing before instruction `line` (`line` = instructions.length: the end). */
export interface Label {
  readonly name: string;
  readonly line: number;
}

/** A program: its instructions, and the labels that name lines (jump targets are line indices). */
export interface AsmProgram {
  readonly instructions: readonly Instruction[];
  readonly labels: readonly Label[];
}
