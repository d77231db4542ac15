import type { tf } from "../engine/backend.js";

/**
 * What every net in `nets/` is: a small object owning its trainable `tf.Variable`s, listed in a
 * fixed order by `params()`, and an `apply` function (its signature is the net's own). Nets are
 * plain tfjs-core ops over those variables — no tfjs-layers models — so they run inside any
 * `tf.tidy`, `tf.variableGrads` or optimizer call.
 */
export interface Parametric {
  /** The trainable variables, in a fixed order (the same order for the same options). */
  params(): tf.Variable[];
}

/** Disposes every variable of each net (call once, when the nets are no longer needed). */
export function disposeNets(...nets: readonly Parametric[]): void {
  for (const net of nets) for (const p of net.params()) p.dispose();
}

/** Total number of scalar parameters. */
export function countParams(net: Parametric): number {
  return net.params().reduce((n, p) => n + p.size, 0);
}

/** Copies of the current parameter values (for checkpoints and tests), in `params()` order. */
export function snapshotParams(net: Parametric): Float32Array[] {
  return net.params().map((p) => Float32Array.from(p.dataSync() as Float32Array));
}
