import type { BackendName } from "../engine/backend.js";
import { UsageError } from "../errors.js";

/** The engine's backends, listed here without importing the engine (checked both ways below). */
export const CLI_BACKENDS = ["wasm", "cpu"] as const satisfies readonly BackendName[];
type MissingBackend = Exclude<BackendName, (typeof CLI_BACKENDS)[number]>;
const everyBackendListed: [MissingBackend] extends [never] ? true : MissingBackend = true;
void everyBackendListed;

/** The backend from --backend, else from $GRADSYNTH_BACKEND (if set and not empty), else undefined (the engine's default). */
export function backendFrom(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): BackendName | undefined {
  if (flag !== undefined) return oneOf("--backend", flag, CLI_BACKENDS);
  const fromEnv = env["GRADSYNTH_BACKEND"];
  return fromEnv !== undefined && fromEnv !== "" ? oneOf("GRADSYNTH_BACKEND", fromEnv, CLI_BACKENDS) : undefined;
}

/**
 * Runs `node:util` parseArgs (or anything that throws its errors) and turns its errors into short
 * one-line `UsageError`s: parseArgs' own messages are long and suggest `--` tricks.
 */
export function withUsageErrors<R>(parse: () => R, hint = ""): R {
  try {
    return parse();
  } catch (error) {
    const converted = toUsageError(error);
    throw converted instanceof UsageError && hint !== "" ? new UsageError(`${converted.message} ${hint}`) : converted;
  }
}

function toUsageError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined || !code.startsWith("ERR_PARSE_ARGS_")) return error;
  const quoted = /'([^']*)'/u.exec(error.message)?.[1] ?? "";
  // '--lines <value>' in parseArgs' messages: keep just the flag.
  const flag = quoted.split(" ")[0] ?? quoted;
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return new UsageError(`unknown option '${flag}'`);
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return new UsageError(`unexpected argument '${quoted}'`);
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      if (/does not take an argument/u.test(error.message)) return new UsageError(`${flag} does not take a value`);
      if (/ambiguous/u.test(error.message)) return new UsageError(`${flag} needs a value (write ${flag}=VALUE for a value starting with '-')`);
      return new UsageError(`${flag} needs a value`);
    default:
      return new UsageError(error.message.split("\n")[0] ?? error.message);
  }
}

/** `value` if it is one of `allowed`, else a UsageError naming `name`. */
export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${name} must be one of ${allowed.join(", ")}, got '${value}'`);
}

/** A decimal integer in [min, max], or undefined when the flag was not given. */
export function optionalInteger(flag: string, text: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined;
  const value = /^[+-]?\d+$/u.test(text.trim()) ? Number(text) : NaN;
  const kind = min === 1 ? "a positive integer" : min === 0 ? "a non-negative integer" : `an integer ≥ ${min}`;
  if (!Number.isSafeInteger(value) || value < min) throw new UsageError(`${flag} must be ${kind}, got '${text}'`);
  if (value > max) throw new UsageError(`${flag} must be at most ${max}, got '${text}'`);
  return value;
}

/** A finite decimal number (> 0 when `positive`, else ≥ 0), or undefined when the flag was not given. */
export function optionalNumber(flag: string, text: string | undefined, positive: boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/u.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    throw new UsageError(`${flag} must be ${positive ? "a positive" : "a non-negative"} number, got '${text}'`);
  }
  return value;
}
