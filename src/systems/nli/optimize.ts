import { tf } from "../../engine/backend.js";

/**
 * One optimiser update of `params` on the loss `objective()` returns, with gradients clipped to
 * global norm `clipNorm` (Pascanu et al. 2013): g ← g · min(1, clipNorm / ‖g‖). The objective
 * returns the scalar to minimise and scalars to report; their values are returned. Shared by NLI
 * training and the baselines trained beside it.
 */
export function clippedStep(
  params: readonly tf.Variable[],
  optimizer: tf.Optimizer,
  clipNorm: number,
  objective: () => { readonly total: tf.Scalar; readonly report: readonly tf.Scalar[] },
): number[] {
  return tf.tidy(() => {
    let kept: tf.Tensor[] = [];
    const { grads } = tf.variableGrads(() => {
      const { total, report } = objective();
      kept = report.map((x) => tf.keep(x));
      return total;
    }, [...params]);
    const list = params.map((p) => grads[p.name] ?? tf.zerosLike(p));
    const norm = tf.sqrt(tf.addN(list.map((g) => tf.sum(tf.square(g)))));
    const scale = tf.minimum(1, tf.div(clipNorm, tf.add(norm, 1e-12)));
    optimizer.applyGradients(params.map((p, i) => ({ name: p.name, tensor: tf.mul(list[i] as tf.Tensor, scale) })));
    const values = kept.map((x) => x.dataSync()[0] as number);
    tf.dispose(kept);
    return values;
  });
}
