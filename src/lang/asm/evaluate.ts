import { applyAlu, checkBase, checkValues, initialTape } from "./alu.js";
import type { AsmProgram } from "./syntax.js";
import { registersUsed, validateAsm } from "./validate.js";
import { assertNever } from "../../typeHelpers.js";

/**
 * Exact (discrete) semantics of the seed's minimal assembly: the machine of seed 002 §2.1
 * (eqs. 4–9) when every distribution is one-hot.
 *
 * State: an instruction pointer, registers and a memory tape of b cells, all values in {0..b−1}
 * (seed: "for a machine in base b"; the tape is addressed by a value, eq. 8). One step executes
 * the instruction at the pointer:
 * - `inc dec add sub max min mod`: r_out ← T_op(r_a, r_b), arithmetic mod b (eq. 6; alu.ts);
 * - `read a out`: r_out ← M[r_a] (the read slice of T "is set to the current memory", §2.1);
 * - `write a b`: M[r_a] ← r_b (eq. 8: address v1, value v2);
 * - `jump a L`: the pointer goes to L when r_a = 0, else to the next line (eq. 9: the jump is
 *   taken with probability j·z, z the probability that v1 is zero);
 * - `noop`: nothing; `halt`: the machine stops (the halting probability is a component of f).
 * Arguments are read before the output is written, so `add 1 2 1` uses the old r1. Only `write`
 * changes memory and only the value instructions change a register (eq. 7 writes o_t, which is
 * zero for write, jump and halt, §2.1). Every instruction but a taken jump moves the pointer to the
 * next line. There is no instruction past the last line: reaching the end halts the machine, as if
 * the program were padded with `halt` (the seed's listings end without `halt`), and that halting
 * step counts as a step, as an executed `halt` does.
 *
 * Registers start at 0 unless given (the seed's listings build their constants with `inc 4 4`).
 * Unlike the seed's machine, whose instruction register is itself a base-b value (eq. 9 advances
 * it with T_inc), the pointer here is a plain line index with no wrap-around: a program of more
 * than b lines runs here but cannot be compiled into a base-b machine (docs/asm.md).
 */

export interface AsmState {
  /** The line executed next; after halting, the `halt` line or the end of the program. */
  readonly pc: number;
  readonly registers: readonly number[];
  readonly memory: readonly number[];
  /** Instructions executed so far, the final (explicit or implicit) halt included. */
  readonly steps: number;
  readonly halted: boolean;
}

export interface AsmMachineOptions {
  /** The base b: values are 0..b−1 and the tape has b cells. */
  readonly base: number;
  /**
   * The number of registers (all starting at 0) or their initial values; by default as many zero
   * registers as the program names.
   */
  readonly registers?: number | readonly number[];
}

export interface AsmRunOptions extends AsmMachineOptions {
  /** The step limit: the run stops after this many steps even if the machine has not halted. */
  readonly maxSteps?: number;
}

export const DEFAULT_MAX_STEPS = 1000;

interface MutableState {
  pc: number;
  registers: number[];
  memory: number[];
  steps: number;
  halted: boolean;
}

/**
 * The machine before its first step: pointer 0, the given registers, and `memory` as the tape
 * (padded with zeros to b cells). Checks the program and every value.
 */
export function initialAsmState(program: AsmProgram, memory: readonly number[], options: AsmMachineOptions): AsmState {
  validateAsm(program);
  const { base } = options;
  checkBase(base);
  const tape = initialTape(memory, base);
  const spec = options.registers ?? registersUsed(program);
  if (typeof spec === "number" && (!Number.isInteger(spec) || spec < 0)) {
    throw new RangeError(`the register count must be a non-negative integer, got ${spec}`);
  }
  const registers = typeof spec === "number" ? new Array<number>(spec).fill(0) : [...spec];
  checkValues("registers", registers, base);
  const needed = registersUsed(program);
  if (registers.length < needed) {
    throw new RangeError(`the program uses registers 0..${needed - 1} but the machine has ${registers.length}`);
  }
  return { pc: 0, registers, memory: tape, steps: 0, halted: false };
}

/** One step in place (the state must come from `initialAsmState` for this program and base). */
function execute(program: AsmProgram, state: MutableState, base: number): void {
  if (state.halted) return;
  state.steps += 1;
  const instruction = program.instructions[state.pc];
  if (instruction === undefined) {
    state.halted = true;
    return;
  }
  const r = state.registers;
  // Register operands were checked against the register count in `initialAsmState`.
  const value = (k: number): number => r[k] as number;
  switch (instruction.op) {
    case "read":
      r[instruction.out] = state.memory[value(instruction.a)] as number;
      break;
    case "write":
      state.memory[value(instruction.a)] = value(instruction.b);
      break;
    case "inc":
    case "dec":
      r[instruction.out] = applyAlu(instruction.op, value(instruction.a), 0, base);
      break;
    case "add":
    case "sub":
    case "max":
    case "min":
    case "mod":
      r[instruction.out] = applyAlu(instruction.op, value(instruction.a), value(instruction.b), base);
      break;
    case "jump":
      state.pc = value(instruction.a) === 0 ? instruction.target : state.pc + 1;
      return;
    case "noop":
      break;
    case "halt":
      state.halted = true;
      return;
    default:
      assertNever(instruction);
  }
  state.pc += 1;
}

function copy(state: AsmState): MutableState {
  return { ...state, registers: [...state.registers], memory: [...state.memory] };
}

/** The state after one more step (a halted state is returned unchanged). */
export function stepAsm(program: AsmProgram, state: AsmState, base: number): AsmState {
  const next = copy(state);
  execute(program, next, base);
  return next;
}

/**
 * Runs `program` on the tape `memory` until it halts or has taken `maxSteps` steps, and returns
 * the final state: registers, memory, steps taken and whether it halted.
 */
export function runAsm(program: AsmProgram, memory: readonly number[], options: AsmRunOptions): AsmState {
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  if (!Number.isInteger(maxSteps) || maxSteps < 0) throw new RangeError(`maxSteps must be a non-negative integer, got ${maxSteps}`);
  const state = copy(initialAsmState(program, memory, options));
  while (!state.halted && state.steps < maxSteps) execute(program, state, options.base);
  return state;
}
