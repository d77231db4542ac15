/**
 * How to start a worker thread on the module `name` (without extension) next to `moduleUrl` (the
 * caller's `import.meta.url`): the compiled `name.js` directly, or, when gradsynth runs from its
 * TypeScript sources (tsx, vitest), tsWorkerBootstrap.mjs with `name.ts` as its last argument.
 * Pass both to `new Worker(entry, { argv, ... })`.
 */
export function workerEntry(moduleUrl: string, name: string): { readonly entry: URL; readonly argv: string[] } {
  if (!moduleUrl.endsWith(".ts")) return { entry: new URL(`./${name}.js`, moduleUrl), argv: [] };
  return { entry: new URL("./tsWorkerBootstrap.mjs", import.meta.url), argv: [new URL(`./${name}.ts`, moduleUrl).href] };
}
