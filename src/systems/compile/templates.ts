import type { AsmProgram, Instruction, Label } from "../../lang/asm/syntax.js";
import type { Production, Term } from "../../search/skeleton.js";
import { assertNever } from "../../typeHelpers.js";

/**
 * The high-level template language of seed 002 (§2: "a program synthesis algorithm searches a
 * high-level language for abstract program templates. Then, these programs are mapped into the
 * minimal assembly language"), as a grammar for the generic enumerator (search/skeleton.ts), and
 * its lowering to the seed's assembly, one rule per production.
 *
 *   program ::= apply(unary)          M[0] ← f(M[0])                        (straight line)
 *             | map(unary, pad)        for i = 0, 1, …: M[i] ← f(M[i])       (Listing 1, map_loop)
 *             | reduce(binary, bound)  a ← 0; for i = 0..bound: a ← g(a, M[i]); M[bound + 1] ← a
 *                                                                            (Listing 1, sum_loop)
 *             | loop(pad)              pad no-ops and a counter, forever     (A.1, loop no-op)
 *   unary   ::= x | inc(unary) | dec(unary)
 *   binary  ::= a | x | inc(binary) | dec(binary) | add(binary, binary) | sub(binary, binary)
 *             | max(binary, binary) | min(binary, binary)
 *             | ifz(binary, binary, binary)   the conditional: if c = 0 then t else e (A.1, cond)
 *   bound   ::= 0 | 1 | … | b − 1      the last index of the list, a literal of size 1
 *   pad     ::= 0 | 1 | … | maxPad     no-ops at the top of a loop body (seed §3: "introducing no-ops
 *                                      into program synthesis […] can be advantageous")
 *
 * Lowering follows the seed's listings register for register, so that map(inc(x), 0) is Listing 1's
 * map_loop, reduce(add(a, x), 2) its sum_loop and loop(2) Appendix A.1's loop no-op, exactly:
 * map keeps its pointer in r1, the value in r2 and the never-written jump register r3; reduce keeps
 * the accumulator a in r1, the value x in r2, the pointer in r3, the bound in r4 (built from 0
 * with `inc 4 4`, as the listing does) and the loop test in r5; expression temporaries are r6, r7, …
 * and r0 is never written (the zero of moves and unconditional jumps, as in A.1's `jump 0 false`).
 * The seed gives no conditional that lowers without `mod`; `ifz` lowers to `jump` and moves.
 */

export const PROGRAM_TEMPLATES = ["apply", "map", "reduce", "loop"] as const;
export const EXPRESSION_TEMPLATES = ["x", "a", "inc", "dec", "add", "sub", "max", "min", "ifz"] as const;
export type ProgramTemplate = (typeof PROGRAM_TEMPLATES)[number];
export type ExpressionTemplate = (typeof EXPRESSION_TEMPLATES)[number];
export type TemplateName = ProgramTemplate | ExpressionTemplate | "literal";
export type TemplateSort = "program" | "unary" | "binary" | "bound" | "pad";
export type Skeleton = Term<TemplateName, TemplateSort>;

export interface SkeletonGrammarOptions {
  /** The machine's base b: bounds range over 0..b−1. */
  readonly base: number;
  /** The most no-ops a pad holds (default 2, as in the seed's loop no-op). */
  readonly maxPad?: number;
}

export const DEFAULT_MAX_PAD = 2;

export function skeletonGrammar(options: SkeletonGrammarOptions): Production<TemplateName, TemplateSort>[] {
  const maxPad = options.maxPad ?? DEFAULT_MAX_PAD;
  if (!Number.isInteger(maxPad) || maxPad < 0) throw new RangeError(`maxPad must be a non-negative integer, got ${maxPad}`);
  const p = (name: TemplateName, sort: TemplateSort, children: TemplateSort[] = []): Production<TemplateName, TemplateSort> => ({ name, sort, children });
  const literals = (sort: TemplateSort, count: number) => Array.from({ length: count }, (_, value) => ({ name: "literal" as const, sort, children: [], value }));
  const expressions = (sort: "unary" | "binary") => {
    const operand = [sort];
    return sort === "unary"
      ? [p("x", sort), p("inc", sort, operand), p("dec", sort, operand)]
      : [
          p("a", sort),
          p("x", sort),
          p("inc", sort, operand),
          p("dec", sort, operand),
          ...(["add", "sub", "max", "min"] as const).map((op) => p(op, sort, [sort, sort])),
          p("ifz", sort, [sort, sort, sort]),
        ];
  };
  return [
    p("apply", "program", ["unary"]),
    p("map", "program", ["unary", "pad"]),
    p("reduce", "program", ["binary", "bound"]),
    p("loop", "program", ["pad"]),
    ...expressions("unary"),
    ...expressions("binary"),
    ...literals("bound", options.base),
    ...literals("pad", maxPad + 1),
  ];
}

/** Assembly with symbolic jump targets, resolved by `assemble`. */
type Item =
  | { readonly kind: "instruction"; readonly instruction: Exclude<Instruction, { op: "jump" }> }
  | { readonly kind: "jump"; readonly a: number; readonly label: string }
  | { readonly kind: "label"; readonly name: string };

const ins = (instruction: Exclude<Instruction, { op: "jump" }>): Item => ({ kind: "instruction", instruction });
const jump = (a: number, label: string): Item => ({ kind: "jump", a, label });
const label = (name: string): Item => ({ kind: "label", name });
const noops = (count: number): Item[] => Array.from({ length: count }, () => ins({ op: "noop" }));

function assemble(items: readonly Item[]): AsmProgram {
  const labels: Label[] = [];
  let line = 0;
  for (const item of items) {
    if (item.kind === "label") labels.push({ name: item.name, line });
    else line++;
  }
  const lineOf = new Map(labels.map((l) => [l.name, l.line]));
  const instructions = items.flatMap((item): Instruction[] =>
    item.kind === "label" ? [] : item.kind === "jump" ? [{ op: "jump", a: item.a, target: lineOf.get(item.label) as number }] : [item.instruction],
  );
  return { instructions, labels };
}

const ZERO = 0;
const FIRST_TEMPORARY = 6;

/** Lowers expressions: registers of the leaves, fresh temporaries, fresh labels. */
class ExpressionLowering {
  readonly items: Item[] = [];
  private nextTemporary = FIRST_TEMPORARY;
  private nextLabel = 0;

  constructor(private readonly leaves: { readonly x: number; readonly a?: number }) {}

  /** Emits `term` so that its value ends in register `target`. */
  into(term: Skeleton, target: number): void {
    const register = this.value(term, target);
    if (register !== target) this.items.push(ins({ op: "add", a: register, b: ZERO, out: target }));
  }

  /** Emits `term` and returns the register holding its value (`dest` for an operation, if given). */
  private value(term: Skeleton, dest?: number): number {
    const name = term.production.name as ExpressionTemplate;
    const child = (k: number): Skeleton => term.children[k] as Skeleton;
    const out = (): number => dest ?? this.nextTemporary++;
    switch (name) {
      case "x":
        return this.leaves.x;
      case "a":
        if (this.leaves.a === undefined) throw new RangeError("the leaf a (the accumulator) appears outside reduce");
        return this.leaves.a;
      case "inc":
      case "dec": {
        const a = this.value(child(0));
        const target = out();
        this.items.push(ins({ op: name, a, out: target }));
        return target;
      }
      case "add":
      case "sub":
      case "max":
      case "min": {
        const a = this.value(child(0));
        const b = this.value(child(1));
        const target = out();
        this.items.push(ins({ op: name, a, b, out: target }));
        return target;
      }
      case "ifz": {
        const [c, t, e] = [this.value(child(0)), this.value(child(1)), this.value(child(2))];
        const target = out();
        const k = this.nextLabel++;
        this.items.push(
          jump(c, `then${k}`),
          ins({ op: "add", a: e, b: ZERO, out: target }),
          jump(ZERO, `end${k}`),
          label(`then${k}`),
          ins({ op: "add", a: t, b: ZERO, out: target }),
          label(`end${k}`),
        );
        return target;
      }
      default:
        return assertNever(name);
    }
  }
}

function literal(term: Skeleton | undefined): number {
  if (term === undefined || term.production.value === undefined) throw new RangeError("expected a literal");
  return term.production.value;
}

/** `f` applied to register r2 in place. */
function lowerUnary(term: Skeleton | undefined): Item[] {
  if (term === undefined) throw new RangeError("expected an expression");
  const lowering = new ExpressionLowering({ x: 2 });
  lowering.into(term, 2);
  return lowering.items;
}

const PROGRAM_LOWERING: { readonly [K in ProgramTemplate]: (children: readonly Skeleton[]) => Item[] } = {
  apply: ([f]) => [ins({ op: "read", a: ZERO, out: 2 }), ...lowerUnary(f), ins({ op: "write", a: ZERO, b: 2 })],
  map: ([f, pad]) => [
    label("map_loop"),
    ...noops(literal(pad)),
    ins({ op: "read", a: 1, out: 2 }),
    ...lowerUnary(f),
    ins({ op: "write", a: 1, b: 2 }),
    ins({ op: "inc", a: 1, out: 1 }),
    jump(3, "map_loop"),
  ],
  reduce: ([g, bound]) => {
    if (g === undefined) throw new RangeError("expected an expression");
    const body = new ExpressionLowering({ x: 2, a: 1 });
    body.into(g, 1);
    return [
      ...Array.from({ length: literal(bound) }, () => ins({ op: "inc", a: 4, out: 4 })),
      label("sum_loop"),
      ins({ op: "read", a: 3, out: 2 }),
      ...body.items,
      ins({ op: "inc", a: 3, out: 3 }),
      ins({ op: "max", a: 3, b: 4, out: 5 }),
      ins({ op: "sub", a: 4, b: 5, out: 5 }),
      jump(5, "sum_loop"),
      ins({ op: "write", a: 3, b: 1 }),
    ];
  },
  loop: ([pad]) => [label("loop"), ...noops(literal(pad)), ins({ op: "inc", a: 3, out: 3 }), jump(4, "loop")],
};

/** The seed assembly of a program skeleton (sort `program`). */
export function lowerSkeleton(skeleton: Skeleton): AsmProgram {
  const name = skeleton.production.name;
  if (!(PROGRAM_TEMPLATES as readonly string[]).includes(name)) throw new RangeError(`${name} is not a program template`);
  return assemble(PROGRAM_LOWERING[name as ProgramTemplate](skeleton.children));
}
