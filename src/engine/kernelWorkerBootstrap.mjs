// Entry of a fused-kernel worker when gradsynth runs from its TypeScript sources (tsx, vitest):
// a worker thread does not inherit the parent's TypeScript loader, so register tsx here first.
// The compiled package starts dist/engine/kernelWorker.js directly and never loads this file.
import { register } from "tsx/esm/api";

register();
await import("./kernelWorker.ts");
