import { expect } from "vitest";
import { ParseError } from "../../src/lang/parseError.js";

/** The ParseError `parse` throws (the test fails when it throws nothing or something else). */
export function parseErrorOf(parse: () => unknown): ParseError {
  let error: unknown;
  try {
    parse();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ParseError);
  return error as ParseError;
}
