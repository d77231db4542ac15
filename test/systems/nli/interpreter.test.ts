import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initEngine, tf } from "../../../src/engine/backend.js";
import { Rng } from "../../../src/engine/rng.js";
import { interpreter, logLikelihood, type Interpreter, type InterpreterOptions } from "../../../src/systems/nli/interpreter.js";
import { SKIP_TOKEN, decodeTokens, printTokens } from "../../../src/lang/tokens/program.js";
import { disposeNets } from "../../../src/nets/net.js";
import { expectGradientsReachAll } from "../../nets/helpers.js";

const plain = { length: 6, alphabet: 4, codebook: 5, tokenDim: 8, routingHidden: 16, valueHidden: 8 };
const generic: InterpreterOptions = { kind: "generic", length: 6, alphabet: 4, codebook: 5, tokenDim: 8, stateDim: 16, hidden: 32 };

beforeAll(async () => {
  await initEngine();
});

/** [G, T, K] programs from token ids, each row `weight` on its token and the rest spread evenly. */
function programs(tokens: number[][], weight = 1): tf.Tensor3D {
  const k = plain.codebook;
  const rest = (1 - weight) / (k - 1);
  return tf.tensor3d(tokens.map((row) => row.map((t) => Array.from({ length: k }, (_, c) => (c === t ? weight : rest)))));
}

function randomInputs(rng: Rng, g: number, q: number, soft: boolean): tf.Tensor4D {
  const { length: n, alphabet: a } = plain;
  const data = new Float32Array(g * q * n * a);
  for (let r = 0; r < g * q * n; r++) {
    if (soft) {
      const w = Array.from({ length: a }, () => rng.next() + 0.01);
      const total = w.reduce((s, v) => s + v, 0);
      w.forEach((v, c) => (data[r * a + c] = v / total));
    } else data[r * a + rng.int(a)] = 1;
  }
  return tf.tensor4d(data, [g, q, n, a]);
}

describe.each([
  ["structured, without relabelling", plain],
  ["structured, with relabelling", { ...plain, relabelHidden: 8 }],
  ["generic", generic],
] as [string, InterpreterOptions][])("recurrent token interpreter, %s", (_name, options) => {
  let p: Interpreter;
  beforeAll(() => {
    p = interpreter(new Rng(3), options);
  });
  afterAll(() => disposeNets(p));

  it("returns its input exactly under an all-skip program, with Gumbel noise, one-hot or soft inputs", () => {
    const rng = new Rng(1);
    for (const soft of [false, true]) {
      tf.tidy(() => {
        const x = randomInputs(rng, 3, 2, soft);
        const out = p.run(programs([[SKIP_TOKEN, SKIP_TOKEN, SKIP_TOKEN, SKIP_TOKEN]].concat([[0, 0, 0, 0], [0, 0, 0, 0]])), x, { kind: "gumbel", temperature: 0.7 }, rng);
        expect(out.shape).toEqual([3, 2, 6, 4]);
        expect(Array.from(out.dataSync())).toEqual(Array.from(x.dataSync()));
      });
    }
  });

  it("without the skip gate executes token 0 like any token (the no-skip-token ablation)", () => {
    const ungated = interpreter(new Rng(3), { ...options, skipGate: false });
    tf.tidy(() => {
      const rng = new Rng(4);
      const x = randomInputs(rng, 1, 2, false);
      const all0 = programs([[SKIP_TOKEN, SKIP_TOKEN]]);
      const softmax = { kind: "softmax", temperature: 1 } as const;
      // Same parameters (same seed): the gated run returns x, the ungated one two executed steps.
      expect(Array.from(p.run(all0, x, softmax, rng).dataSync())).toEqual(Array.from(x.dataSync()));
      const out = ungated.run(all0, x, softmax, rng);
      expect(tf.max(tf.abs(tf.sub(out, x))).dataSync()[0]).toBeGreaterThan(1e-3);
      for (const sum of tf.sum(out, -1).dataSync()) expect(sum).toBeCloseTo(1, 5);
    });
    disposeNets(ungated);
  });

  it("executes non-skip tokens: outputs are distributions that differ from the input", () => {
    tf.tidy(() => {
      const rng = new Rng(2);
      const x = randomInputs(rng, 2, 3, false);
      const out = p.run(programs([[1, 2, SKIP_TOKEN], [3, 3, 4]]), x, { kind: "gumbel", temperature: 1 }, rng);
      const sums = tf.sum(out, -1).dataSync();
      for (const s of sums) expect(s).toBeCloseTo(1, 5);
      expect(tf.max(tf.abs(tf.sub(out, x))).dataSync()[0]).toBeGreaterThan(1e-3);
    });
  });

  it("applies the skip gate with the skip token's mass: a half-skip step keeps half of the input", () => {
    tf.tidy(() => {
      const rng = new Rng(4);
      const x = randomInputs(rng, 1, 2, false);
      const det = { kind: "softmax", temperature: 1 } as const;
      // One step with ½ on skip gives π_1 = ½ x + ½ π̃ for a distribution π̃ (deterministic execution).
      const half = tf.tensor3d([[[0.5, 0.5, 0, 0, 0]]]);
      const out = p.run(half, x, det, rng);
      // So π_1 − ½ x = ½ π̃ is non-negative with rows summing to ½.
      const rest = tf.sub(out, tf.mul(x, 0.5));
      expect(tf.min(rest).dataSync()[0]).toBeGreaterThanOrEqual(-1e-6);
      for (const s of tf.sum(rest, -1).dataSync()) expect(s).toBeCloseTo(0.5, 5);
    });
  });

  it("gets gradients into every parameter, and log-likelihoods are finite", () => {
    const rng = new Rng(5);
    const x = randomInputs(rng, 2, 2, false);
    const z = programs([[1, 2, 0], [4, 0, 3]], 0.7);
    expectGradientsReachAll(p, () => tf.neg(tf.sum(logLikelihood(p.run(z, x, { kind: "gumbel", temperature: 1 }, rng), x))) as tf.Scalar);
    tf.dispose([x, z]);
  });

  it("rejects programs and inputs of the wrong shape", () => {
    const rng = new Rng(6);
    tf.tidy(() => {
      expect(() => p.run(tf.zeros([1, 2, 3]), tf.zeros([1, 1, 6, 4]), { kind: "softmax", temperature: 1 }, rng)).toThrow(/codebook has 5/u);
      expect(() => p.run(tf.zeros([1, 2, 5]), tf.zeros([1, 1, 7, 4]), { kind: "softmax", temperature: 1 }, rng)).toThrow(/do not match/u);
    });
  });
});

describe("token programs", () => {
  it("decode by argmax and print without skips", () => {
    const relaxed = [0.1, 0.9, 0, 0.8, 0.1, 0.1, 0.2, 0.3, 0.5];
    expect(decodeTokens(relaxed, 3, 3)).toEqual([1, 0, 2]);
    expect(printTokens([1, 0, 2, 2])).toBe("t1 t2 t2");
    expect(printTokens([0, 0])).toBe("skip");
  });
});

describe("relabelling (σ_k, docs/nli.md)", () => {
  it("maps symbol v to w with σ[v, w]: a σ fixed to v → v + 1 turns x into x + 1", () => {
    const { length: n, alphabet: a } = plain;
    const p = interpreter(new Rng(9), { ...plain, relabelHidden: 8 });
    // The relabelling MLP S is the interpreter's last net; its output layer is its last two parameters.
    const [weights, bias] = p.params().slice(-2) as [tf.Variable, tf.Variable];
    weights.assign(tf.zerosLike(weights));
    bias.assign(tf.tensor1d(Array.from({ length: a * a }, (_, q) => (Math.floor(q / a) + 1) % a === q % a ? 20 : 0)));
    const rng = new Rng(10);
    const xs = Array.from({ length: 2 * n }, () => rng.int(a));
    tf.tidy(() => {
      const x = tf.reshape(tf.cast(tf.oneHot(tf.tensor1d(xs, "int32"), a), "float32"), [1, 2, n, a]);
      const out = Array.from(tf.argMax(p.run(programs([[1]]), x, { kind: "softmax", temperature: 1 }, rng), -1).dataSync());
      expect(out).toEqual(xs.map((v) => (v + 1) % a));
    });
    disposeNets(p);
  });

  it("starts near the identity: at initialisation every token carries each symbol unchanged", () => {
    const { alphabet: a } = plain;
    const p = interpreter(new Rng(11), { ...plain, relabelHidden: 8 });
    const rng = new Rng(12);
    tf.tidy(() => {
      // Token k alone on the one-hot inputs 0, 1, …, A − 1 with α ≈ I reads σ_k's rows through the residual.
      const eye = tf.reshape(tf.eye(a), [1, 1, a, a]);
      const x = tf.concat([eye, tf.zeros([1, 1, plain.length - a, a])], 2);
      for (let k = 1; k < plain.codebook; k++) {
        const out = p.run(programs([[k]]), x, { kind: "softmax", temperature: 1 }, rng);
        const argmax = Array.from(tf.argMax(tf.slice(out, [0, 0, 0, 0], [1, 1, a, a]), -1).dataSync());
        expect(argmax).toEqual(Array.from({ length: a }, (_, v) => v));
      }
    });
    disposeNets(p);
  });

  it("lets one token learn a relabelling of the alphabet (add 1) in 200 steps, where the value network alone has not", () => {
    // The residual 10 · π keeps the current symbol's logit 10 above the rest; without σ the value
    // network must outgrow it (this seed: exact 0.125 at 200 steps, 1 at 400).
    expect(learnAlone({ ...plain, relabelHidden: 8 }, ADD_ONE, 200)).toBe(1);
    expect(learnAlone({ ...plain, relabelHidden: 0 }, ADD_ONE, 200)).toBeLessThan(0.5);
  });
});

describe("the generic execution network (genericNetwork.ts)", () => {
  it.each([
    ["add 1 (a relabelling)", ADD_ONE],
    ["a cyclic shift (a routing)", (xs: number[]) => xs.map((_, i) => xs[(i + xs.length - 1) % xs.length] as number)],
    ["a reversal", (xs: number[]) => xs.map((_, i) => xs[xs.length - 1 - i] as number)],
  ])("lets one token learn %s exactly in 200 steps, with no structure built for it", (_name, task) => {
    expect(learnAlone(generic, task, 200)).toBe(1);
  });
});

/** y[i] = (x[i] + 1) mod A. */
function ADD_ONE(xs: number[]): number[] {
  return xs.map((v) => (v + 1) % plain.alphabet);
}

/** Exact rate after `steps` Adam steps training token 1 alone to compute `task` on sequences of the test shape. */
function learnAlone(options: InterpreterOptions, task: (xs: number[]) => number[], steps: number): number {
  const { length: n, alphabet: a } = plain;
  const p = interpreter(new Rng(7), options);
  const optimizer = tf.train.adam(3e-3);
  const rng = new Rng(8);
  const z = programs([[1]]);
  const batch = (): { x: tf.Tensor4D; y: tf.Tensor4D } => {
    const rows = Array.from({ length: 8 }, () => Array.from({ length: n }, () => rng.int(a)));
    const hot = (vs: number[]) => tf.tidy(() => tf.reshape<tf.Rank.R4>(tf.cast(tf.oneHot(tf.tensor1d(vs, "int32"), a), "float32"), [1, 8, n, a]));
    return { x: hot(rows.flat()), y: hot(rows.flatMap(task)) };
  };
  const softmax = { kind: "softmax", temperature: 1 } as const;
  for (let s = 0; s < steps; s++) {
    const { x, y } = batch();
    optimizer.minimize(() => tf.neg(tf.mean(logLikelihood(p.run(z, x, softmax, rng), y))) as tf.Scalar, false, p.params());
    tf.dispose([x, y]);
  }
  const { x, y } = batch();
  const exact = tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(p.run(z, x, softmax, rng), -1), tf.argMax(y, -1)), "float32")).dataSync()[0] as number);
  tf.dispose([x, y, z]);
  optimizer.dispose();
  disposeNets(p);
  return exact;
}
