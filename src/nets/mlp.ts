import { tf } from "../engine/backend.js";
import type { Rng } from "../engine/rng.js";
import { dense, type Dense } from "./dense.js";
import { layerNorm, type LayerNorm } from "./layerNorm.js";
import type { Parametric } from "./net.js";
import { normRelu } from "./normReluHeap.js";

/** ROAP §4.1: "All MLPs used in the program synthesizer model have two hidden layers of size 256." */
export const ROAP_HIDDEN: readonly number[] = [256, 256];

export interface MlpOptions {
  readonly inputs: number;
  readonly outputs: number;
  /** Sizes of the hidden layers (default ROAP's [256, 256]; [] gives one linear layer). */
  readonly hidden?: readonly number[];
  /**
   * LayerNorm before each ReLU (default true): ROAP §4.1, "Layer normalization is applied before
   * each activation function, ReLU, to improve the training stability".
   */
  readonly layerNorm?: boolean;
}

/** A multi-layer perceptron: (dense → LayerNorm → ReLU) per hidden layer, then a linear dense. */
export interface Mlp extends Parametric {
  readonly inputs: number;
  readonly outputs: number;
  readonly hidden: readonly number[];
  /** x [..., inputs] → [..., outputs]; leading axes are flattened into one matmul. */
  apply(x: tf.Tensor): tf.Tensor;
  /** The first layer's weight W₁ [inputs, hidden[0]] (or [inputs, outputs] without hidden layers). */
  readonly firstWeight: tf.Variable;
  /**
   * The same MLP given only the first layer's product x·W₁ [M, width of W₁] (no bias) → [M, outputs],
   * for callers that form x·W₁ more cheaply than by building x (PointNet: W₁·[y; s] = y·W₁ʸ + s·W₁ˢ).
   */
  applyToProduct(product: tf.Tensor2D): tf.Tensor2D;
}

export function mlp(rng: Rng, options: MlpOptions): Mlp {
  const hidden = [...(options.hidden ?? ROAP_HIDDEN)];
  const useNorm = options.layerNorm ?? true;
  for (const n of [options.inputs, options.outputs, ...hidden]) {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`mlp: layer sizes must be positive integers, got ${n}`);
  }
  const layers: { linear: Dense; norm: LayerNorm | undefined }[] = [];
  let width = options.inputs;
  for (const size of hidden) {
    // He init: each hidden layer feeds a ReLU (through LayerNorm).
    layers.push({ linear: dense(rng, width, size, "he"), norm: useNorm ? layerNorm(size) : undefined });
    width = size;
  }
  const out = dense(rng, width, options.outputs, "glorot");
  const all: Parametric[] = [...layers.flatMap((l) => (l.norm ? [l.linear, l.norm] : [l.linear])), out];
  const first = layers[0]?.linear ?? out;
  /** Every layer from the first one's product x·W₁ on: its bias (and LayerNorm, ReLU), then the rest. */
  const fromProduct = (product: tf.Tensor2D): tf.Tensor2D => {
    let h: tf.Tensor2D = product;
    layers.forEach(({ linear, norm }, k) => {
      const z = k === 0 ? h : linear.product(h);
      h = (norm ? normRelu(z, linear.bias, norm.gain, norm.shift) : tf.relu(tf.add(z, linear.bias))) as tf.Tensor2D;
    });
    return layers.length === 0 ? tf.add(h, out.bias) : out.apply(h);
  };
  return {
    inputs: options.inputs,
    outputs: options.outputs,
    hidden,
    firstWeight: first.weight,
    params: () => all.flatMap((p) => p.params()),
    apply: (x) =>
      tf.tidy(() => {
        const lead = x.shape.slice(0, -1);
        if (x.shape[x.rank - 1] !== options.inputs) {
          throw new RangeError(`mlp: expected last axis ${options.inputs}, got shape [${x.shape.join(", ")}]`);
        }
        const h = fromProduct(first.product(x.rank === 2 ? x : tf.reshape(x, [-1, options.inputs])));
        return x.rank === 2 ? h : tf.reshape(h, [...lead, options.outputs]);
      }),
    applyToProduct: (product) =>
      tf.tidy(() => {
        if (product.rank !== 2 || product.shape[1] !== first.outputs) {
          throw new RangeError(`mlp: expected a first-layer product [M, ${first.outputs}], got [${product.shape.join(", ")}]`);
        }
        return fromProduct(product);
      }),
  };
}
