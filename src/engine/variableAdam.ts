import type { AdamSettings } from "./adam.js";
import { tf } from "./backend.js";

/**
 * Adam (Kingma & Ba 2015) over tfjs variables, with its whole state readable and writable so that
 * a checkpoint can resume training exactly (tfjs's own optimizer names its state after global
 * variable names, which differ between processes).
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,  θ ← θ − lr · (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε)
 */
export interface AdamState {
  readonly step: number;
  /** First and second moments, one array per variable in the order the optimizer was given. */
  readonly m: readonly Float32Array[];
  readonly v: readonly Float32Array[];
}

export class VariableAdam {
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private step = 0;

  constructor(
    readonly variables: readonly tf.Variable[],
    readonly settings: AdamSettings,
  ) {
    this.m = variables.map((x) => tf.variable(tf.zerosLike(x), false));
    this.v = variables.map((x) => tf.variable(tf.zerosLike(x), false));
  }

  /**
   * One update from `grads` (one per variable, same order and shapes), with the learning rate
   * multiplied by `factor` (a schedule's value; default 1). Does not dispose them.
   */
  apply(grads: readonly tf.Tensor[], factor = 1): void {
    if (grads.length !== this.variables.length) throw new RangeError(`expected ${this.variables.length} gradients, got ${grads.length}`);
    this.step++;
    const { learningRate, beta1, beta2, epsilon } = this.settings;
    const stepSize = (factor * learningRate) / (1 - beta1 ** this.step);
    const secondCorrection = 1 - beta2 ** this.step;
    tf.tidy(() => {
      this.variables.forEach((x, k) => {
        const g = grads[k] as tf.Tensor;
        const m = this.m[k] as tf.Variable;
        const v = this.v[k] as tf.Variable;
        m.assign(tf.add(tf.mul(beta1, m), tf.mul(1 - beta1, g)));
        v.assign(tf.add(tf.mul(beta2, v), tf.mul(1 - beta2, tf.square(g))));
        const denominator = tf.add(tf.sqrt(tf.div(v, secondCorrection)), epsilon);
        x.assign(tf.sub(x, tf.mul(stepSize, tf.div(m, denominator))));
      });
    });
  }

  state(): AdamState {
    const copy = (t: tf.Variable): Float32Array => Float32Array.from(t.dataSync() as Float32Array);
    return { step: this.step, m: this.m.map(copy), v: this.v.map(copy) };
  }

  restore(state: AdamState): void {
    const count = this.variables.length;
    if (state.m.length !== count || state.v.length !== count) throw new RangeError(`Adam state holds ${state.m.length} first and ${state.v.length} second moments, expected ${count} of each`);
    this.step = state.step;
    tf.tidy(() => this.variables.forEach((x, k) => {
      for (const [moments, saved] of [[this.m, state.m], [this.v, state.v]] as const) {
        const values = saved[k] as Float32Array;
        if (values.length !== x.size) throw new RangeError(`Adam state of variable ${k} has ${values.length} values, expected ${x.size}`);
        (moments[k] as tf.Variable).assign(tf.tensor(values, x.shape, "float32"));
      }
    }));
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
