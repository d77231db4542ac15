import type { AncProgram } from "../../lang/asm/anc/syntax.js";

/**
 * Trainable padding: `program` followed by `padding` no-op lines, so that tuning can grow a compiled
 * skeleton into a longer program. The seed prints every listing in ten numbered lines with the
 * unused ones blank (seed 002, Listing 1), and ANC's controller has a row for every IR value, all
 * trainable (`flashSoftProgram` overwrites only the program's columns); without padding the
 * compiled machine has exactly the skeleton's lines, and IR values past them are fixed STOP lines.
 *
 * A padding line is the lowering of `noop` (lower.ts): `rP = ZERO _ _`, written to one fresh register
 * rP (initial value 0) that no line of `program` reads, so the padded program computes exactly what
 * `program` does (falling off its last line now runs the no-ops, then halts past them). The lines
 * are compiled with eq. 3 like any other (compiler.ts), so each starts as a noisy no-op.
 *
 * At most base − 1 lines in all: IR is a base-M value that wraps (ANC's addDist), so a machine with
 * M lines has no "past the last line" and its last line falls through to line 0 instead of halting;
 * padding up to M lines would change what the program computes.
 */
export function padProgram(program: AncProgram, padding: number, base: number): AncProgram {
  if (!Number.isInteger(padding) || padding < 0) throw new RangeError(`padding must be a non-negative integer, got ${padding}`);
  if (padding === 0) return program;
  const lines = program.lines.length + padding;
  if (lines >= base) {
    throw new RangeError(
      `padding ${padding} gives ${lines} lines; at most ${base - 1} keep the program's halting (a base-${base} machine's IR wraps to line 0 after line ${base - 1})`,
    );
  }
  const fresh = program.registers.length;
  return {
    registers: [...program.registers, 0],
    lines: [...program.lines, ...Array.from({ length: padding }, () => ({ op: "ZERO" as const, a: null, b: null, out: fresh }))],
  };
}
