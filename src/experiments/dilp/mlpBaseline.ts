import { tf } from "../../engine/backend.js";
import type { Rng } from "../../engine/rng.js";
import { VariableAdam } from "../../engine/variableAdam.js";
import { mlp } from "../../nets/mlp.js";
import { disposeNets } from "../../nets/net.js";

/**
 * The MLP baseline of ∂ILP's less-than on images (Evans & Grefenstette 2018, §5.5.4: "the logits
 * for the two images are concatenated together, creating a vector of size 20. This vector is then
 * passed to a linear layer with ReLU activations. Again, we train by minimising cross-entropy
 * loss"; the seed's slide: "We added a hidden layer, produced a single output"): 20 logits → one
 * hidden ReLU layer → one output, the probability that left < right, trained by Adam on the
 * sigmoid cross-entropy of mini-batches of the training pairs. The paper does not give the hidden
 * width, the optimiser or the step count; they are the experiment's settings.
 */
export interface MlpBaselineSettings {
  readonly hidden: number;
  readonly steps: number;
  readonly batch: number;
  readonly learningRate: number;
}

/**
 * Trains the baseline on `inputs` ([n, width] row-major: the two images' logits side by side) with
 * 0/1 `labels`, and returns its probabilities for `tests` (each [m, width]).
 */
export function mlpBaseline(inputs: Float32Array, labels: Uint8Array, tests: readonly Float32Array[], settings: MlpBaselineSettings, rng: Rng): Float32Array[] {
  const n = labels.length;
  if (n === 0 || inputs.length % n !== 0) throw new RangeError(`mlp baseline: ${inputs.length} inputs for ${n} labels`);
  const width = inputs.length / n;
  const net = mlp(rng, { inputs: width, outputs: 1, hidden: [settings.hidden], layerNorm: false });
  const adam = new VariableAdam(net.params(), { learningRate: settings.learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  const batch = Math.min(settings.batch, n);
  const x = new Float32Array(batch * width);
  const y = new Float32Array(batch);
  try {
    for (let step = 0; step < settings.steps; step++) {
      for (let i = 0; i < batch; i++) {
        const k = rng.int(n);
        x.set(inputs.subarray(k * width, (k + 1) * width), i * width);
        y[i] = labels[k] as number;
      }
      const xs = tf.tensor2d(x, [batch, width]);
      const ys = tf.tensor2d(y, [batch, 1]);
      const { value, grads } = tf.variableGrads(() => tf.losses.sigmoidCrossEntropy<tf.Tensor, tf.Scalar>(ys, net.apply(xs)), net.params());
      adam.apply(net.params().map((p) => grads[p.name] as tf.Tensor));
      tf.dispose([xs, ys, value, ...Object.values(grads)]);
    }
    return tests.map((t) => tf.tidy(() => tf.sigmoid(net.apply(tf.tensor2d(t, [t.length / width, width]))).dataSync().slice() as Float32Array));
  } finally {
    disposeNets(net);
  }
}
