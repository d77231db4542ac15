/**
 * The part of logic-solver's API (MiniSat compiled to JavaScript; the package ships no types)
 * that gradsynth uses. See node_modules/logic-solver/README.md.
 */
declare module "logic-solver" {
  namespace Logic {
    /** A variable name, optionally negated with a leading "-", or a compound formula. */
    type Term = string;
    interface Formula {
      readonly guid?: () => number;
    }
    type Operand = Term | Formula;

    const TRUE: Term;
    const FALSE: Term;

    function not(operand: Operand): Operand;
    function or(...operands: (Operand | Operand[])[]): Operand;
    function and(...operands: (Operand | Operand[])[]): Operand;
    function exactlyOne(...operands: (Operand | Operand[])[]): Operand;
    function equiv(a: Operand, b: Operand): Operand;

    class Solution {
      getTrueVars(): string[];
      evaluate(expression: Operand): boolean;
    }

    class Solver {
      require(...args: (Operand | Operand[])[]): void;
      forbid(...args: (Operand | Operand[])[]): void;
      solve(): Solution | null;
    }
  }
  export default Logic;
}
