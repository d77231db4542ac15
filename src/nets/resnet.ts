import { tf } from "../engine/backend.js";
import type { Rng } from "../engine/rng.js";
import type { Cnn } from "./cnn.js";
import { dense, startOutput } from "./dense.js";
import { groupNorm, type GroupNorm } from "./groupNorm.js";
import { initWeight, variableFrom } from "./init.js";
import type { Parametric } from "./net.js";

export interface ResNetOptions {
  /** Image height and width (default 28). */
  readonly size?: number;
  /** Input channels (default 1). */
  readonly channels?: number;
  /** Channels of the first stage; the stages have w, 2w, 4w, 8w (default 64, the standard ResNet-18). */
  readonly width?: number;
  /** Initial bias of the output unit (default 0). */
  readonly outputBias?: number;
  /** Factor on the output unit's initial (Glorot) weights (default 1). */
  readonly outputScale?: number;
}

/** Basic blocks per stage of the 18-layer ResNet (He et al. 2016, Table 1). */
export const RESNET18_BLOCKS: readonly number[] = [2, 2, 2, 2];

/** A bias-free convolution followed by GroupNorm: the unit every ResNet layer is made of. */
interface ConvNorm extends Parametric {
  apply(x: tf.Tensor4D): tf.Tensor4D;
}

function convNorm(rng: Rng, kernel: number, inChannels: number, outChannels: number, stride: number): ConvNorm {
  const shape = [kernel, kernel, inChannels, outChannels];
  // He init (fan-in kh·kw·cin), as for every conv that feeds a ReLU; no bias: the norm's β replaces it.
  const filter = variableFrom(initWeight("he", shape, kernel * kernel * inChannels, kernel * kernel * outChannels, rng), shape);
  const norm: GroupNorm = groupNorm(outChannels);
  // PyTorch's padding ⌊k/2⌋ on every side (3 for the 7×7 stem, 1 for 3×3, 0 for the 1×1 shortcut).
  const pad = Math.floor(kernel / 2);
  return {
    params: () => [filter, ...norm.params()],
    apply: (x) => norm.apply(tf.conv2d(x, filter as tf.Tensor4D, stride, pad)),
  };
}

/** A basic block: relu(norm(conv3×3(relu(norm(conv3×3(x))))) + shortcut(x)), shortcut = 1×1 conv + norm when the shape changes. */
function basicBlock(rng: Rng, inChannels: number, outChannels: number, stride: number): ConvNorm {
  const first = convNorm(rng, 3, inChannels, outChannels, stride);
  const second = convNorm(rng, 3, outChannels, outChannels, 1);
  const shortcut = stride !== 1 || inChannels !== outChannels ? convNorm(rng, 1, inChannels, outChannels, stride) : undefined;
  const parts = shortcut ? [first, second, shortcut] : [first, second];
  return {
    params: () => parts.flatMap((p) => p.params()),
    apply: (x) => tf.relu(tf.add(second.apply(tf.relu(first.apply(x))), shortcut ? shortcut.apply(x) : x)) as tf.Tensor4D,
  };
}

/**
 * The 18-layer ResNet (He et al. 2016) as ROAP's symbol grounder (§4.1: "the standard 18-layer
 * ResNet"), with its last layer changed to predict one symbol (footnote 2) and GroupNorm in place
 * of BatchNorm (footnote 3). Stem: 7×7 conv, stride 2 → norm → ReLU → 3×3 max-pool, stride 2; then
 * four stages of two basic blocks with w, 2w, 4w, 8w channels (stride 2 from the second stage);
 * global average pooling; a dense layer to one output. On 28×28 images the stages see 7×7, 4×4,
 * 2×2 and 1×1 maps.
 */
export function resnet18(rng: Rng, options: ResNetOptions = {}): Cnn {
  const size = options.size ?? 28;
  const channels = options.channels ?? 1;
  const width = options.width ?? 64;
  for (const [name, n] of [["size", size], ["channels", channels], ["width", width]] as const) {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`resnet18: ${name} must be a positive integer, got ${n}`);
  }
  const stem = convNorm(rng, 7, channels, width, 2);
  const blocks: ConvNorm[] = [];
  let inChannels = width;
  RESNET18_BLOCKS.forEach((count, stage) => {
    const outChannels = width * 2 ** stage;
    for (let k = 0; k < count; k++) {
      blocks.push(basicBlock(rng, inChannels, outChannels, stage > 0 && k === 0 ? 2 : 1));
      inChannels = outChannels;
    }
  });
  const out = dense(rng, inChannels, 1, "glorot");
  startOutput(out, options.outputBias, options.outputScale);
  const parts: Parametric[] = [stem, ...blocks, out];
  return {
    size,
    channels,
    params: () => parts.flatMap((p) => p.params()),
    apply: (images) =>
      tf.tidy(() => {
        const x = images.rank === 3 && channels === 1 ? tf.expandDims(images, 3) : images;
        if (x.rank !== 4 || x.shape[1] !== size || x.shape[2] !== size || x.shape[3] !== channels) {
          throw new RangeError(`resnet18: expected images [B, ${size}, ${size}, ${channels}], got [${images.shape.join(", ")}]`);
        }
        let h = tf.maxPool(tf.relu(stem.apply(x as tf.Tensor4D)), 3, 2, 1);
        for (const block of blocks) h = block.apply(h);
        const pooled = tf.mean(h, [1, 2]); // global average pooling → [B, 8w]
        return tf.reshape<tf.Rank.R1>(out.apply(pooled), [x.shape[0]]);
      }),
  };
}
