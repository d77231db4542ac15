import fc from "fast-check";

/**
 * Every property test draws from one fixed fast-check seed, so that `npm test` (and CI) gives the
 * same verdict on every run; a failure prints its seed and path to replay. To explore other
 * inputs, run with another seed: `FC_SEED=123 npx vitest run`.
 */
const seed = Number(process.env.FC_SEED ?? 20261122);
if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer, got '${process.env.FC_SEED}'`);
fc.configureGlobal({ seed });
