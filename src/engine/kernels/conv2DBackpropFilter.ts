import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { WASM, requireChannelsLast, scoped } from "./shared.js";
import { view } from "../wasmModule.js";

/**
 * The filter gradient of a 2-D convolution, which the wasm backend lacks (DESIGN.md, "Known gaps"):
 *   dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·sH + kh − padTop, ow·sW + kw − padLeft, ci] · dy[b, oh, ow, co].
 * Composed as a product on XNNPACK's path: x is moved to channels-first ([Ci, B, H, W]; a
 * `Transpose` of x, not of the KH·KW times larger patch matrix), the transposed im2col matrix
 * Xᵀ [KH·KW·Ci, B·OH·OW] is written directly, row (kh, kw, ci) in the order of the filter layout,
 * by one JS loop over contiguous runs (zeros for padding), and dW = Xᵀ · dy [B·OH·OW, Co] is one
 * BatchMatMul with batch 1 and no transpose flags. Measured for the 14×14×32 → 64 layer at batch
 * 96 (Xᵀ is 288 × 18816): building Xᵀ from per-tap Slice kernels and a Concat took ~100 ms on a
 * busy machine, the element loop ~32 ms, the contiguous-run copy of the stride-1 path ~8 ms.
 */
export const conv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: "Conv2DBackpropFilter",
  backendName: WASM,
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    requireChannelsLast("Conv2DBackpropFilter", dataFormat);
    const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode);
    const { batchSize: B, inHeight: H, inWidth: W, inChannels: Ci, outChannels: Co, outHeight: OH, outWidth: OW } = info;
    const { filterHeight: KH, filterWidth: KW, strideHeight: sH, strideWidth: sW } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    const wasm = backend as BackendWasm;
    return scoped(wasm, (s) => {
      const xt = Ci === 1 ? s.reshape(x, [1, B, H, W]) : s.transpose(x, [3, 0, 1, 2]);
      const M = B * OH * OW;
      const K = KH * KW * Ci;
      const a = s.adopt(wasm.makeOutput([1, K, M], "float32"));
      im2colT(view(wasm, xt) as Float32Array, view(wasm, a) as Float32Array, { B, H, W, Ci, OH, OW, KH, KW, sH, sW, top, left });
      const b = s.reshape(dy, [1, M, Co]);
      const dw = s.run("BatchMatMul", { a, b }, { transposeA: false, transposeB: false });
      return s.reshape(dw, filterShape);
    });
  },
};

interface Im2colShape {
  readonly B: number; readonly H: number; readonly W: number; readonly Ci: number;
  readonly OH: number; readonly OW: number; readonly KH: number; readonly KW: number;
  readonly sH: number; readonly sW: number; readonly top: number; readonly left: number;
}

/** out[(kh·KW + kw)·Ci + ci][(b·OH + oh)·OW + ow] = xt[ci, b, oh·sH + kh − top, ow·sW + kw − left], 0 outside. */
function im2colT(xt: Float32Array, out: Float32Array, d: Im2colShape): void {
  const { B, H, W, Ci, OH, OW, KH, KW, sH, sW, top, left } = d;
  let dst = 0;
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      // Columns ow whose input column ow·sW + kw − left lies inside 0 … W − 1.
      const ow0 = Math.min(OW, Math.max(0, Math.ceil((left - kw) / sW)));
      const ow1 = Math.max(ow0, Math.min(OW, Math.floor((W - 1 + left - kw) / sW) + 1));
      // Stride 1 with OW = W (e.g. 'same'): the valid rows of a tap are one contiguous run of the
      // plane shifted by (kh − top)·W + kw − left; copy it at once, then zero the wrapped columns.
      const oh0 = Math.min(OH, Math.max(0, top - kh));
      const oh1 = Math.max(oh0, Math.min(OH, H + top - kh));
      if (sH === 1 && sW === 1 && OW === W) {
        for (let plane = 0; plane < Ci * B; plane++, dst += OH * OW) {
          const p0 = plane * H * W;
          const s0 = p0 + (oh0 + kh - top) * W + kw - left;
          const n = (oh1 - oh0) * W;
          const j0 = Math.max(0, p0 - s0);
          const j1 = Math.min(n, p0 + H * W - s0);
          out.fill(0, dst, dst + oh0 * OW);
          out.set(xt.subarray(s0 + j0, s0 + j1), dst + oh0 * OW + j0);
          out.fill(0, dst + oh1 * OW, dst + OH * OW);
          for (let oh = oh0; oh < oh1; oh++) {
            const row = dst + oh * OW;
            for (let ow = 0; ow < ow0; ow++) out[row + ow] = 0;
            for (let ow = ow1; ow < OW; ow++) out[row + ow] = 0;
          }
        }
        continue;
      }
      for (let ci = 0; ci < Ci; ci++) {
        for (let b = 0; b < B; b++) {
          for (let oh = 0; oh < OH; oh++, dst += OW) {
            const r = oh * sH + kh - top;
            if (r < 0 || r >= H) {
              out.fill(0, dst, dst + OW);
              continue;
            }
            const src = ((ci * B + b) * H + r) * W + kw - left;
            for (let ow = 0; ow < ow0; ow++) out[dst + ow] = 0;
            for (let ow = ow0; ow < ow1; ow++) out[dst + ow] = xt[src + ow * sW] as number;
            for (let ow = ow1; ow < OW; ow++) out[dst + ow] = 0;
          }
        }
      }
    }
  }
}
