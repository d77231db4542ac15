import { tf } from "../../engine/backend.js";
import type { Rng } from "../../engine/rng.js";
import { ROAP_VARIABLES } from "../../data/roapTasks.js";
import { initWeight, variableFrom, constantVariable } from "../../nets/init.js";
import { normalizeLastAxis } from "../../nets/layerNorm.js";
import { mlp } from "../../nets/mlp.js";
import type { RoapConfig } from "./config.js";
import type { TaskHead } from "./heads.js";

/**
 * ROAP's "w/o program structure, i.e. CNN+MLP" baselines (§4.1): the outputs are predicted from
 * the grounded symbols by neural networks instead of programs, trained end to end with the same
 * grounder and likelihood. Two ways to tell tasks apart (the paper reports the better):
 * - disjoint: one MLP per task, y_t = MLP_t(s);
 * - one-hot: one shared MLP on the task id, y_t = MLP([s; one-hot(t)]).
 * Both use `config.hidden` as hidden layers with layer normalisation before each ReLU, as the
 * synthesizer's MLPs do (the per-task MLPs normalise without a learned gain and bias).
 */
function neuralHead(params: () => tf.Variable[], predictOn: (symbols: tf.Tensor) => tf.Tensor): TaskHead {
  return {
    params,
    forward: (_outputs, symbols) => ({ predicted: predictOn(symbols), length: undefined, sketch: undefined }),
    decode: () => undefined,
    predict: (_outputs, symbols) => tf.tidy(() => predictOn(symbols).dataSync() as Float32Array),
    dispose: () => undefined,
  };
}

/** y_t = MLP_t(s): per-task weights applied as one batched matmul over [T, N, ·]. */
export function disjointMlpHead(config: RoapConfig, rng: Rng): TaskHead {
  const T = config.tasks;
  const sizes = [ROAP_VARIABLES, ...config.hidden, 1];
  const layers = sizes.slice(1).map((out, k) => {
    const inputs = sizes[k] as number;
    const last = k === sizes.length - 2;
    const shape = [T, inputs, out];
    return { weight: variableFrom(initWeight(last ? "glorot" : "he", shape, inputs, out, rng), shape), bias: constantVariable([T, 1, out], 0), last };
  });
  return neuralHead(
    () => layers.flatMap((l) => [l.weight, l.bias]),
    (symbols) =>
      tf.tidy(() => {
        const N = symbols.shape[0];
        let h: tf.Tensor = tf.broadcastTo(symbols, [T, N, ROAP_VARIABLES]);
        for (const layer of layers) {
          h = tf.add(tf.matMul(h as tf.Tensor3D, layer.weight as tf.Tensor3D), layer.bias);
          if (!layer.last) h = tf.relu(normalizeLastAxis(h));
        }
        return tf.reshape(h, [T, N]);
      }),
  );
}

/** y_t = MLP([s; one-hot(t)]): one MLP over T·N rows. */
export function oneHotMlpHead(config: RoapConfig, rng: Rng): TaskHead {
  const T = config.tasks;
  const net = mlp(rng, { inputs: ROAP_VARIABLES + T, outputs: 1, hidden: config.hidden });
  return neuralHead(
    () => net.params(),
    (symbols) =>
      tf.tidy(() => {
        const N = symbols.shape[0];
        const s = tf.broadcastTo(symbols, [T, N, ROAP_VARIABLES]);
        const ids = tf.broadcastTo(tf.reshape(tf.eye(T), [T, 1, T]), [T, N, T]);
        return tf.reshape(net.apply(tf.concat([s, ids], 2)), [T, N]);
      }),
  );
}
