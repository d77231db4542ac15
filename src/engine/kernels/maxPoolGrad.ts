import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { WASM } from "./shared.js";
import { view } from "../wasmModule.js";

/**
 * The max-pooling gradient. wasm's kernel routes the gradient to the window's first element when
 * the window's maximum is negative (DESIGN.md, "Known gaps"). This one, in plain JS over the wasm
 * heap, routes each dy entry to the first maximum of its window in row-major window order,
 * skipping padding — the cpu backend's rule (`maxPoolPositions`: strict `>` from −∞).
 */
export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: "MaxPoolGrad",
  backendName: WASM,
  kernelFunc: ({ inputs, backend, attrs }) => {
    const wasm = backend as BackendWasm;
    const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
    const { strideHeight: sH, strideWidth: sW, dilationHeight: dH, dilationWidth: dW } = info;
    const { effectiveFilterHeight: FH, effectiveFilterWidth: FW } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    const out = wasm.makeOutput([...input.shape], "float32");
    const dx = view(wasm, out) as Float32Array;
    const x = view(wasm, input) as Float32Array;
    const g = view(wasm, dy) as Float32Array;
    dx.fill(0);
    if (FH === 2 && FW === 2 && sH === 2 && sW === 2 && dH === 1 && dW === 1 && top === 0 && left === 0) {
      pool2x2Grad(x, g, dx, B, H, W, C, OH, OW);
      return out;
    }
    // Per output pixel, all channels at once (contiguous in NHWC): running maxima and positions.
    const best = new Float32Array(C);
    const at = new Int32Array(C);
    for (let b = 0; b < B; b++) {
      for (let oh = 0; oh < OH; oh++) {
        const r0 = oh * sH - top;
        for (let ow = 0; ow < OW; ow++) {
          const c0 = ow * sW - left;
          best.fill(-Infinity);
          at.fill(-1);
          for (let r = r0; r < r0 + FH; r += dH) {
            if (r < 0 || r >= H) continue;
            for (let q = c0; q < c0 + FW; q += dW) {
              if (q < 0 || q >= W) continue;
              const base = ((b * H + r) * W + q) * C;
              for (let c = 0; c < C; c++) {
                const v = x[base + c] as number;
                if (v > (best[c] as number)) {
                  best[c] = v;
                  at[c] = base + c;
                }
              }
            }
          }
          const gBase = ((b * OH + oh) * OW + ow) * C;
          for (let c = 0; c < C; c++) {
            const i = at[c] as number;
            if (i >= 0) dx[i] = (dx[i] as number) + (g[gBase + c] as number);
          }
        }
      }
    }
    return out;
  },
};

/**
 * The CNN's pooling (2×2 windows, stride 2, no padding): the windows do not overlap and lie inside
 * the image, so each output pixel's four inputs are read directly, channel by channel, with the
 * same rule (the first strict maximum in row-major window order, from −∞).
 */
function pool2x2Grad(x: Float32Array, g: Float32Array, dx: Float32Array, B: number, H: number, W: number, C: number, OH: number, OW: number): void {
  const rowStride = W * C;
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const p00 = ((b * H + 2 * oh) * W + 2 * ow) * C;
        const p01 = p00 + C;
        const p10 = p00 + rowStride;
        const p11 = p10 + C;
        const gBase = ((b * OH + oh) * OW + ow) * C;
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let at = -1;
          const v00 = x[p00 + c] as number;
          if (v00 > best) {
            best = v00;
            at = p00 + c;
          }
          const v01 = x[p01 + c] as number;
          if (v01 > best) {
            best = v01;
            at = p01 + c;
          }
          const v10 = x[p10 + c] as number;
          if (v10 > best) {
            best = v10;
            at = p10 + c;
          }
          const v11 = x[p11 + c] as number;
          if (v11 > best) at = p11 + c;
          if (at >= 0) dx[at] = (dx[at] as number) + (g[gBase + c] as number);
        }
      }
    }
  }
}
