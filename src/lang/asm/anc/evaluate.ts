import { applyAlu, checkBase, checkValues, initialTape, wrap, type AluOp } from "../alu.js";
import { ANC_OP_RULES } from "./ops.js";
import type { AncProgram } from "./syntax.js";
import { validateAnc } from "./validate.js";
import { assertNever } from "../../../typeHelpers.js";

/**
 * Exact semantics of ANC's machine: `RamMachine:updateOutput` of albanD/adaptive-neural-compilation
 * (adaptation/layers/machine.lua) when every distribution is one-hot. M is the base: registers,
 * the instruction register IR and every memory cell hold a value in {0..M−1}, and the tape has M
 * cells (it is an M×M tensor, adaptation/ops.lua). One step, with line = lines[IR]:
 * 1. a ← r[line.a], b ← r[line.b] (machine.lua reads both arguments before anything changes);
 * 2. the output o of the instruction (adaptation/ops/*.lua): STOP, ZERO, WRITE and JEZ output 0;
 *    INC, DEC, ADD, SUB are mod M; MIN, MAX compare values; READ outputs M[a] from the memory
 *    before this step's write;
 * 3. WRITE sets M[a] ← b (Write_op:update_memory, the only change to memory);
 * 4. r[line.out] ← o — every instruction writes its output register, so STOP, WRITE and JEZ
 *    clear theirs to 0 (ANC's programs point them at a scratch register);
 * 5. IR ← b if the line is JEZ and a = 0, else IR ← (IR + 1) mod M (the IR is a value like any
 *    other, advanced with addDist);
 * 6. STOP halts the machine after this step (the stop probability accumulates, and dRAM.lua's
 *    forwardProgram stops once it exceeds 0.9, so the STOP step is the last one counted).
 * The run ends at STOP or after `maxSteps` steps (dRAM.lua's `max_it`, ANC's `--max_rec`).
 *
 * ANC's controller maps every IR value 0..M−1 to a line, so a program has at most M lines. IR
 * values past the last line have no instruction in ANC (their controller columns are left at
 * their random initialisation); here they halt the machine at once, as if the program were
 * padded with STOP lines that write no register (docs/asm.md).
 *
 * Initial registers the program leaves unspecified (ANC's flat `f`) take the value `flat`
 * (default 0): a correct program must not depend on it.
 */

export interface AncState {
  /** The instruction register: the line executed next. */
  readonly ir: number;
  readonly registers: readonly number[];
  readonly memory: readonly number[];
  /** Steps executed so far, the final STOP included. */
  readonly steps: number;
  readonly halted: boolean;
}

export interface AncMachineOptions {
  /** ANC's `memory_size` M: values are 0..M−1 and the tape has M cells. */
  readonly base: number;
  /** The value of initial registers the program leaves unspecified; default 0. */
  readonly flat?: number;
}

export interface AncRunOptions extends AncMachineOptions {
  /** The step limit (ANC's `max_rec`); default 1000. */
  readonly maxSteps?: number;
}

interface MutableState {
  ir: number;
  registers: number[];
  memory: number[];
  steps: number;
  halted: boolean;
}

export function initialAncState(program: AncProgram, memory: readonly number[], options: AncMachineOptions): AncState {
  validateAnc(program);
  const { base } = options;
  checkBase(base);
  if (program.lines.length > base) {
    throw new RangeError(`a base-${base} machine selects lines with an IR in 0..${base - 1}, but the program has ${program.lines.length} lines`);
  }
  const flat = options.flat ?? 0;
  checkValues("flat", [flat], base);
  const registers = program.registers.map((value) => value ?? flat);
  checkValues("registers", registers, base);
  return { ir: 0, registers, memory: initialTape(memory, base), steps: 0, halted: false };
}

function execute(program: AncProgram, state: MutableState, base: number): void {
  if (state.halted) return;
  state.steps += 1;
  const line = program.lines[state.ir];
  if (line === undefined) {
    state.halted = true;
    return;
  }
  const r = state.registers;
  // validateAnc guarantees registers in range; an unspecified argument is one the op ignores.
  const a = line.a === null ? 0 : (r[line.a] as number);
  const b = line.b === null ? 0 : (r[line.b] as number);
  let output = 0;
  let next = wrap(state.ir + 1, base);
  switch (line.op) {
    case "STOP":
      state.halted = true;
      break;
    case "ZERO":
    case "INC":
    case "ADD":
    case "SUB":
    case "DEC":
    case "MIN":
    case "MAX":
      // These seven are exactly the rules with an `alu` entry.
      output = applyAlu(ANC_OP_RULES[line.op].alu as AluOp, a, b, base);
      break;
    case "READ":
      output = state.memory[a] as number;
      break;
    case "WRITE":
      state.memory[a] = b;
      break;
    case "JEZ":
      if (a === 0) next = b;
      break;
    default:
      assertNever(line.op);
  }
  r[line.out] = output;
  state.ir = next;
}

function copy(state: AncState): MutableState {
  return { ...state, registers: [...state.registers], memory: [...state.memory] };
}

/** The state after one more step (a halted state is returned unchanged). */
export function stepAnc(program: AncProgram, state: AncState, base: number): AncState {
  const next = copy(state);
  execute(program, next, base);
  return next;
}

/** Runs an ANC program on the tape `memory` until STOP or `maxSteps` steps; returns the final state. */
export function runAnc(program: AncProgram, memory: readonly number[], options: AncRunOptions): AncState {
  const maxSteps = options.maxSteps ?? 1000;
  if (!Number.isInteger(maxSteps) || maxSteps < 0) throw new RangeError(`maxSteps must be a non-negative integer, got ${maxSteps}`);
  const state = copy(initialAncState(program, memory, options));
  while (!state.halted && state.steps < maxSteps) execute(program, state, options.base);
  return state;
}
