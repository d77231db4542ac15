import type { Token } from "./lex.js";
import { groundAtomKey, predicateKey, type GroundAtom, type Predicate } from "./syntax.js";
import type { IlpTask, PredicateTemplate, RuleTemplate } from "./task.js";
import { TaskFileError, type TaskFileOptions } from "../taskFileError.js";

/**
 * The checks of an ILP task file that need the whole file (taskFile.ts reads the directives and
 * statements, in any order): declarations, templates, arities, the roles of predicates, labels,
 * and the inferred constants. Each error points at the line that breaks the rule; a missing
 * directive points at the end of the file.
 */

export type Label = "fact" | "positive" | "negative";

export interface Statement {
  readonly label: Label;
  readonly test: boolean;
  readonly atom: GroundAtom;
  readonly token: Token;
}

export interface Declared<T> {
  readonly value: T;
  readonly token: Token;
}

export interface TemplateLine {
  readonly name: string;
  readonly arity: number | undefined;
  readonly rules: readonly RuleTemplate[];
  readonly token: Token;
}

export interface Parsed {
  readonly target: Declared<Predicate> | undefined;
  readonly steps: Declared<number> | undefined;
  readonly aux: readonly Declared<Predicate>[];
  readonly templates: readonly TemplateLine[];
  readonly statements: readonly Statement[];
  readonly endOfFile: Token;
}

/** The checks that need the whole file; each error points at the line that breaks the rule. */
export function validateTask(parsed: Parsed, options: TaskFileOptions, at: (token: Token, detail: string) => TaskFileError): IlpTask {
  const { target, steps, aux, templates, statements, endOfFile } = parsed;
  const missing = (what: string): TaskFileError =>
    new TaskFileError(endOfFile.line, undefined, `missing ${what}`, options.file);
  if (target === undefined) throw missing("#target directive (e.g. \"#target cyclic/1\")");
  if (steps === undefined) throw missing("#steps directive (the number of forward-chaining steps, e.g. \"#steps 4\")");

  // Intensional predicates: the target and the auxiliary predicates, each declared once.
  const intensional = new Map<string, Declared<Predicate>>([[target.value.name, target]]);
  for (const declared of aux) {
    const previous = intensional.get(declared.value.name);
    if (previous !== undefined) {
      const what = previous === target ? "the target predicate" : "an auxiliary predicate";
      throw at(declared.token, `${declared.value.name} is already declared as ${what} at line ${previous.token.line}`);
    }
    intensional.set(declared.value.name, declared);
  }

  // Templates: exactly one #template line for every intensional predicate.
  const rulesOf = new Map<string, TemplateLine>();
  for (const line of templates) {
    const declared = intensional.get(line.name);
    if (declared === undefined) {
      throw at(line.token, `#template for ${line.name}, which is neither the target nor declared with #aux`);
    }
    if (line.arity !== undefined && line.arity !== declared.value.arity) {
      throw at(line.token, `#template says ${line.name}/${line.arity} but it is declared as ${predicateKey(declared.value)} at line ${declared.token.line}`);
    }
    const previous = rulesOf.get(line.name);
    if (previous !== undefined) throw at(line.token, `second #template for ${line.name} (first at line ${previous.token.line}); give both rule templates on one line`);
    rulesOf.set(line.name, line);
  }
  const predicateTemplates: PredicateTemplate[] = [...intensional.values()].map(({ value }) => {
    const line = rulesOf.get(value.name);
    if (line === undefined) throw missing(`#template for ${predicateKey(value)}`);
    return { predicate: value, rules: line.rules };
  });

  // One arity per predicate, over declarations and statements alike.
  const arities = new Map<string, { readonly arity: number; readonly token: Token; readonly declared: boolean }>();
  for (const { value, token } of intensional.values()) arities.set(value.name, { arity: value.arity, token, declared: true });
  for (const { atom, token } of statements) {
    const known = arities.get(atom.predicate);
    if (known === undefined) {
      arities.set(atom.predicate, { arity: atom.args.length, token, declared: false });
    } else if (known.arity !== atom.args.length) {
      const where = known.declared ? `declared as ${atom.predicate}/${known.arity}` : `used with ${known.arity}`;
      throw at(token, `${atom.predicate} has ${atom.args.length} argument(s) here but is ${where} at line ${known.token.line}`);
    }
  }

  const targetKey = predicateKey(target.value);
  const background: GroundAtom[] = [];
  const testBackground: GroundAtom[] = [];
  const extensional: Predicate[] = [];
  const seenFacts = new Set<string>();
  const labels = new Map<string, { readonly label: Label; readonly test: boolean; readonly token: Token }>();
  const examples = { train: { positive: [] as GroundAtom[], negative: [] as GroundAtom[] }, test: { positive: [] as GroundAtom[], negative: [] as GroundAtom[] } };

  // Training statements first, so that test data is checked against the whole training world
  // wherever it appears in the file.
  const ordered = [...statements.filter((s) => !s.test), ...statements.filter((s) => s.test)];
  for (const { label, test, atom, token } of ordered) {
    if (label === "fact") {
      const declared = intensional.get(atom.predicate);
      if (declared !== undefined) {
        const role = declared === target ? "the target predicate" : "an auxiliary predicate";
        throw at(token, `background facts may not use ${role} ${predicateKey(declared.value)}; label examples with + or -`);
      }
      if (test && !extensional.some((p) => p.name === atom.predicate)) {
        throw at(token, `test fact uses ${atom.predicate}, which no (training) background fact uses`);
      }
      const key = groundAtomKey(atom);
      if (seenFacts.has(key)) continue;
      seenFacts.add(key);
      if (!test && !extensional.some((p) => p.name === atom.predicate)) extensional.push({ name: atom.predicate, arity: atom.args.length });
      (test ? testBackground : background).push(atom);
      continue;
    }
    if (atom.predicate !== target.value.name) {
      throw at(token, `examples must be atoms of the target predicate ${targetKey}, not ${atom.predicate}`);
    }
    const key = groundAtomKey(atom);
    const previous = labels.get(key);
    if (previous !== undefined) {
      if (previous.test !== test) {
        throw at(token, `${key} is both a training and a test example (other at line ${previous.token.line}); test examples must be held out`);
      }
      if (previous.label !== label) throw at(token, `${key} is labelled both positive and negative (other at line ${previous.token.line})`);
      continue;
    }
    labels.set(key, { label, test, token });
    examples[test ? "test" : "train"][label].push(atom);
  }
  if (examples.train.positive.length === 0) throw missing("positive example (a line such as \"+ cyclic(a).\")");

  // Constants in order of first appearance: the training world, then what the test world adds.
  const constants: string[] = [];
  const seen = new Set<string>();
  const collect = (atoms: readonly GroundAtom[]): void => {
    for (const a of atoms) {
      for (const c of a.args) {
        if (!seen.has(c)) {
          seen.add(c);
          constants.push(c);
        }
      }
    }
  };
  const trainingAtoms = statements.filter((s) => !s.test).map((s) => s.atom);
  collect(trainingAtoms);
  const trainingConstants = [...constants];
  collect(statements.filter((s) => s.test).map((s) => s.atom));

  return {
    name: options.name ?? (options.file === undefined ? "task" : baseName(options.file)),
    target: target.value,
    aux: aux.map((declared) => declared.value),
    templates: predicateTemplates,
    steps: steps.value,
    extensional,
    background,
    positive: examples.train.positive,
    negative: examples.train.negative,
    constants: trainingConstants,
    test: { background: testBackground, positive: examples.test.positive, negative: examples.test.negative, constants },
  };
}

/** `examples/ilp/cyclic.dl` → `cyclic` (no node:path, so that the module also runs in browsers). */
function baseName(file: string): string {
  return file.replace(/^.*[\\/]/u, "").replace(/\.[^.]*$/u, "") || "task";
}
