import { tf } from "../engine/backend.js";
import type { Rng } from "../engine/rng.js";
import { mlp, ROAP_HIDDEN, type Mlp } from "./mlp.js";
import { maxOverSet } from "./pool.js";
import type { Parametric } from "./net.js";

export interface PointNetOptions {
  /** V: symbols per example (ROAP: 3). */
  readonly vars: number;
  /** Size of MLP_prog's output per task: the program model's logits (its layout is the model's). */
  readonly outputSize: number;
  /** Hidden layers of every MLP (default ROAP's [256, 256]). */
  readonly hidden?: readonly number[];
  /** Width F of each pooled feature h_out, h_io, h_rel[j] (default 256; the paper does not say). */
  readonly features?: number;
  /** LayerNorm before each ReLU (default true, ROAP §4.1). */
  readonly layerNorm?: boolean;
}

/**
 * ROAP's program synthesizer r (§3.2, "Model Structure of the Program Synthesizer"; PointNet,
 * Appendix A): from a task's set of symbol-output pairs {(y_i, s_i)} to the logits z of its
 * straight-line program.
 *   h_out    = max_i MLP_out(y_i)
 *   h_rel[j] = max_i MLP_rel([y_i; s_ij])   for j = 1..V (one MLP_rel shared by all j)
 *   h_io     = max_i MLP_io([y_i; s_i])
 *   z        = MLP_prog([h_out; h_io; h_rel[1]; …; h_rel[V]])
 * Max-pooling over the examples i makes r invariant to their order and size N.
 */
export interface PointNet extends Parametric {
  readonly vars: number;
  readonly outputSize: number;
  readonly mlpOut: Mlp;
  readonly mlpRel: Mlp;
  readonly mlpIo: Mlp;
  readonly mlpProg: Mlp;
  /**
   * outputs y [T, N]; symbols s [N, V] shared by all tasks (ROAP §4.1) or [T, N, V] per task →
   * MLP_prog's output z [T, outputSize] (the program model splits it into its logits, e.g.
   * `splitStraightLineLogits`; masking the arguments is the relaxation's job, not the synthesizer's).
   */
  apply(outputs: tf.Tensor, symbols: tf.Tensor): tf.Tensor;
}

export function pointNet(rng: Rng, options: PointNetOptions): PointNet {
  const { vars, outputSize } = options;
  const hidden = options.hidden ?? ROAP_HIDDEN;
  const features = options.features ?? 256;
  const norm = options.layerNorm ?? true;
  for (const [name, n] of [["vars", vars], ["outputSize", outputSize], ["features", features]] as const) {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`pointNet: ${name} must be a positive integer, got ${n}`);
  }
  const make = (inputs: number, outputs: number): Mlp => mlp(rng, { inputs, outputs, hidden, layerNorm: norm });
  // Construction order fixes the draw order from rng (and the order of params()).
  const mlpOut = make(1, features);
  const mlpRel = make(2, features);
  const mlpIo = make(1 + vars, features);
  const mlpProg = make((2 + vars) * features, outputSize);
  const nets = [mlpOut, mlpRel, mlpIo, mlpProg];

  const apply = (outputs: tf.Tensor, symbols: tf.Tensor): tf.Tensor => {
    if (outputs.rank !== 2) throw new RangeError(`pointNet: outputs must be [T, N], got [${outputs.shape.join(", ")}]`);
    const [tasks, examples] = outputs.shape as [number, number];
    const shared = symbols.rank === 2;
    const expected = shared ? [examples, vars] : [tasks, examples, vars];
    if (symbols.rank !== expected.length || symbols.shape.some((d, k) => d !== expected[k])) {
      throw new RangeError(
        `pointNet: symbols must be [N, V] = [${examples}, ${vars}] or [T, N, V] = [${tasks}, ${examples}, ${vars}], got [${symbols.shape.join(", ")}]`,
      );
    }
    return tf.tidy(() => {
      // Each MLP runs once over all T·N (·V) rows; the max pools over the N axis (axis 1).
      const y = tf.reshape(outputs, [tasks, examples, 1]);
      const hOut = maxOverSet(mlpOut.apply(y)); // [T, F]
      // The first layers of MLP_rel and MLP_io are linear in the concatenated inputs, so they are
      // formed by broadcasting, W·[y; s] = y·Wʸ + s·Wˢ, without building the T·N·V pairs [y_i; s_ij]
      // (nor copying shared symbols T times): the same values, and the gradients reach y, s and W
      // as sums over the broadcast axes.
      const [relY, relS] = weightRows(mlpRel.firstWeight, [1, 1]); // [1, H] each
      const sAxis = tf.expandDims(symbols, -1); // [(T,) N, V, 1]
      const relProduct = tf.add(tf.mul(tf.expandDims(y, -1), relY), tf.mul(sAxis, relS)); // [T, N, V, H]
      const hRel = maxOverSet(tf.reshape(mlpRel.applyToProduct(flatRows(relProduct)), [tasks, examples, vars * features])); // [T, V·F]: h_rel[1], …, h_rel[V]
      const [ioY, ioS] = weightRows(mlpIo.firstWeight, [1, vars]); // [1, H], [V, H]
      const sProduct = tf.reshape(tf.matMul(tf.reshape(symbols, [-1, vars]), ioS), shared ? [examples, -1] : [tasks, examples, -1]);
      const ioProduct = tf.add(tf.mul(y, ioY), sProduct); // [T, N, H]
      const hIo = maxOverSet(tf.reshape(mlpIo.applyToProduct(flatRows(ioProduct)), [tasks, examples, features])); // [T, F]
      return mlpProg.apply(tf.concat([hOut, hIo, hRel], 1)); // [T, outputSize]
    });
  };

  return { vars, outputSize, mlpOut, mlpRel, mlpIo, mlpProg, params: () => nets.flatMap((n) => n.params()), apply };
}

/** Consecutive row blocks of a weight matrix W [Σ rows, H]: the parts acting on each input. */
function weightRows(weight: tf.Tensor, rows: readonly [number, number]): [tf.Tensor2D, tf.Tensor2D] {
  return tf.split(weight, [...rows], 0) as [tf.Tensor2D, tf.Tensor2D];
}

/** x [..., H] → [rows, H]. */
function flatRows(x: tf.Tensor): tf.Tensor2D {
  return tf.reshape(x, [-1, x.shape[x.rank - 1] as number]);
}
