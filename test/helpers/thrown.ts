import { expect } from "vitest";
import { ParseError } from "../../src/lang/parseError.js";

/** The error of class `type` that `run` throws (the test fails when it throws nothing or something else). */
export function thrownBy<E extends Error>(run: () => unknown, type: abstract new (...args: never[]) => E): E {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(type);
  return error as E;
}

/** The ParseError `parse` throws. */
export const parseErrorOf = (parse: () => unknown): ParseError => thrownBy(parse, ParseError);
