import { InputError } from "./errors.js";

/**
 * Reading the fields of a parsed checkpoint file (ROAP's and NLI's), each check naming the file
 * and the field when it fails: one InputError line (exit 2), never a JavaScript error from deep
 * inside a model (docs/formats.md, "Errors"). A checkpoint is checked as a whole before any of it
 * is used, so a bad one is never trained on or overwritten.
 */
export class CheckpointFields {
  constructor(readonly path: string) {}

  fail(field: string, problem: string): never {
    throw new InputError(`${this.path}: ${field} ${problem}`);
  }

  object(value: unknown, field: string): Record<string, unknown> {
    if (value === null || typeof value !== "object" || Array.isArray(value)) this.fail(field, "is not an object");
    return value as Record<string, unknown>;
  }

  array(value: unknown, field: string, length?: number): unknown[] {
    if (!Array.isArray(value)) this.fail(field, "is not a list");
    if (length !== undefined && value.length !== length) this.fail(field, `has ${value.length} entries, expected ${length}`);
    return value;
  }

  integer(value: unknown, field: string, min: number, max: number): number {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) this.fail(field, `must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return value;
  }

  finite(value: unknown, field: string): number {
    if (typeof value !== "number" || !Number.isFinite(value)) this.fail(field, `must be a finite number, got ${JSON.stringify(value)}`);
    return value;
  }

  /** Every value finite (and ≥ 0 when `nonNegative`, e.g. Adam's second moments). */
  values(values: Float32Array, field: string, nonNegative = false): Float32Array {
    const bad = values.findIndex((v) => !Number.isFinite(v) || (nonNegative && v < 0));
    if (bad >= 0) this.fail(field, `holds ${String(values[bad])} at index ${bad} (${nonNegative ? "finite, non-negative" : "finite"} values expected)`);
    return values;
  }

  /** Float32 values stored as base64 of their little-endian bytes. */
  base64(value: unknown, field: string): Float32Array {
    if (typeof value !== "string") this.fail(field, "is not a base64 string");
    const bytes = Buffer.from(value, "base64");
    if (bytes.byteLength % 4 !== 0) this.fail(field, "does not hold whole float32 values");
    const values = new Float32Array(bytes.byteLength / 4);
    new Uint8Array(values.buffer).set(bytes);
    return values;
  }
}
