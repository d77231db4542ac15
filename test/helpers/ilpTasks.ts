import { readFileSync } from "node:fs";
import { parseIlpTask } from "../../src/lang/datalog/taskFile.js";
import type { IlpTask } from "../../src/lang/datalog/task.js";

/** One of the paper's tasks shipped in examples/ilp/. */
export function shippedTask(name: string): IlpTask {
  return parseIlpTask(readFileSync(new URL(`../../examples/ilp/${name}.dl`, import.meta.url), "utf8"), { file: `${name}.dl` });
}
