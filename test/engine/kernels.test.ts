import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initEngine, tf } from "../../src/engine/backend.js";
import { WASM_KERNELS, registerWasmKernels, restoreWasmKernels } from "../../src/engine/kernels/index.js";
import { matmulOnHeap } from "../../src/engine/kernels/matmulHeap.js";
import { leadingReduction } from "../../src/engine/kernels/sum.js";
import { Rng } from "../../src/engine/rng.js";

/**
 * gradsynth's wasm kernels (src/engine/kernels/) against the tfjs cpu backend: each case builds
 * its inputs from fixed random arrays, computes values and gradients on cpu first, then on wasm,
 * and asks for agreement within 1e-4 of the largest reference magnitude.
 */
type Inputs = Record<string, { shape: number[]; data: Float32Array | Int32Array }>;
type Case = (t: Record<string, tf.Tensor>) => tf.Tensor[];

const rng = new Rng(2024);
const normal = (shape: number[], shift = 0): { shape: number[]; data: Float32Array } => ({
  shape,
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal() + shift),
});

async function run(backend: "cpu" | "wasm", inputs: Inputs, f: Case): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const t = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tf.tensor(v.data.slice(), v.shape, v.data instanceof Int32Array ? "int32" : "float32")]));
    return f(t).map((y) => Float32Array.from(y.dataSync()));
  });
}

/** Runs `f` on cpu, then on wasm, and compares every output. */
async function agree(inputs: Inputs, f: Case, tolerance = 1e-4): Promise<void> {
  const reference = await run("cpu", inputs, f);
  const actual = await run("wasm", inputs, f);
  expect(actual.length).toBe(reference.length);
  reference.forEach((ref, k) => {
    const got = actual[k] as Float32Array;
    expect(got.length).toBe(ref.length);
    let scale = 0;
    let worst = 0;
    for (let i = 0; i < ref.length; i++) {
      scale = Math.max(scale, Math.abs(ref[i] as number));
      worst = Math.max(worst, Math.abs((got[i] as number) - (ref[i] as number)));
    }
    expect(worst, `output ${k}: max |wasm − cpu| = ${worst}, max |cpu| = ${scale}`).toBeLessThanOrEqual(tolerance * Math.max(scale, 1e-6));
  });
}

/** Value and gradients of Σ w ⊙ f(inputs) with respect to the inputs named in `wrt`. */
const withGrads = (f: (t: Record<string, tf.Tensor>) => tf.Tensor, wrt: readonly string[]): Case => (t) => {
  const w = t["w"] as tf.Tensor;
  const g = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f({ ...t, ...Object.fromEntries(wrt.map((k, i) => [k, xs[i] as tf.Tensor])) }), w)));
  return [f(t), ...g(wrt.map((k) => t[k] as tf.Tensor))];
};

let defaultBackend = "wasm";
beforeAll(async () => {
  defaultBackend = await initEngine("wasm");
});
afterAll(async () => {
  await tf.setBackend(defaultBackend);
});

describe("wasm kernel registration", () => {
  it("registers every kernel on wasm, idempotently, and restores the originals", () => {
    expect(defaultBackend).toBe("wasm");
    const registered = () => WASM_KERNELS.every((k) => tf.getKernel(k.kernelName, "wasm")?.kernelFunc === k.kernelFunc);
    expect(registered()).toBe(true);
    registerWasmKernels();
    expect(registered()).toBe(true);
    restoreWasmKernels();
    expect(tf.getKernel("Conv2DBackpropFilter", "wasm")).toBeUndefined();
    expect(tf.getKernel("BatchMatMul", "wasm")).toBeDefined();
    registerWasmKernels();
    expect(registered()).toBe(true);
  });
});

describe("conv2d gradients on wasm (Conv2DBackpropFilter, Conv2DBackpropInput)", () => {
  const cases: [number[], number[], number, "same" | "valid"][] = [
    [[2, 7, 6, 3], [3, 3, 3, 4], 1, "same"],
    [[2, 7, 6, 3], [3, 3, 3, 4], 1, "valid"],
    [[2, 7, 6, 3], [3, 3, 3, 4], 2, "same"],
    [[2, 7, 6, 3], [3, 3, 3, 4], 2, "valid"],
    [[3, 9, 8, 1], [2, 2, 1, 5], 2, "same"],
    [[2, 10, 9, 2], [5, 4, 2, 3], 3, "same"],
    [[2, 6, 6, 4], [1, 1, 4, 2], 1, "valid"],
  ];
  for (const [xShape, fShape, stride, pad] of cases) {
    it(`x ${xShape.join("×")}, filter ${fShape.join("×")}, stride ${stride}, ${pad}`, async () => {
      const out = tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], fShape as [number, number, number, number], stride, 1, pad).outShape;
      await agree(
        { x: normal(xShape), f: normal(fShape), w: normal(out) },
        withGrads((t) => tf.conv2d(t["x"] as tf.Tensor4D, t["f"] as tf.Tensor4D, stride, pad), ["x", "f"]),
      );
    });
  }
});

describe("BatchMatMul with transpose flags on wasm", () => {
  const cases: [number[], number[], boolean, boolean][] = [
    [[5, 7], [7, 3], false, false],
    [[7, 5], [7, 3], true, false],
    [[5, 7], [3, 7], false, true],
    [[7, 5], [3, 7], true, true],
    [[2, 7, 5], [2, 3, 7], true, true],
    [[4, 6, 5], [4, 6, 3], true, false],
  ];
  for (const [aShape, bShape, ta, tb] of cases) {
    it(`${aShape.join("×")}${ta ? "ᵀ" : ""} · ${bShape.join("×")}${tb ? "ᵀ" : ""}, with gradients`, async () => {
      const out = tf.tidy(() => tf.matMul(tf.zeros(aShape), tf.zeros(bShape), ta, tb).shape);
      await agree({ a: normal(aShape), b: normal(bShape), w: normal(out) }, withGrads((t) => tf.matMul(t["a"] as tf.Tensor, t["b"] as tf.Tensor, ta, tb), ["a", "b"]));
    });
  }
});

describe("BatchMatMul by gradsynth's SIMD kernel (matmul.wat) on wasm", () => {
  // N a multiple of 4 takes the kernel: 4-row and single-row tiles, 8- and 4-column tiles,
  // Aᵀ·B over several chunks of M, A·Bᵀ, batches, K = 1.
  const cases: [number[], number[], boolean, boolean][] = [
    [[13, 9], [9, 12], false, false],
    [[4, 1], [1, 8], false, false],
    [[300, 12], [300, 20], true, false],
    [[301, 5], [301, 8], true, false],
    [[6, 9], [16, 9], false, true],
    [[3, 5, 7], [3, 7, 8], false, false],
    [[3, 70, 5], [3, 70, 4], true, false],
  ];
  for (const [aShape, bShape, ta, tb] of cases) {
    it(`${aShape.join("×")}${ta ? "ᵀ" : ""} · ${bShape.join("×")}${tb ? "ᵀ" : ""}, with gradients`, async () => {
      const out = tf.tidy(() => tf.matMul(tf.zeros(aShape), tf.zeros(bShape), ta, tb).shape);
      await agree({ a: normal(aShape), b: normal(bShape), w: normal(out) }, withGrads((t) => tf.matMul(t["a"] as tf.Tensor, t["b"] as tf.Tensor, ta, tb), ["a", "b"]));
    });
  }

  it("sums every element in step order in float32 (bitwise the plain loop), whatever the tiling", async () => {
    await tf.setBackend("wasm");
    const backend = tf.backend() as BackendWasm;
    const [M, K, N] = [203, 70, 36];
    const a = normal([M, K]).data;
    const b = normal([M, N]).data;
    const c = normal([K, N]).data;
    const f = Math.fround;
    /** The kernel itself (not through BatchMatMul, which could route elsewhere), read back. */
    const product = (layout: "nn" | "tn", x: tf.Tensor, y: tf.Tensor, dims: { M: number; K: number; N: number }, shape: number[]): Float32Array =>
      tf.tidy(() => {
        const out = matmulOnHeap(backend, layout, x, y, { batches: 1, ...dims }, shape);
        const values = Float32Array.from(backend.readSync(out.dataId) as Float32Array);
        backend.disposeData(out.dataId);
        return values;
      });
    // Aᵀ·B over M (several chunks) and A'·C with A' = A's first 13 rows ([13, K] · [K, N]).
    const tn = product("tn", tf.tensor2d(a, [M, K]), tf.tensor2d(b, [M, N]), { M, K, N }, [K, N]);
    const nn = product("nn", tf.tensor2d(a.subarray(0, 13 * K), [13, K]), tf.tensor2d(c, [K, N]), { M: 13, K, N }, [13, N]);
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < N; j++) {
        let sum = 0;
        for (let m = 0; m < M; m++) sum = f(sum + f((a[m * K + k] as number) * (b[m * N + j] as number)));
        expect(tn[k * N + j]).toBe(sum);
      }
    }
    for (let i = 0; i < 13; i++) {
      for (let j = 0; j < N; j++) {
        let sum = 0;
        for (let k = 0; k < K; k++) sum = f(sum + f((a[i * K + k] as number) * (c[k * N + j] as number)));
        expect(nn[i * N + j]).toBe(sum);
      }
    }
  });
});

describe("MaxPoolGrad on wasm", () => {
  const cases: [number, number, "same" | "valid"][] = [
    [2, 2, "valid"],
    [2, 1, "valid"],
    [3, 2, "same"],
    [3, 1, "same"],
  ];
  for (const [size, stride, pad] of cases) {
    for (const [label, shift] of [["mixed signs", 0], ["all-negative windows", -10]] as const) {
      it(`pool ${size}, stride ${stride}, ${pad}, ${label}`, async () => {
        const xShape = [2, 7, 6, 3];
        const out = tf.backend_util.computePool2DInfo(xShape as [number, number, number, number], size, stride, 1, pad).outShape;
        await agree({ x: normal(xShape, shift), w: normal(out) }, withGrads((t) => tf.maxPool(t["x"] as tf.Tensor4D, size, stride, pad), ["x"]));
      });
    }
  }

  it("routes the gradient to the window's maximum when it is negative (the case tfjs's kernel gets wrong)", async () => {
    await tf.setBackend("wasm");
    const dx = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.maxPool(x as tf.Tensor4D, 2, 2, "valid")))(tf.tensor4d([-3, -1, -2, -5], [1, 2, 2, 1])).dataSync());
    expect(Array.from(dx)).toEqual([0, 1, 0, 0]);
  });

  it("breaks ties (ReLU zeros) towards the first element, as the cpu backend does", async () => {
    const x = normal([2, 8, 8, 4]);
    x.data.forEach((v, i) => (x.data[i] = Math.max(0, v - 1)));
    await agree({ x, w: normal([2, 4, 4, 4]) }, withGrads((t) => tf.maxPool(t["x"] as tf.Tensor4D, 2, 2, "valid"), ["x"]));
  });
});

describe("UnsortedSegmentSum on wasm (and so the gradient of tf.gather)", () => {
  it("sums rows into segments, repeated and empty segments included", async () => {
    const ids = { shape: [6], data: Int32Array.from([2, 0, 2, 4, 1, 2]) };
    await agree({ x: normal([6, 3, 2]), ids }, (t) => [tf.unsortedSegmentSum(t["x"] as tf.Tensor, t["ids"] as tf.Tensor1D, 5)]);
    await agree({ x: normal([4]), ids: { shape: [4], data: Int32Array.from([6, 0, 6, 3]) } }, (t) => [tf.unsortedSegmentSum(t["x"] as tf.Tensor, t["ids"] as tf.Tensor1D, 8)]);
  });

  it("gives tf.gather a gradient with repeated indices", async () => {
    const idx = { shape: [7], data: Int32Array.from([3, 0, 3, 1, 4, 3, 0]) };
    await agree({ p: normal([5, 4]), idx, w: normal([7, 4]) }, withGrads((t) => tf.gather(t["p"] as tf.Tensor, t["idx"] as tf.Tensor1D), ["p"]));
  });
});

describe("Sum over leading axes on wasm (a product with a ones vector)", () => {
  it("finds the [rows, cols] layout only for leading reductions", () => {
    expect(leadingReduction([96, 28, 28, 32], [0, 1, 2])).toEqual({ rows: 75264, cols: 32 });
    expect(leadingReduction([96, 28, 28, 32], [2, 0, 1])).toEqual({ rows: 75264, cols: 32 });
    expect(leadingReduction([1, 64, 16, 8], [1])).toEqual({ rows: 64, cols: 128 });
    expect(leadingReduction([8, 16, 16, 8], [1, 2])).toBeUndefined();
    expect(leadingReduction([8, 16, 16, 8], [0, 2])).toBeUndefined();
    expect(leadingReduction([8, 16], [])).toBeUndefined();
  });

  const cases: [number[], number | number[] | undefined, boolean][] = [
    [[96, 28, 28, 32], [0, 1, 2], false],
    [[16, 14, 14, 24], [0, 1, 2], true],
    [[16, 14, 14, 24], [-4, -3], false],
    [[16, 14, 14, 24], [-4, -3], true],
    [[4096, 5], 0, false],
    [[4096, 5], [0], true],
    [[1, 64, 16, 8], 1, false],
    [[1, 64, 16, 8], [1, 2], true],
    [[12, 10], 0, false], // small: delegates
    [[16, 14, 14, 24], [1, 2], false], // not a prefix: delegates
    [[16, 14, 14, 24], [0, 2], true], // not a prefix: delegates
    [[16, 14, 14, 24], undefined, false], // full reduction: delegates
    [[8192, 1], 0, false], // one column: delegates
    [[20, 32, 3, 256], 0, false], // 24576 columns over 20 rows: would overflow XNNPACK's stack buffer, delegates
    [[3, 32768], 0, false], // wide but ≤ 9 rows (single pass, no buffer): pools
  ];
  for (const [shape, axis, keepDims] of cases) {
    it(`${shape.join("×")}, axis ${JSON.stringify(axis)}${keepDims ? ", keepDims" : ""}`, async () => {
      await agree({ x: normal(shape, 0.5) }, (t) => [tf.sum(t["x"] as tf.Tensor, axis, keepDims)]);
    });
  }

  it("leaves the heap intact after wide reductions (allocations and frees still work)", async () => {
    await tf.setBackend("wasm");
    tf.tidy(() => {
      for (const shape of [[20, 24576], [12, 16384], [10, 12288]]) tf.sum(tf.ones(shape), 0).dataSync();
      for (let k = 0; k < 4; k++) tf.zeros([100000]).dataSync();
    });
    expect(tf.tidy(() => tf.sum(tf.ones([20, 16384]), 0).dataSync()[16383])).toBe(20);
  });

  it("sums int32 inputs exactly (delegated)", async () => {
    const x = { shape: [128, 64], data: Int32Array.from({ length: 128 * 64 }, () => Math.round(rng.normal() * 1000)) };
    await agree({ x }, (t) => [tf.sum(t["x"] as tf.Tensor, 0), tf.sum(t["x"] as tf.Tensor, [0, 1])], 0);
  });

  it("gives a bias its gradient (the sum of dy over batch, height and width)", async () => {
    await agree(
      { x: normal([32, 12, 12, 16]), bias: normal([16]), w: normal([32, 12, 12, 16]) },
      withGrads((t) => tf.relu(tf.add(t["x"] as tf.Tensor, t["bias"] as tf.Tensor)), ["x", "bias"]),
    );
  });
});

describe("broadcasting Equal on wasm", () => {
  const rounded = (shape: number[]) => {
    const v = normal(shape);
    v.data.forEach((x, i) => (v.data[i] = Math.round(x * 2)));
    return v;
  };
  const cases: [number[], number[]][] = [
    [[8, 5, 6, 4], [1, 1, 1, 4]],
    [[8, 5, 6, 4], [8, 1, 1, 1]],
    [[8, 5, 6, 4], [5, 1, 4]],
    [[1, 5, 6, 1], [8, 1, 1, 4]],
    [[5, 1, 3], [4, 1]],
    [[3, 4], []],
    [[], [3, 4]],
    [[7], [7]],
    [[8, 5, 6, 4], [8, 5, 6, 4]],
  ];
  for (const [aShape, bShape] of cases) {
    it(`${aShape.join("×") || "scalar"} vs ${bShape.join("×") || "scalar"}`, async () => {
      await agree({ a: rounded(aShape), b: rounded(bShape) }, (t) => [tf.equal(t["a"] as tf.Tensor, t["b"] as tf.Tensor)], 0);
    });
  }

  it("compares int32 inputs with broadcasting", async () => {
    const ints = (shape: number[]) => ({ shape, data: Int32Array.from(rounded(shape).data) });
    await agree({ a: ints([6, 5, 4]), b: ints([5, 1]) }, (t) => [tf.equal(t["a"] as tf.Tensor, t["b"] as tf.Tensor)], 0);
  });

  it("gives tf.max and tf.min over inner axes their gradients, ties included", async () => {
    await agree(
      { x: rounded([8, 6, 6, 4]), w: normal([8, 4]), v: normal([8, 1, 1, 4]) },
      (t) => {
        const x = t["x"] as tf.Tensor;
        const gMax = tf.grad((y: tf.Tensor) => tf.sum(tf.mul(tf.max(y, [1, 2]), t["w"] as tf.Tensor)))(x);
        const gMin = tf.grad((y: tf.Tensor) => tf.sum(tf.mul(tf.min(y, [1, 2], true), t["v"] as tf.Tensor)))(x);
        return [gMax, gMin];
      },
    );
  });
});

describe("Identity on wasm (the clone tfjs makes of every tensor saved for a gradient)", () => {
  it("shares the buffer instead of copying it, and the clone outlives the original", async () => {
    await tf.setBackend("wasm");
    const backend = tf.backend() as unknown as { typedArrayFromHeap(x: tf.TensorInfo): Float32Array };
    const x = tf.tensor([1, 2, 3, 4], [2, 2]);
    const y = tf.clone(x);
    expect(backend.typedArrayFromHeap(y).byteOffset).toBe(backend.typedArrayFromHeap(x).byteOffset);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    y.dispose();
    expect(tf.tidy(() => Array.from(tf.clone(tf.tensor(["a", "b"])).dataSync() as unknown as string[]))).toEqual(["a", "b"]);
  });

  it("leaves gradients of ops that save their inputs as on cpu", async () => {
    await agree({ a: normal([5, 4]), b: normal([4, 3]), w: normal([5, 3]) }, withGrads((t) => tf.relu(tf.matMul(t["a"] as tf.Tensor2D, t["b"] as tf.Tensor2D)), ["a", "b"]));
  });
});
