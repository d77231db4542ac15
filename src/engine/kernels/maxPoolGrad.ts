import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { WASM, view } from "./shared.js";

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
