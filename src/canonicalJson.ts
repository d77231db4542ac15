/**
 * JSON text of a plain value with every object's keys sorted, so that two values compare equal as
 * text exactly when they are equal as data, whatever the order their keys were written in (e.g. a
 * configuration read from an older file, with defaults filled in front, against one built in code).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
