import { tf } from "../engine/backend.js";
import type { Rng } from "../engine/rng.js";
import { selfAttention, type SelfAttention } from "./attention.js";
import { layerNorm, type LayerNorm } from "./layerNorm.js";
import { mlp, type Mlp } from "./mlp.js";
import type { Parametric } from "./net.js";

/**
 * A Transformer encoder (Vaswani et al. 2017) with pre-LayerNorm residual blocks (Xiong et al.
 * 2020, which train stably without warm-up):
 *   h ← h + Attention(LN(h)),  h ← h + FF(LN(h)),  and a final LN,
 * FF being dense → ReLU → dense. No positional encoding: callers add their own.
 */
export interface TransformerOptions {
  readonly dim: number;
  readonly heads: number;
  readonly layers: number;
  /** Hidden width of the feed-forward part of each block. */
  readonly feedForward: number;
}

export interface TransformerEncoder extends Parametric {
  readonly options: TransformerOptions;
  /** x [B, L, dim] → [B, L, dim]. */
  apply(x: tf.Tensor): tf.Tensor;
}

interface Block {
  readonly norm1: LayerNorm;
  readonly attention: SelfAttention;
  readonly norm2: LayerNorm;
  readonly feedForward: Mlp;
}

export function transformerEncoder(rng: Rng, options: TransformerOptions): TransformerEncoder {
  const { dim, heads, layers, feedForward } = options;
  const blocks: Block[] = Array.from({ length: layers }, () => ({
    norm1: layerNorm(dim),
    attention: selfAttention(rng, dim, heads),
    norm2: layerNorm(dim),
    feedForward: mlp(rng, { inputs: dim, outputs: dim, hidden: [feedForward], layerNorm: false }),
  }));
  const final = layerNorm(dim);
  return {
    options,
    params: () => [...blocks.flatMap((b) => [b.norm1, b.attention, b.norm2, b.feedForward].flatMap((p) => p.params())), ...final.params()],
    apply: (x) =>
      tf.tidy(() => {
        let h = x;
        for (const b of blocks) {
          h = tf.add(h, b.attention.apply(b.norm1.apply(h)));
          h = tf.add(h, b.feedForward.apply(b.norm2.apply(h)));
        }
        return final.apply(h);
      }),
  };
}
