import { tf } from "../../engine/backend.js";
import type { Rng } from "../../engine/rng.js";
import { ROAP_VARIABLES } from "../../data/roapTasks.js";
import { programToExpr, treeToExpr } from "../../lang/arith/convert.js";
import { evaluateProgram, evaluateTree } from "../../lang/arith/evaluate.js";
import { operatorCount } from "../../lang/arith/formulas.js";
import { COST, OP_COUNT, USES_RIGHT } from "../../lang/arith/relaxed/coefficients.js";
import { chooseIndex, decodeStraightLine } from "../../lang/arith/relaxed/decode.js";
import { causalMask, executeStraightLine, executeSyntaxTree, expectedProgramLength, relaxStraightLine, splitStraightLineLogits, splitStraightLineRow, straightLineLayout, type StraightLineLogits } from "../../lang/arith/relaxed/executors.js";
import { programLength } from "../../lang/arith/simplify.js";
import { OPS, type Expr } from "../../lang/arith/syntax.js";
import { variableFrom } from "../../nets/init.js";
import type { Parametric } from "../../nets/net.js";
import { pointNet } from "../../nets/pointNet.js";
import type { Relaxation } from "../../relax/kinds.js";
import { relax } from "../../relax/softmax.js";
import type { RoapConfig } from "./config.js";

/**
 * The part of ROAP's model after the grounder: from a batch's outputs y [T, N] and grounded
 * symbols s [N, V] to predictions ŷ [T, N]. Program heads relax and execute a program per task
 * (the straight-line sketch of Figure 3, or the syntax tree of Appendix B, Figure 7), with its
 * logits z_t predicted by the PointNet synthesizer (amortized inference, §3.2) or held as free
 * parameters ("w/o amortized inference"). Neural heads (baselines.ts) predict without programs.
 */
export interface HeadForward {
  readonly predicted: tf.Tensor;
  /** E[length(z_t)] [T] for the prior of eq. 6; undefined for heads without programs. */
  readonly length: tf.Tensor | undefined;
  /**
   * The straight-line head's logits zO [T, L, O], zL and zR [T, L, V+L] with the causal mask
   * added (log-softmax of a row is log q of its choices); undefined for other heads.
   */
  readonly sketch: StraightLineLogits | undefined;
}

/** A decoded program: its size, exact semantics and formula. */
export interface DecodedProgram {
  /** Operators after dead code is removed (a shared line counts once). */
  readonly length: number;
  evaluate(input: readonly number[]): number;
  expr(): Expr;
}

export interface TaskHead extends Parametric {
  forward(outputs: tf.Tensor, symbols: tf.Tensor, relaxation: Relaxation, rng: Rng): HeadForward;
  /**
   * Each task's candidate programs from the given pairs: first z_t = argmax q(z | r(pairs)), then
   * `sampling.samples` draws z ~ q(z | r(pairs)) (none without `sampling`). Undefined for heads
   * without programs, which instead give their predictions on `symbols` [N, V] as [T, N].
   */
  decode(outputs: tf.Tensor, symbols: tf.Tensor, sampling?: Sampling): readonly (readonly DecodedProgram[])[] | undefined;
  predict(outputs: tf.Tensor, symbols: tf.Tensor): Float32Array;
  dispose(): void;
}

/** How many programs to draw per task besides the argmax, and from which generator. */
export interface Sampling {
  readonly samples: number;
  readonly rng: Rng;
}

/** The argmax (no generator) and then `sampling.samples` draws of a decoder. */
function candidatesOf<P>(decodeOne: (sampler?: Rng) => P, sampling: Sampling | undefined): P[] {
  const out = [decodeOne()];
  for (let k = 0; k < (sampling?.samples ?? 0); k++) out.push(decodeOne(sampling?.rng));
  return out;
}

/** Logits of every task, either from the PointNet (flat [T, K]) or free variables [T, K]. */
function logitSource(config: RoapConfig, size: number, rng: Rng): Parametric & { logits(outputs: tf.Tensor, symbols: tf.Tensor): tf.Tensor } {
  if (config.synthesizer === "amortized") {
    const net = pointNet(rng, { vars: ROAP_VARIABLES, hidden: config.hidden, features: config.features, outputSize: size });
    return { params: () => net.params(), logits: (outputs, symbols) => net.apply(outputs, symbols) };
  }
  const free = variableFrom(Float32Array.from({ length: config.tasks * size }, () => config.initScale * rng.normal()), [config.tasks, size]);
  return {
    params: () => [free],
    logits: (outputs) => {
      if (outputs.shape[0] !== config.tasks) throw new RangeError(`free program logits hold ${config.tasks} tasks, got outputs for ${outputs.shape[0]}`);
      return free;
    },
  };
}

/** The logits' values, copied out of tfjs (assigned outside the tidy: a returned typed array would be walked element by element). */
function logitValues(source: ReturnType<typeof logitSource>, outputs: tf.Tensor, symbols: tf.Tensor): Float32Array {
  let values = new Float32Array(0);
  tf.tidy(() => {
    values = Float32Array.from(source.logits(outputs, symbols).dataSync());
  });
  return values;
}

/** Rows of a flat [T, K] array, each as a subarray. */
const rowsOf = (data: Float32Array, rows: number): Float32Array[] => {
  const size = data.length / rows;
  return Array.from({ length: rows }, (_, t) => data.subarray(t * size, (t + 1) * size));
};

const unsupportedPredict = (): never => {
  throw new Error("program heads predict through their decoded programs");
};

/** Figure 3: an L-line straight-line sketch; zO [T, L, O], zL and zR [T, L, V+L] (causally masked). */
export function straightLineHead(config: RoapConfig, rng: Rng): TaskHead {
  const V = ROAP_VARIABLES;
  const L = config.lines;
  const source = logitSource(config, straightLineLayout(V, L).size, rng);
  const mask = causalMask(V, L);
  return {
    params: () => source.params(),
    forward: (outputs, symbols, relaxation, noise) =>
      tf.tidy(() => {
        const logits = splitStraightLineLogits(source.logits(outputs, symbols), V, L);
        const w = relaxStraightLine(logits, relaxation, noise, mask);
        return {
          predicted: executeStraightLine(w.op, w.left, w.right, symbols),
          length: expectedProgramLength(w.op, w.left, w.right),
          sketch: { op: logits.op, left: tf.add(logits.left, mask.bias), right: tf.add(logits.right, mask.bias) },
        };
      }),
    decode: (outputs, symbols, sampling) => {
      const flat = logitValues(source, outputs, symbols);
      return rowsOf(flat, outputs.shape[0]).map((row) => {
        const logits = splitStraightLineRow(row, V, L);
        return candidatesOf((sampler) => {
          const program = decodeStraightLine(logits, V, L, sampler);
          return { length: programLength(program), evaluate: (input: readonly number[]) => evaluateProgram(program, input), expr: () => programToExpr(program) };
        }, sampling);
      });
    },
    predict: unsupportedPredict,
    dispose: () => mask.bias.dispose(),
  };
}

/**
 * Appendix B (Figure 7): a complete binary tree of depth D; its 2^D − 1 internal nodes choose an
 * operator, its 2^D leaves an input symbol. No mask: every choice is always allowed.
 */
export function syntaxTreeHead(config: RoapConfig, rng: Rng): TaskHead {
  const V = ROAP_VARIABLES;
  const internal = 2 ** config.depth - 1;
  const leaves = internal + 1;
  const source = logitSource(config, internal * OP_COUNT + leaves * V, rng);
  const split = (flat: tf.Tensor) => {
    const T = flat.shape[0];
    const [ops, leafLogits] = tf.split(flat, [internal * OP_COUNT, leaves * V], 1);
    return { ops: tf.reshape(ops as tf.Tensor, [T, internal, OP_COUNT]), leaves: tf.reshape(leafLogits as tf.Tensor, [T, leaves, V]) };
  };
  return {
    params: () => source.params(),
    forward: (outputs, symbols, relaxation, noise) =>
      tf.tidy(() => {
        const z = split(source.logits(outputs, symbols));
        const wOps = relax(z.ops, relaxation, noise);
        const wLeaves = relax(z.leaves, relaxation, noise);
        return { predicted: executeSyntaxTree(wOps, wLeaves, symbols), length: expectedTreeLength(wOps, internal), sketch: undefined };
      }),
    decode: (outputs, symbols, sampling) => {
      const flat = logitValues(source, outputs, symbols);
      return rowsOf(flat, outputs.shape[0]).map((row) =>
        candidatesOf((sampler) => {
          const ops = Array.from({ length: internal }, (_, k) => OPS[chooseIndex(row, k * OP_COUNT, OP_COUNT, sampler)] ?? "skip");
          const leafChoices = Array.from({ length: leaves }, (_, k) => chooseIndex(row, internal * OP_COUNT + k * V, V, sampler));
          const tree = { inputs: V, depth: config.depth, ops, leaves: leafChoices };
          const expr = treeToExpr(tree);
          return { length: operatorCount(expr), evaluate: (input: readonly number[]) => evaluateTree(tree, input), expr: () => expr };
        }, sampling),
      );
    },
    predict: unsupportedPredict,
    dispose: () => undefined,
  };
}

/**
 * E[length] of a relaxed syntax tree (the analogue of eq. 6's recursion): node k costs Σ_o w_ko·cost_o
 * when it is reached; the root is reached, a node's left child is reached whenever it is, its right
 * child with probability Σ_o w_ko·[o reads B] (skip returns its left argument). [T, 2^D − 1, O] → [T].
 */
export function expectedTreeLength(wOps: tf.Tensor, internal: number): tf.Tensor {
  return tf.tidy(() => {
    const cost = tf.sum(tf.mul(wOps, tf.tensor1d(Float32Array.from(COST))), 2); // [T, nodes]
    const right = tf.sum(tf.mul(wOps, tf.tensor1d(Float32Array.from(USES_RIGHT))), 2);
    const T = wOps.shape[0];
    const columns = tf.unstack(cost, 1);
    const rightColumns = tf.unstack(right, 1);
    const reach: tf.Tensor[] = [tf.ones([T])];
    let total = tf.mul(reach[0] as tf.Tensor, columns[0] as tf.Tensor);
    for (let k = 1; k < internal; k++) {
      const parent = (k - 1) >> 1;
      const parentReach = reach[parent] as tf.Tensor;
      reach.push(k % 2 === 1 ? parentReach : tf.mul(parentReach, rightColumns[parent] as tf.Tensor));
      total = tf.add(total, tf.mul(reach[k] as tf.Tensor, columns[k] as tf.Tensor));
    }
    return total;
  });
}
