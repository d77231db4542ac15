import { applyAlu, checkBase, initialTape } from "./alu.js";
import { OPS, type AsmProgram } from "./syntax.js";
import { registersUsed, validateAsm } from "./validate.js";

/**
 * The exact interpreter of evaluate.ts (`runAsm`) for the inner loop of skeleton synthesis, which
 * runs tens of thousands of candidate programs on every example: the program is validated and
 * flattened once into an Int32Array (op code, a, b, out-or-target per line), and a run allocates
 * nothing but its tape. Same semantics, step for step: registers start at 0, arguments are read
 * before the output is written, running past the last line halts (and counts as a step), and the
 * run stops after `maxSteps` steps. The tests check it against `runAsm` on random programs.
 */
export type FastAsmRunner = (memory: readonly number[], maxSteps: number) => Int32Array;

const CODE = Object.fromEntries(OPS.map((op, k) => [op, k])) as { readonly [K in (typeof OPS)[number]]: number };
const ALU_OP = ["inc", "dec", "add", "sub", "max", "min", "mod"] as const;

const TABLES = new Map<number, readonly Int32Array[]>();

/** Per op code, the table of applyAlu over {0..b−1}² (empty for the other instructions), built once per base. */
function aluTables(base: number): readonly Int32Array[] {
  const known = TABLES.get(base);
  if (known !== undefined) return known;
  const tables = OPS.map((op) =>
    (ALU_OP as readonly string[]).includes(op)
      ? Int32Array.from({ length: base * base }, (_, k) => applyAlu(op as (typeof ALU_OP)[number], Math.floor(k / base), k % base, base))
      : new Int32Array(0),
  );
  TABLES.set(base, tables);
  return tables;
}

export function fastAsmRunner(program: AsmProgram, base: number): FastAsmRunner {
  validateAsm(program);
  checkBase(base);
  const n = program.instructions.length;
  const code = new Int32Array(4 * n);
  program.instructions.forEach((instruction, line) => {
    const fields = instruction as unknown as Readonly<Record<string, number>>;
    code.set([CODE[instruction.op], fields["a"] ?? 0, fields["b"] ?? 0, instruction.op === "jump" ? instruction.target : (fields["out"] ?? 0)], 4 * line);
  });
  const table = aluTables(base);
  const registerCount = registersUsed(program);
  const [READ, WRITE, JUMP, NOOP, HALT] = [CODE.read, CODE.write, CODE.jump, CODE.noop, CODE.halt];
  return (memory, maxSteps) => {
    const tape = Int32Array.from(initialTape(memory, base));
    const r = new Int32Array(registerCount);
    let pc = 0;
    for (let steps = 0; steps < maxSteps; steps++) {
      if (pc >= n) break;
      const at = 4 * pc;
      const op = code[at] as number;
      const a = r[code[at + 1] as number] as number;
      const b = r[code[at + 2] as number] as number;
      const out = code[at + 3] as number;
      if (op === JUMP) {
        pc = a === 0 ? out : pc + 1;
        continue;
      }
      if (op === HALT) break;
      if (op === READ) r[out] = tape[a] as number;
      else if (op === WRITE) tape[a] = b;
      else if (op !== NOOP) r[out] = (table[op] as Int32Array)[a * base + b] as number;
      pc++;
    }
    return tape;
  };
}
