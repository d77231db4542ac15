import { parseArgs } from "node:util";
import { UsageError } from "../errors.js";
import { CLI_BACKENDS, oneOf, optionalInteger, optionalNumber, withUsageErrors } from "./args.js";

/**
 * Declarative command-line flags: one table per command declares each flag once, with its kind
 * (which fixes how its value is parsed and checked) and its help lines; `parseFlags` parses and
 * validates the arguments against the table, and `optionLines` writes the table's part of --help.
 * Flags every command shares are declared once, in `SHARED`.
 */

interface Described {
  /** Help paragraphs, each wrapped to the help column (the first starts beside the flag). */
  readonly help: readonly string[];
  /** The value's name in --help, e.g. `N` in `--steps N`. */
  readonly metavar?: string;
  /** The heading of the --help section the flag is listed under (default "Options:"). */
  readonly section?: string;
}
export interface SwitchFlag extends Described {
  readonly kind: "switch";
  /** A one-letter alias, e.g. h for -h. */
  readonly short?: string;
}
export interface IntegerFlag extends Described {
  readonly kind: "integer";
  readonly min: number;
  readonly max: number;
}
export interface NumberFlag extends Described {
  readonly kind: "number";
  readonly positive: boolean;
  readonly max?: number;
}
/** Comma-separated integers, each in [min, max] (an empty value is the empty list). */
export interface IntegerListFlag extends Described {
  readonly kind: "integers";
  readonly min: number;
  readonly max: number;
}
export interface ChoiceFlag<C extends string = string> extends Described {
  readonly kind: "choice";
  readonly choices: readonly C[];
}
export interface TextFlag extends Described {
  readonly kind: "text";
}
export type Flag = SwitchFlag | IntegerFlag | IntegerListFlag | NumberFlag | ChoiceFlag | TextFlag;
export type FlagTable = Readonly<Record<string, Flag>>;

type ValueOf<F> = F extends { readonly fallback: infer V } ? V : F extends SwitchFlag ? boolean : F extends IntegerFlag | NumberFlag ? number | undefined : F extends IntegerListFlag ? number[] | undefined : F extends ChoiceFlag<infer C> ? C | undefined : string | undefined;
/** The parsed value of every flag of a table: when it was not given, its default, else `undefined` (a switch: false). */
export type FlagValues<T extends FlagTable> = { readonly [K in keyof T]: ValueOf<T[K]> };

const lines = (help: string | readonly string[]): readonly string[] => (typeof help === "string" ? [help] : help);

export const switchFlag = (help: string | readonly string[], section?: string): SwitchFlag => ({ kind: "switch", help: lines(help), ...(section === undefined ? {} : { section }) });
export const integerFlag = (metavar: string, min: number, max: number, help: string | readonly string[], section?: string): IntegerFlag => ({
  kind: "integer",
  metavar,
  min,
  max,
  help: lines(help),
  ...(section === undefined ? {} : { section }),
});
export const integerListFlag = (metavar: string, min: number, max: number, help: string | readonly string[], section?: string): IntegerListFlag => ({
  kind: "integers",
  metavar,
  min,
  max,
  help: lines(help),
  ...(section === undefined ? {} : { section }),
});
export const numberFlag = (metavar: string, range: { readonly positive: boolean; readonly max?: number }, help: string | readonly string[], section?: string): NumberFlag => ({
  kind: "number",
  metavar,
  ...range,
  help: lines(help),
  ...(section === undefined ? {} : { section }),
});
export const choiceFlag = <C extends string>(metavar: string, choices: readonly C[], help: string | readonly string[], section?: string): ChoiceFlag<C> => ({
  kind: "choice",
  metavar,
  choices,
  help: lines(help),
  ...(section === undefined ? {} : { section }),
});
export const textFlag = (metavar: string, help: string | readonly string[], section?: string): TextFlag => ({
  kind: "text",
  metavar,
  help: lines(help),
  ...(section === undefined ? {} : { section }),
});

/** A space `optionLines` never breaks a line at. */
const NO_BREAK = "\u00a0";

type ValuedFlag = Exclude<Flag, SwitchFlag>;
/** A flag with a default: its value when absent, written once and shown in --help. */
export type DefaultedFlag<F extends ValuedFlag> = F & { readonly fallback: NonNullable<ValueOf<F>> };

/** "(default <shown>)" for help text, kept on one line. */
export const defaultNote = (shown: unknown, comment = ""): string => `(default${NO_BREAK}${String(shown)}${comment})`;

/** `flag` with the default `fallback`, shown at the end of its help as "(default <shown>)". */
export function withDefault<F extends ValuedFlag>(flag: F, fallback: NonNullable<ValueOf<F>>, shown: unknown = fallback): DefaultedFlag<F> {
  const help = [...flag.help];
  help[help.length - 1] = `${help.at(-1) ?? ""} ${defaultNote(shown)}`;
  return Object.assign({}, flag, { help, fallback });
}

/** The largest seed every system accepts and stores (checkpoints keep it as a 32-bit signed integer). */
export const MAX_SEED = 2 ** 31 - 1;

/** The flags every command shares, declared once; a command lists the ones it takes in its table. */
export const SHARED = {
  seed: (fallback: number, help: string | readonly string[] = "random seed, a non-negative integer", section?: string): DefaultedFlag<IntegerFlag> =>
    withDefault(integerFlag("S", 0, MAX_SEED, help, section), fallback),
  backend: (section?: string): ChoiceFlag<(typeof CLI_BACKENDS)[number]> =>
    choiceFlag("B", CLI_BACKENDS, `tensor backend: ${CLI_BACKENDS.join(" or ")} (default wasm, or $GRADSYNTH_BACKEND)`, section),
  json: (section?: string): SwitchFlag => switchFlag("print one JSON object on stdout instead of text", section),
  quiet: (section?: string): SwitchFlag => switchFlag("no progress bar on stderr", section),
  help: (section?: string): SwitchFlag => ({ ...switchFlag("show this help", section), short: "h" }),
};

/** `value`, parsed and checked as `flag` declares; a UsageError naming `--name` otherwise. */
function valueOf(name: string, flag: Flag, raw: string | boolean | undefined): unknown {
  const option = `--${name}`;
  if (flag.kind === "switch") return raw === true;
  if (raw === undefined || typeof raw === "boolean") return "fallback" in flag ? flag.fallback : undefined;
  switch (flag.kind) {
    case "integer":
      return optionalInteger(option, raw, flag.min, flag.max);
    case "integers":
      return raw.trim() === "" ? [] : raw.split(",").map((part) => optionalInteger(option, part, flag.min, flag.max));
    case "number": {
      const value = optionalNumber(option, raw, flag.positive);
      if (value !== undefined && flag.max !== undefined && value > flag.max) {
        throw new UsageError(`${option} must be in ${flag.positive ? "(0" : "[0"}, ${flag.max}], got '${raw}'`);
      }
      return value;
    }
    case "choice":
      return oneOf(option, raw, flag.choices);
    case "text":
      return raw;
  }
}

export interface ParsedFlags<T extends FlagTable> {
  /** Each value is parsed and checked when first read, so a command decides the order of its errors. */
  readonly values: FlagValues<T>;
  readonly positionals: readonly string[];
  /** Which flags the command line set (a switch: given at all). */
  readonly given: ReadonlySet<string>;
}

/**
 * Parses `args` against `table` (node:util parseArgs, strict, positionals allowed) and checks every
 * value; `hint` ends each usage error, e.g. "(see 'gradsynth ilp --help')".
 */
export function parseFlags<T extends FlagTable>(table: T, args: readonly string[], hint: string): ParsedFlags<T> {
  const options = Object.fromEntries(
    Object.entries(table).map(([name, flag]) => [name, flag.kind === "switch" ? { type: "boolean" as const, ...(flag.short === undefined ? {} : { short: flag.short }) } : { type: "string" as const }]),
  );
  const { values, positionals } = withUsageErrors(() => parseArgs({ args: [...args], options, allowPositionals: true, strict: true }), hint);
  const given = new Set(Object.keys(values).filter((name) => values[name] !== undefined));
  const parsed = {};
  for (const [name, flag] of Object.entries(table)) {
    let cached: { readonly value: unknown } | undefined;
    Object.defineProperty(parsed, name, { enumerable: true, get: () => (cached ??= { value: valueOf(name, flag, values[name]) }).value });
  }
  return { values: parsed as FlagValues<T>, positionals, given };
}

/** Fails when any of `flags` was given and `applies` is false: "--flag <why>". */
export function onlyWhen<T extends FlagTable>(parsed: ParsedFlags<T>, flags: readonly (keyof T & string)[], applies: boolean, why: string): void {
  if (applies) return;
  const stray = flags.find((flag) => parsed.given.has(flag));
  if (stray !== undefined) throw new UsageError(`--${stray} ${why}`);
}

/** The one positional argument `name` (e.g. FILE) of `command`. */
export function onePositional(command: string, name: string, positionals: readonly string[], hint: string): string {
  const [value, ...extra] = positionals;
  if (value === undefined) throw new UsageError(`${command}: missing ${name} ${hint}`);
  if (extra.length > 0) throw new UsageError(`${command}: unexpected argument '${extra[0]}' (one ${name} per run)`);
  return value;
}

/** Fails on any positional argument of a command that takes none. */
export function noPositionals(command: string, positionals: readonly string[], hint: string): void {
  if (positionals.length > 0) throw new UsageError(`${command}: unexpected argument '${positionals[0]}' ${hint}`);
}

const COLUMN = 25;
/** Help text wraps at this many characters, so a --help line stays within 88 columns. */
const HELP_WIDTH = 63;

/** `text` broken at spaces (not at NO_BREAK) into lines of at most `width` characters (a longer word stands alone). */
function wrap(text: string, width: number): string[] {
  const wrapped: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      wrapped.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  return [...wrapped, line].map((part) => part.replaceAll(NO_BREAK, " "));
}

/** The table's flags as --help lines, grouped by section in the order the table first names them. */
export function optionLines(table: FlagTable): string {
  const sections = new Map<string, string[]>();
  for (const [name, flag] of Object.entries(table)) {
    const label = `  ${flag.kind === "switch" && flag.short !== undefined ? `-${flag.short}, ` : ""}--${name}${flag.metavar === undefined ? "" : ` ${flag.metavar}`}`;
    const [first = "", ...rest] = flag.help.flatMap((paragraph) => wrap(paragraph, HELP_WIDTH));
    const head = label.length < COLUMN ? [`${label.padEnd(COLUMN)}${first}`] : [label, `${" ".repeat(COLUMN)}${first}`];
    const section = flag.section ?? "Options:";
    sections.set(section, [...(sections.get(section) ?? []), ...head, ...rest.map((line) => `${" ".repeat(COLUMN)}${line}`)]);
  }
  return [...sections].map(([title, body]) => [title, ...body].join("\n")).join("\n\n");
}
