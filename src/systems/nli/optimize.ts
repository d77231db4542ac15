import { tf } from "../../engine/backend.js";

/** What one clipped step did: the reported scalars, and whether the update was applied. */
export interface ClippedStep {
  readonly report: number[];
  /** False when the loss or the gradients' norm was not finite: the parameters were left as they were. */
  readonly applied: boolean;
}

/**
 * One optimiser update of `params` on the loss `objective()` returns, with gradients clipped to
 * global norm `clipNorm` (Pascanu et al. 2013): g ← g · min(1, clipNorm / ‖g‖). The objective
 * returns the scalar to minimise and scalars to report; their values are returned. A step whose
 * loss or gradient norm is not finite (NaN, ±∞) is skipped, as ROAP skips them: no update, so no
 * parameter ever becomes NaN. Shared by NLI training, the baselines trained beside it and the
 * test-time searches.
 */
export function clippedStep(
  params: readonly tf.Variable[],
  optimizer: tf.Optimizer,
  clipNorm: number,
  objective: () => { readonly total: tf.Scalar; readonly report: readonly tf.Scalar[] },
): ClippedStep {
  return tf.tidy(() => {
    let kept: tf.Tensor[] = [];
    const { value, grads } = tf.variableGrads(() => {
      const { total, report } = objective();
      kept = report.map((x) => tf.keep(x));
      return total;
    }, [...params]);
    const list = params.map((p) => grads[p.name] ?? tf.zerosLike(p));
    const norm = tf.sqrt(tf.addN(list.map((g) => tf.sum(tf.square(g)))));
    const [loss = NaN, size = NaN] = tf.stack([value, norm]).dataSync();
    const applied = Number.isFinite(loss) && Number.isFinite(size);
    if (applied) {
      const scale = tf.minimum(1, tf.div(clipNorm, tf.add(norm, 1e-12)));
      optimizer.applyGradients(params.map((p, i) => ({ name: p.name, tensor: tf.mul(list[i] as tf.Tensor, scale) })));
    }
    const report = kept.map((x) => x.dataSync()[0] as number);
    tf.dispose(kept);
    return { report, applied };
  });
}
