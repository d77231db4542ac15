import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layering of docs/architecture.md, checked on the import graph of src/: every import goes
 * down the layers (or stays in its folder), and there is no cycle between files or folders.
 */
const SRC = new URL("../../src/", import.meta.url).pathname;

/** Top-level folders of src/ from the bottom layer up; src/*.ts utilities sit below them all. */
const LAYERS = ["engine", "relax", "lang", "search", "nets", "data", "systems", "experiments", "cli"] as const;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [relative(SRC, path)] : [];
  });
}

const IMPORT = /(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;

function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), "utf8");
  return [...text.matchAll(IMPORT)].map((m) => normalize(join(dirname(file), m[1] ?? "")).replace(/\.js$/, ".ts"));
}

const FILES = sourceFiles(SRC);
const EDGES = new Map(FILES.map((f) => [f, importsOf(f)]));

/** Strongly connected components with more than one node (Tarjan). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w !== undefined) {
        onStack.delete(w);
        component.push(w);
      }
    } while (w !== undefined && w !== v);
    if (component.length > 1) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** The graph of folders `depth` levels deep; a file above that depth is a node of its own. */
function folderGraph(depth: number): Map<string, string[]> {
  const node = (file: string): string => {
    const parts = file.split("/");
    return parts.length <= depth ? file : parts.slice(0, depth).join("/");
  };
  const graph = new Map<string, string[]>();
  for (const [file, targets] of EDGES) {
    const from = node(file);
    const list = graph.get(from) ?? [];
    for (const target of targets) if (node(target) !== from) list.push(node(target));
    graph.set(from, list);
  }
  return graph;
}

const layerOf = (file: string): number => {
  const top = file.split("/")[0] ?? "";
  return file.includes("/") ? LAYERS.indexOf(top as (typeof LAYERS)[number]) : -1;
};

describe("the import graph of src/", () => {
  it("finds the sources and every relative import resolves to one", () => {
    expect(FILES.length).toBeGreaterThan(100);
    const known = new Set(FILES);
    const dangling = [...EDGES].flatMap(([f, ts]) => ts.filter((t) => !known.has(t)).map((t) => `${f} → ${t}`));
    expect(dangling).toEqual([]);
  });

  it("has every top-level folder in the layer table", () => {
    const folders = new Set(FILES.filter((f) => f.includes("/")).map((f) => f.split("/")[0]));
    expect([...folders].sort()).toEqual([...LAYERS].sort());
  });

  it("imports only downwards: a layer never imports a higher one, the utilities in src/*.ts import no layer", () => {
    const upward = [...EDGES].flatMap(([file, targets]) =>
      file === "index.ts" ? [] : targets.filter((t) => layerOf(t) > layerOf(file)).map((t) => `${file} → ${t}`),
    );
    expect(upward).toEqual([]);
  });

  it("has no cycle between files", () => {
    expect(cycles(EDGES)).toEqual([]);
  });

  it.each([1, 2, 3])("has no cycle between folders %i levels deep", (depth) => {
    expect(cycles(folderGraph(depth))).toEqual([]);
  });
});
