import { mkdirSync } from "node:fs";
import { writeFileAtomic } from "../engine/atomicWrite.js";
import { join } from "node:path";
import type { ExperimentOutput } from "./experiment.js";
import { renderSvg } from "./plot.js";

/** Writes results.json, results.md and one SVG per plot into `dir`; returns the paths written. */
export async function writeExperiment(dir: string, output: ExperimentOutput): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ["results.json", `${JSON.stringify(output.results, null, 2)}\n`],
    ["results.md", `${output.markdown.trimEnd()}\n`],
  ];
  for (const plot of output.plots) files.push([`${plot.name}.svg`, await renderSvg(plot.spec)]);
  return files.map(([name, text]) => {
    const path = join(dir, name);
    writeFileAtomic(path, text);
    return path;
  });
}
