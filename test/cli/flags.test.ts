import { describe, expect, it } from "vitest";
import { SHARED, choiceFlag, integerFlag, integerListFlag, numberFlag, onlyWhen, optionLines, parseFlags, switchFlag, textFlag, withDefault } from "../../src/cli/flags.js";

const TABLE = {
  method: choiceFlag("M", ["a", "b"] as const, "a (default) or b"),
  steps: integerFlag("N", 1, 100, "steps", "Options of b:"),
  rate: numberFlag("R", { positive: true, max: 1 }, ["a rate in (0, 1]", "a second paragraph, long enough to wrap at the help column's width of 63 characters"]),
  count: withDefault(integerFlag("C", 0, 9, "a count"), 2),
  sizes: integerListFlag("S,...", 1, 9, "sizes"),
  name: textFlag("X", "a name"),
  "a-very-long-flag-name": switchFlag("wraps to its own line"),
  seed: SHARED.seed(3),
  help: SHARED.help(),
};
const HINT = "(see 'test --help')";

describe("declarative flags", () => {
  it("parses every kind, leaving absent flags at their default or undefined (switches false)", () => {
    const { values, positionals, given } = parseFlags(TABLE, ["f.txt", "--method", "b", "--steps=7", "--rate", "0.5", "--sizes", "1,2", "--name", "x", "-h"], HINT);
    expect({ ...values }).toEqual({ method: "b", steps: 7, rate: 0.5, sizes: [1, 2], count: 2, name: "x", "a-very-long-flag-name": false, seed: 3, help: true });
    expect(positionals).toEqual(["f.txt"]);
    expect([...given].sort()).toEqual(["help", "method", "name", "rate", "sizes", "steps"]);
  });

  it("checks each value when it is read, so a command orders its errors", () => {
    const parsed = parseFlags(TABLE, ["--method", "b", "--steps", "x"], HINT);
    expect(() => onlyWhen(parsed, ["steps"], parsed.values.method === "a", "applies only to --method a")).toThrow("--steps applies only to --method a");
    expect(() => parsed.values.steps).toThrow("--steps must be a positive integer, got 'x'");
  });

  it.each([
    [["--rate", "2"], "rate", "--rate must be in (0, 1], got '2'"],
    [["--rate", "0"], "rate", "--rate must be a positive number, got '0'"],
    [["--sizes", "1,10"], "sizes", "--sizes must be at most 9, got '10'"],
    [["--method", "c"], "method", "--method must be one of a, b, got 'c'"],
    [["--seed", "2147483648"], "seed", "--seed must be at most 2147483647, got '2147483648'"],
  ] as const)("rejects %j", (args, flag, message) => {
    expect(() => parseFlags(TABLE, args, HINT).values[flag]).toThrow(message);
  });

  it("turns parseArgs' errors into one-line usage errors with the hint", () => {
    expect(() => parseFlags(TABLE, ["--nope"], HINT)).toThrow("unknown option '--nope' (see 'test --help')");
  });

  it("writes --help lines grouped by section, long labels on their own line", () => {
    expect(optionLines(TABLE).split("\n")).toEqual([
      "Options:",
      "  --method M             a (default) or b",
      "  --rate R               a rate in (0, 1]",
      "                         a second paragraph, long enough to wrap at the help column's",
      "                         width of 63 characters",
      "  --count C              a count (default 2)",
      "  --sizes S,...          sizes",
      "  --name X               a name",
      "  --a-very-long-flag-name",
      "                         wraps to its own line",
      "  --seed S               random seed, a non-negative integer (default 3)",
      "  -h, --help             show this help",
      "",
      "Options of b:",
      "  --steps N              steps",
    ]);
  });
});
