import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/errors.js";
import { groundAtom } from "../../../src/lang/datalog/syntax.js";
import { intensionalPredicates, testWorld, type IlpTask } from "../../../src/lang/datalog/task.js";
import { TaskFileError, parseIlpTask } from "../../../src/lang/datalog/taskFile.js";
import { printIlpTask } from "../../../src/lang/datalog/taskPrint.js";

/** The example of issue 4 ("Task file format"), with the template cyclic needs (int = true). */
const ISSUE_EXAMPLE = `% comments
#target cyclic/1
#aux pred/2                       % invented predicates available to the program template
#template cyclic (0, true)        % one rule template (v, int) per clause, one or two per predicate
#template pred (0, false) (1, true)
#steps 4                          % forward-chaining steps T
edge(a, b). edge(b, a). edge(c, d).        % background facts
+ cyclic(a).                               % positive example
- cyclic(c).                               % negative example
`;

describe("parseIlpTask", () => {
  it("reads the issue's example into a typed task", () => {
    const task = parseIlpTask(ISSUE_EXAMPLE, { file: "examples/ilp/cyclic.dl" });
    expect(task).toEqual({
      name: "cyclic",
      target: { name: "cyclic", arity: 1 },
      aux: [{ name: "pred", arity: 2 }],
      templates: [
        { predicate: { name: "cyclic", arity: 1 }, rules: [{ existential: 0, intensional: true }] },
        {
          predicate: { name: "pred", arity: 2 },
          rules: [
            { existential: 0, intensional: false },
            { existential: 1, intensional: true },
          ],
        },
      ],
      steps: 4,
      extensional: [{ name: "edge", arity: 2 }],
      background: [groundAtom("edge", "a", "b"), groundAtom("edge", "b", "a"), groundAtom("edge", "c", "d")],
      positive: [groundAtom("cyclic", "a")],
      negative: [groundAtom("cyclic", "c")],
      constants: ["a", "b", "c", "d"],
      test: { background: [], positive: [], negative: [], constants: ["a", "b", "c", "d"] },
    } satisfies IlpTask);
    expect(intensionalPredicates(task).map((p) => p.name)).toEqual(["cyclic", "pred"]);
  });

  it("reads held-out test data: test facts extend the background, test examples are held out", () => {
    const task = parseIlpTask(`${ISSUE_EXAMPLE}
test edge(x, y). test edge(y, x). test edge(d, x).
test + cyclic(x).
test - cyclic(d). test - cyclic(e).
`);
    expect(task.name).toBe("task");
    expect(task.test).toEqual({
      background: [groundAtom("edge", "x", "y"), groundAtom("edge", "y", "x"), groundAtom("edge", "d", "x")],
      positive: [groundAtom("cyclic", "x")],
      negative: [groundAtom("cyclic", "d"), groundAtom("cyclic", "e")],
      constants: ["a", "b", "c", "d", "x", "y", "e"],
    });
    expect(task.constants).toEqual(["a", "b", "c", "d"]);
    expect(testWorld(task)).toHaveLength(6);
  });

  it("accepts any layout: statements spanning lines, directives in any order, True/False, name/arity templates", () => {
    const task = parseIlpTask(`
      #steps 2
      edge(a,
           b).  + p(a). - p(b).
      #template p/1 (1, True) (0, FALSE)
      #aux q/0 r/2
      #template q (0, false)
      #template r (2, true)
      #target p/1
      test + p(c). test edge(c, a).
      test edge(a, b).
    `);
    expect(task.templates.map((t) => t.predicate.name)).toEqual(["p", "q", "r"]);
    expect(task.templates[0]?.rules).toEqual([{ existential: 1, intensional: true }, { existential: 0, intensional: false }]);
    expect(task.background).toEqual([groundAtom("edge", "a", "b")]);
    // A test fact already in the background adds nothing to the test world.
    expect(task.test.background).toEqual([groundAtom("edge", "c", "a")]);
    // A predicate named "test" is still an ordinary fact.
    expect(parseIlpTask(`${ISSUE_EXAMPLE}test(a). test (b).`).background.map((g) => g.predicate)).toEqual(["edge", "edge", "edge", "test", "test"]);
  });

  it("drops repeated facts and examples", () => {
    const task = parseIlpTask(`${ISSUE_EXAMPLE}edge(a, b). + cyclic(a). - cyclic(c).`);
    expect(task.background).toHaveLength(3);
    expect(task.positive).toHaveLength(1);
    expect(task.negative).toHaveLength(1);
  });

  it.each([
    ["#target cyclic/1\n#target p/1", "line 2, column 2: #target given twice (first at line 1)"],
    ["#target cyclic", "line 1, column 15: expected \"/\", found end of input"],
    ["#target cyclic\n", "line 1, column 15: expected \"/\", found end of line"],
    ["#target cyclic/x", "line 1, column 16: expected an arity (a non-negative integer), found \"x\""],
    ["#target Cyclic/1", "line 1, column 9: expected a predicate name (starting with a lowercase letter), found \"Cyclic\""],
    ["#tagret p/1", "line 1, column 2: unknown directive #tagret (expected #target, #aux, #template or #steps)"],
    ["#", "line 1, column 2: expected a directive name after \"#\", found end of input"],
    ["#steps 0", "line 1, column 2: #steps must be an integer from 1 to 100, got 0"],
    ["#steps four", "line 1, column 8: expected the number of forward-chaining steps (a positive integer), found \"four\""],
    ["#steps 3 4", "line 1, column 10: expected end of line, found \"4\""],
    ["#template p (0 false)", "line 1, column 16: expected \",\", found \"false\""],
    ["#template p (0, maybe)", "line 1, column 17: expected true or false (whether intensional predicates may appear in the body), found \"maybe\""],
    ["#template p", "line 1, column 12: expected \"(\", found end of input"],
    ["#template p (0, true) (1, true) (2, false)", "line 1, column 33: at most two rule templates per predicate (∂ILP §4.2)"],
    ["edge(a, b). #steps 3", "line 1, column 13: a directive must start its own line"],
    ["edge(a, b)\n+ p(a).", "line 2, column 1: expected \".\", found \"+\""],
    ["p(X).", "line 1, column 3: facts and examples must be ground, but X is a variable (names starting with an uppercase letter are variables)"],
    ["p(a) :- q(a).", "line 1, column 6: rules are not allowed in a task file: background knowledge is a set of ground facts"],
    ["+ p(a", "line 1, column 6: expected \",\" or \")\", found end of input"],
    ["edge(a; b).", "line 1, column 7: unexpected character \";\""],
  ])("reports syntax errors with line and column: %j", (text, message) => {
    expect(() => parseIlpTask(text)).toThrow(message);
  });

  const HEADER = "#target p/1\n#aux q/2\n#template p (1, true)\n#template q (0, false)\n#steps 2\n";
  it.each([
    ["#aux q/2\n#steps 1\n+ p(a).", "line 3: missing #target directive (e.g. \"#target cyclic/1\")"],
    ["#target p/1\n#template p (0, false)\n+ p(a).\n", "line 4: missing #steps directive (the number of forward-chaining steps, e.g. \"#steps 4\")"],
    ["#target p/1\n#steps 1\n+ p(a).", "line 3: missing #template for p/1"],
    [`${HEADER}e(a).`, "line 6: missing positive example (a line such as \"+ cyclic(a).\")"],
    [`${HEADER}#aux p/2\n+ p(a).`, "line 6, column 6: p is already declared as the target predicate at line 1"],
    [`${HEADER}#template r (0, true)\n+ p(a).`, "line 6, column 11: #template for r, which is neither the target nor declared with #aux"],
    [`${HEADER}#template q/1 (0, true)\n+ p(a).`, "line 6, column 11: #template says q/1 but it is declared as q/2 at line 2"],
    [`${HEADER}#template q (1, true)\n+ p(a).`, "line 6, column 11: second #template for q (first at line 4); give both rule templates on one line"],
    [`${HEADER}+ p(a, b).`, "line 6, column 3: p has 2 argument(s) here but is declared as p/1 at line 1"],
    [`${HEADER}e(a).\n+ p(a).\ne(a, b).`, "line 8, column 1: e has 2 argument(s) here but is used with 1 at line 6"],
    [`${HEADER}q(a, b).\n+ p(a).`, "line 6, column 1: background facts may not use an auxiliary predicate q/2; label examples with + or -"],
    [`${HEADER}p(a).\n+ p(b).`, "line 6, column 1: background facts may not use the target predicate p/1; label examples with + or -"],
    [`${HEADER}+ p(a).\n- q(a, b).`, "line 7, column 3: examples must be atoms of the target predicate p/1, not q"],
    [`${HEADER}+ p(a).\n- p(a).`, "line 7, column 3: p(a) is labelled both positive and negative (other at line 6)"],
    [`${HEADER}test - p(a).\n+ p(a).`, "line 6, column 8: p(a) is both a training and a test example (other at line 7); test examples must be held out"],
    [`${HEADER}+ p(a).\ntest f(a).`, "line 7, column 6: test fact uses f, which no (training) background fact uses"],
  ])("reports semantic errors with the line: %j", (text, message) => {
    expect(() => parseIlpTask(text)).toThrow(message);
  });

  it("raises a TaskFileError: an InputError with exit code 2 that names the file and line", () => {
    let error: unknown;
    try {
      parseIlpTask("#target p/1\n#steps x", { file: "tasks/bad.dl" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TaskFileError);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ exitCode: 2, line: 2, column: 8, file: "tasks/bad.dl" });
    expect((error as Error).message).toBe(
      "tasks/bad.dl: line 2, column 8: expected the number of forward-chaining steps (a positive integer), found \"x\"",
    );
  });
});

describe("printIlpTask", () => {
  it("prints the canonical form (golden)", () => {
    const task = parseIlpTask(`${ISSUE_EXAMPLE}test edge(x, x). test + cyclic(x).`);
    expect(printIlpTask(task)).toBe(`#target cyclic/1
#aux pred/2
#template cyclic (0, true)
#template pred (0, false) (1, true)
#steps 4

edge(a, b).
edge(b, a).
edge(c, d).

+ cyclic(a).

- cyclic(c).

test edge(x, x).

test + cyclic(x).
`);
  });

  it("parse inverts print", () => {
    const arbConstant = fc.constantFrom("a", "b", "c", "0", "12");
    const arbTask = fc
      .record({
        edges: fc.uniqueArray(fc.tuple(arbConstant, arbConstant), { selector: ([x, y]) => `${x},${y}` }),
        labels: fc.uniqueArray(fc.tuple(arbConstant, fc.constantFrom("positive", "negative", "test+", "test-")), {
          selector: ([c]) => c,
          minLength: 1,
        }),
        steps: fc.integer({ min: 1, max: 20 }),
        rules: fc.array(fc.record({ existential: fc.nat({ max: 3 }), intensional: fc.boolean() }), { minLength: 1, maxLength: 2 }),
      })
      .filter(({ labels }) => labels.some(([, l]) => l === "positive"));
    fc.assert(
      fc.property(arbTask, ({ edges, labels, steps, rules }) => {
        const text = [
          "#target p/1",
          `#template p ${rules.map((r) => `(${r.existential}, ${r.intensional})`).join(" ")}`,
          `#steps ${steps}`,
          ...edges.map(([x, y]) => `edge(${x}, ${y}).`),
          ...labels.map(([c, l]) => ({ positive: "+", negative: "-", "test+": "test +", "test-": "test -" })[l] + ` p(${c}).`),
        ].join("\n");
        const task = parseIlpTask(text);
        const printed = printIlpTask(task);
        const again = parseIlpTask(printed);
        // Printing groups examples by label, so only the order of first appearance of constants may change.
        const sorted = (t: IlpTask): IlpTask => ({
          ...t,
          constants: [...t.constants].sort(),
          test: { ...t.test, constants: [...t.test.constants].sort() },
        });
        expect(sorted(again)).toEqual(sorted(task));
        expect(printIlpTask(again)).toBe(printed);
      }),
    );
  });
});
