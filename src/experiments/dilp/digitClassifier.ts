import { tf } from "../../engine/backend.js";
import type { Rng } from "../../engine/rng.js";
import { VariableAdam } from "../../engine/variableAdam.js";
import { gatherImages, type ImageSplit } from "../../data/images.js";
import { cnn, type SmallCnn } from "../../nets/cnn.js";
import { argmaxAt } from "../../argmax.js";

/**
 * The pretrained convnet of ∂ILP's image tasks (Evans & Grefenstette 2018, §5.5: "a pre-trained
 * convolution neural network ... trained on MNIST classification"; the paper's reached 98% test
 * accuracy): gradsynth's small CNN (nets/cnn.ts) with ten output logits, trained by Adam on the
 * softmax cross-entropy of the digit labels of mini-batches drawn from the training split, then
 * frozen. Its logits feed ∂ILP (through a softmax) and the MLP baseline.
 */
export interface DigitCnnSettings {
  readonly steps: number;
  readonly batch: number;
  readonly learningRate: number;
}

export const DIGIT_CLASSES = 10;

/** Trains the digit classifier on `train` (labels 0..9); the caller disposes the net (disposeNets). */
export function pretrainDigitCnn(train: ImageSplit, settings: DigitCnnSettings, rng: Rng, onStep?: (step: number, loss: number) => void): SmallCnn {
  const [, height, width, channels] = train.shape;
  if (height !== width) throw new RangeError(`digit classifier: square images expected, got ${height}×${width}`);
  const net = cnn(rng, { size: height, channels, outputs: DIGIT_CLASSES });
  const adam = new VariableAdam(net.params(), { learningRate: settings.learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
  const n = train.shape[0];
  const indices = new Int32Array(settings.batch);
  const oneHot = new Float32Array(settings.batch * DIGIT_CLASSES);
  for (let step = 0; step < settings.steps; step++) {
    oneHot.fill(0);
    for (let i = 0; i < settings.batch; i++) {
      indices[i] = rng.int(n);
      oneHot[i * DIGIT_CLASSES + (train.labels[indices[i] as number] as number)] = 1;
    }
    const images = tf.tensor4d(gatherImages(train, indices), [settings.batch, height, width, channels]);
    const y = tf.tensor2d(oneHot, [settings.batch, DIGIT_CLASSES]);
    // Softmax cross-entropy as −mean Σ_c y_c·log softmax(z)_c (a one-hot product: no gather gradient is needed).
    const { value, grads } = tf.variableGrads(() => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(net.logits(images))), 1))) as tf.Scalar, net.params());
    adam.apply(net.params().map((p) => grads[p.name] as tf.Tensor));
    onStep?.(step + 1, value.dataSync()[0] as number);
    tf.dispose([images, y, value, ...Object.values(grads)]);
  }
  return net;
}

/** The classifier's logits for the images at `indices`, row-major [indices.length, 10], in batches of `batch`. */
export function digitLogits(net: SmallCnn, split: ImageSplit, indices: ArrayLike<number>, batch = 256): Float32Array {
  const [, height, width, channels] = split.shape;
  const out = new Float32Array(indices.length * net.outputs);
  for (let from = 0; from < indices.length; from += batch) {
    const chunk = Int32Array.from({ length: Math.min(batch, indices.length - from) }, (_, k) => indices[from + k] as number);
    const logits = tf.tidy(() => net.logits(tf.tensor4d(gatherImages(split, chunk), [chunk.length, height, width, channels])));
    out.set(logits.dataSync(), from * net.outputs);
    logits.dispose();
  }
  return out;
}

/** Fraction of rows of `logits` ([n, classes]) whose largest entry is at the label. */
export function argmaxAccuracy(logits: Float32Array, labels: ArrayLike<number>, classes = DIGIT_CLASSES): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (argmaxAt(logits, i * classes, classes) === labels[i]) correct++;
  return labels.length === 0 ? 1 : correct / labels.length;
}
