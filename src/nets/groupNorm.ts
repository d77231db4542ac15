import { tf } from "../engine/backend.js";
import { constantVariable } from "./init.js";
import { LAYER_NORM_EPSILON } from "./layerNorm.js";
import type { Parametric } from "./net.js";

/** At most this many groups: Wu & He's default G (2018, "Group Normalization", §3.1). */
export const GROUP_NORM_MAX_GROUPS = 32;
/** Channels per group aimed for (Wu & He, §3.1, also fix the channels per group instead of G). */
export const GROUP_NORM_CHANNELS = 16;

/**
 * Group normalisation (Wu & He 2018) of NHWC feature maps: the C channels are split into G groups,
 * each group is normalised over (H, W, C/G) per image, then a learned per-channel affine part
 * γ ⊙ x̂ + β (initialised to the identity). Unlike BatchNorm it does not mix the images of a
 * batch, which is why it stands in for BatchNorm in ROAP's ResNet (ROAP §4.1, footnote 3:
 * "BatchNorm can not be easily applied in the multi-tasking setting").
 */
export interface GroupNorm extends Parametric {
  readonly channels: number;
  readonly groups: number;
  /** x [B, H, W, C] → same shape. */
  apply(x: tf.Tensor4D): tf.Tensor4D;
}

/**
 * G for C channels: the largest divisor of C that is at most min(32, C/16), and at least 1, so
 * every group holds 16 channels or more. On ROAP's 28×28 images the ResNet's last stage sees 1×1
 * maps, where a group is just its channels: with G = 32 at C = 64 a group would hold 2 values
 * (normalised to ±1), and with fewer channels than groups a single value, always normalised to 0,
 * which cuts the gradient to every earlier layer.
 */
export function groupsFor(channels: number): number {
  const limit = Math.max(1, Math.min(GROUP_NORM_MAX_GROUPS, Math.floor(channels / GROUP_NORM_CHANNELS)));
  let groups = limit;
  while (channels % groups !== 0) groups--;
  return groups;
}

/** GroupNorm over `channels` in `groupsFor(channels)` groups. */
export function groupNorm(channels: number, epsilon = LAYER_NORM_EPSILON): GroupNorm {
  if (!Number.isInteger(channels) || channels <= 0) throw new RangeError(`groupNorm: channels must be a positive integer, got ${channels}`);
  const groups = groupsFor(channels);
  const gain = constantVariable([channels], 1);
  const shift = constantVariable([channels], 0);
  return {
    channels,
    groups,
    params: () => [gain, shift],
    apply: (x) =>
      tf.tidy(() => {
        const [b, h, w, c] = x.shape;
        if (c !== channels) throw new RangeError(`groupNorm: expected ${channels} channels, got [${x.shape.join(", ")}]`);
        const grouped = tf.reshape(x, [b, h, w, groups, channels / groups]);
        const { mean, variance } = tf.moments(grouped, [1, 2, 4], true);
        const normalized = tf.reshape(tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, epsilon))), [b, h, w, c]);
        return tf.add<tf.Tensor4D>(tf.mul(normalized, gain), shift);
      }),
  };
}
