import { tf } from "../../../engine/backend.js";
import type { GatherTensor } from "../space/gather.js";
import type { ProgramSpace } from "../space/programSpace.js";

/**
 * Op-by-op tfjs implementation of one forward-chaining step, written as the paper writes it
 * (Evans & Grefenstette 2018, §4.3–4.4): per clause Y1 = gather(a, X1), Y2 = gather(a, X2),
 * Z = Y1 ⊙ Y2, F_c = max over the substitution axis; per predicate the [|cl¹|, |cl²|, rows]
 * tensor of pair valuations max(F¹_j, F²_l), weighted by W*_p and summed; a + b − a ⊙ b. The
 * independent oracle for the fused kernel (stepKernel.ts) in gradient checks. Same inputs and
 * output: valuation [|G|], flat weights [weightCount] → valuation [|G|].
 */
export function forwardChainingStepReference(space: ProgramSpace, a: tf.Tensor, w: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const pieces: tf.Tensor[] = [];
    let next = 0;
    for (const p of [...space.predicates].sort((x, y) => x.rowOffset - y.rowOffset)) {
      if (p.rowOffset > next) pieces.push(tf.zeros([p.rowOffset - next]));
      const slotValues = p.slots.map((slot) => tf.stack(slot.gathers.map((g) => clauseValuation(a, g))));
      const weights = tf.slice(w, [p.weightOffset], [p.weightCount]);
      const [F1, F2] = slotValues as [tf.Tensor, tf.Tensor | undefined];
      const J = F1.shape[0];
      let b: tf.Tensor;
      if (F2 === undefined) {
        b = tf.sum(tf.mul(F1, tf.reshape(weights, [J, 1])), 0);
      } else {
        // tfjs's Maximum gradient does not broadcast: tile both sides to [J, K, rows] first.
        const K = F2.shape[0];
        const pairs = tf.maximum(tf.tile(tf.expandDims(F1, 1), [1, K, 1]), tf.tile(tf.expandDims(F2, 0), [J, 1, 1]));
        b = tf.sum(tf.mul(pairs, tf.reshape(weights, [J, K, 1])), [0, 1]);
      }
      pieces.push(b);
      next = p.rowOffset + p.rows;
    }
    if (space.atomCount > next) pieces.push(tf.zeros([space.atomCount - next]));
    const b = tf.concat(pieces);
    return tf.sub(tf.add(a, b), tf.mul(a, b));
  });
}

/** F_c(a) for the head predicate's rows: max_m a[X1[r, m]] · a[X2[r, m]]. */
function clauseValuation(a: tf.Tensor, g: GatherTensor): tf.Tensor {
  const first = new Int32Array(g.rows * g.width);
  const second = new Int32Array(g.rows * g.width);
  for (let i = 0; i < first.length; i++) {
    first[i] = g.pairs[2 * i] as number;
    second[i] = g.pairs[2 * i + 1] as number;
  }
  const x1 = tf.tensor2d(first, [g.rows, g.width], "int32");
  const x2 = tf.tensor2d(second, [g.rows, g.width], "int32");
  return tf.max(tf.mul(tf.gather(a, x1), tf.gather(a, x2)), 1);
}
