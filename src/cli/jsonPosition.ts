/**
 * Where JSON text first goes wrong. V8's JSON.parse reports an offset for some errors ("... in JSON
 * at position 42") but only a short snippet for others ("Unexpected token ']', ...\"1,]\" is not
 * valid JSON"), so the CLI re-scans invalid text with this strict RFC 8259 recogniser to tell the
 * user a line and column. It is called only after JSON.parse has failed.
 */

/** 0-based offset of the first syntax error in `text`, or undefined if the text is valid JSON. */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxStop(i);
  };
  const skipSpace = (): void => {
    while (i < text.length && " \t\n\r".includes(text.charAt(i))) i++;
  };
  const digits = (required: boolean): void => {
    if (required && !isDigit(text.charAt(i))) fail();
    while (isDigit(text.charAt(i))) i++;
  };
  const string = (): void => {
    i++; // the opening quote
    while (true) {
      const c = text.charAt(i);
      if (c === "") fail();
      if (c === '"') {
        i++;
        return;
      }
      if (c < " ") fail();
      if (c !== "\\") {
        i++;
        continue;
      }
      const escape = text.charAt(i + 1);
      if (escape !== "" && '"\\/bfnrt'.includes(escape)) i += 2;
      else if (escape === "u") {
        // Like V8, point at the first character that is not a hex digit.
        for (let k = 2; k < 6; k++) {
          if (!/^[0-9a-fA-F]$/u.test(text.charAt(i + k))) {
            i += k;
            fail();
          }
        }
        i += 6;
      } else {
        i++;
        fail();
      }
    }
  };
  const number = (): void => {
    if (text.charAt(i) === "-") i++;
    if (text.charAt(i) === "0") i++;
    else digits(true);
    if (text.charAt(i) === ".") {
      i++;
      digits(true);
    }
    if (text.charAt(i) === "e" || text.charAt(i) === "E") {
      i++;
      if (text.charAt(i) === "+" || text.charAt(i) === "-") i++;
      digits(true);
    }
  };
  const value = (): void => {
    skipSpace();
    const c = text.charAt(i);
    if (c === "{") {
      i++;
      skipSpace();
      if (text.charAt(i) === "}") {
        i++;
        return;
      }
      while (true) {
        skipSpace();
        if (text.charAt(i) !== '"') fail();
        string();
        skipSpace();
        if (text.charAt(i) !== ":") fail();
        i++;
        value();
        skipSpace();
        const next = text.charAt(i);
        i++;
        if (next === "}") return;
        if (next !== ",") {
          i--;
          fail();
        }
      }
    }
    if (c === "[") {
      i++;
      skipSpace();
      if (text.charAt(i) === "]") {
        i++;
        return;
      }
      while (true) {
        value();
        skipSpace();
        const next = text.charAt(i);
        i++;
        if (next === "]") return;
        if (next !== ",") {
          i--;
          fail();
        }
      }
    }
    if (c === '"') return string();
    if (c === "-" || isDigit(c)) return number();
    const word = c === "t" ? "true" : c === "f" ? "false" : c === "n" ? "null" : "";
    if (word === "") fail();
    // Like V8, point at the first character where the literal goes wrong.
    for (let k = 0; k < word.length; k++, i++) if (text.charAt(i) !== word.charAt(k)) fail();
  };
  try {
    value();
    skipSpace();
    return i < text.length ? i : undefined;
  } catch (error) {
    if (error instanceof SyntaxStop) return error.offset;
    // Nesting deep enough to exhaust the stack: no location.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** 1-based line and column of a 0-based offset (lines end at "\n"; columns count UTF-16 units). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split("\n").length, column: offset - before.lastIndexOf("\n") };
}

/** Thrown by the scanner to unwind to `jsonErrorOffset` at the first syntax error. */
class SyntaxStop extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at offset ${offset}`);
  }
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9" && c.length === 1;
}
