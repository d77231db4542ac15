/** Small type-level helpers shared by every layer. */

/** The default branch of an exhaustive switch: fails the type check if a case is missing. */
export function assertNever(value: never): never {
  throw new Error(`unreachable: ${String(value)}`);
}

/** The options that are set (so that `undefined` never overrides a default when spread over it). */
export function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
