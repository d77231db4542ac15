import fc from "fast-check";
import type { Predicate } from "../../../../src/lang/datalog/syntax.js";
import type { RuleTemplate } from "../../../../src/lang/datalog/task.js";
import { DilpLanguage } from "../../../../src/lang/datalog/space/language.js";

/** A small random ∂ILP language (arities 0..2, 1..3 extensional and 1..3 intensional predicates) with a head and a template. */
export interface LanguageCase {
  readonly language: DilpLanguage;
  readonly head: Predicate;
  readonly template: RuleTemplate;
}

export const arbLanguageCase = (maxConstants = 3, maxExistential = 2): fc.Arbitrary<LanguageCase> =>
  fc
    .record({
      ext: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }),
      int: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }),
      constants: fc.integer({ min: 1, max: maxConstants }),
      headIndex: fc.nat(),
      existential: fc.integer({ min: 0, max: maxExistential }),
      intensional: fc.boolean(),
    })
    .map(({ ext, int, constants, headIndex, existential, intensional }) => {
      const extensional = ext.map((arity, i) => ({ name: `e${i}`, arity }));
      const intensionalPreds = int.map((arity, i) => ({ name: `i${i}`, arity }));
      const language = new DilpLanguage({
        extensional,
        intensional: intensionalPreds,
        constants: Array.from({ length: constants }, (_, i) => `c${i}`),
      });
      const head = intensionalPreds[headIndex % intensionalPreds.length] ?? { name: "i0", arity: 0 };
      return { language, head, template: { existential, intensional } };
    });
