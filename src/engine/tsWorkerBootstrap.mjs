// Entry of a worker thread when gradsynth runs from its TypeScript sources (tsx, vitest): a worker
// does not inherit the parent's TypeScript loader, so register tsx here, then import the worker
// module named by the last argument (see workerEntry in workerEntry.ts). The compiled package
// starts the workers' .js modules directly and never loads this file.
import { argv } from "node:process";
import { register } from "tsx/esm/api";

register();
await import(argv[argv.length - 1]);
