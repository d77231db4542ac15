import { tf } from "../engine/backend.js";
import type { Rng } from "../engine/rng.js";
import { dense, startOutput, type Dense } from "./dense.js";
import { constantVariable, initWeight, variableFrom } from "./init.js";
import type { Parametric } from "./net.js";

export interface CnnOptions {
  /** Image height and width (default 28, MNIST / Fashion-MNIST). */
  readonly size?: number;
  /** Input channels (default 1). */
  readonly channels?: number;
  /** Output channels of each 3×3 'same' conv block, each followed by ReLU and 2×2 max-pool (default [32, 64]). */
  readonly conv?: readonly number[];
  /** Width of the hidden dense layer (default 128). */
  readonly dense?: number;
  /** Output units (default 1, a scalar symbol; 10 for the logits of a digit classifier, ∂ILP §5.5). */
  readonly outputs?: number;
  /** Initial bias of the output unit, i.e. where the symbols start on average (default 0). */
  readonly outputBias?: number;
  /** Factor on the output unit's initial (Glorot) weights; 0 starts every image at `outputBias` (default 1). */
  readonly outputScale?: number;
}

/**
 * The default symbol grounder g (ROAP Figure 2): an image → one scalar symbol. ROAP §4.1 uses an
 * 18-layer ResNet (without BatchNorm) on a GPU; gradsynth's default is this small CNN sized for
 * CPU: conv 3×3×32 → ReLU → maxpool 2 → conv 3×3×64 → ReLU → maxpool 2 → dense 128 → ReLU →
 * dense 1 (the net of bench/cnn.ts). The output is linear (no squashing): the symbols' range
 * 0.1..1.0 is learned from the loss. The paper's ResNet-18 is in resnet.ts.
 */
export interface Cnn extends Parametric {
  readonly size: number;
  readonly channels: number;
  /** images [B, H, W, C] (or [B, H, W] when C = 1) → symbols [B]. */
  apply(images: tf.Tensor): tf.Tensor1D;
}

/** The small CNN, which may also have several output units (`apply` needs exactly one). */
export interface SmallCnn extends Cnn {
  readonly outputs: number;
  /** images → the output units [B, outputs]. */
  logits(images: tf.Tensor): tf.Tensor2D;
}

interface ConvBlock {
  readonly filter: tf.Variable;
  readonly bias: tf.Variable;
}

export function cnn(rng: Rng, options: CnnOptions = {}): SmallCnn {
  const size = options.size ?? 28;
  const channels = options.channels ?? 1;
  const convSizes = options.conv ?? [32, 64];
  const hiddenWidth = options.dense ?? 128;
  const outputs = options.outputs ?? 1;
  if (!Number.isInteger(outputs) || outputs < 1) throw new RangeError(`cnn: outputs must be a positive integer, got ${outputs}`);
  const side = convSizes.reduce((n) => Math.floor(n / 2), size); // each 2×2 'valid' max-pool halves the side
  if (side < 1) throw new RangeError(`cnn: ${convSizes.length} pooling stages leave nothing of a ${size}×${size} image`);
  const blocks: ConvBlock[] = [];
  let inChannels = channels;
  for (const out of convSizes) {
    const shape = [3, 3, inChannels, out];
    // He init: every conv feeds a ReLU. fanIn = 3·3·cin.
    blocks.push({ filter: variableFrom(initWeight("he", shape, 9 * inChannels, 9 * out, rng), shape), bias: constantVariable([out], 0) });
    inChannels = out;
  }
  const flat = side * side * inChannels;
  const hidden: Dense = dense(rng, flat, hiddenWidth, "he");
  const out: Dense = dense(rng, hiddenWidth, outputs, "glorot");
  startOutput(out, options.outputBias, options.outputScale);

  const logits = (images: tf.Tensor): tf.Tensor2D =>
    tf.tidy(() => {
      let x = images.rank === 3 && channels === 1 ? tf.expandDims(images, 3) : images;
      if (x.rank !== 4 || x.shape[1] !== size || x.shape[2] !== size || x.shape[3] !== channels) {
        throw new RangeError(`cnn: expected images [B, ${size}, ${size}, ${channels}], got [${images.shape.join(", ")}]`);
      }
      const batch = x.shape[0];
      for (const { filter, bias } of blocks) {
        const conv = tf.add(tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, "same"), bias);
        x = tf.maxPool(tf.relu(conv) as tf.Tensor4D, 2, 2, "valid");
      }
      const h = tf.relu(hidden.apply(tf.reshape(x, [batch, flat])));
      return out.apply(h);
    });

  return {
    size,
    channels,
    outputs,
    params: () => [...blocks.flatMap((b) => [b.filter, b.bias]), ...hidden.params(), ...out.params()],
    logits,
    apply: (images) => {
      if (outputs !== 1) throw new RangeError(`cnn: apply gives one symbol per image; this net has ${outputs} outputs (use logits)`);
      return tf.tidy(() => tf.reshape<tf.Rank.R1>(logits(images), [images.shape[0]]));
    },
  };
}
