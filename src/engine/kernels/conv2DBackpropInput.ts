import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { WASM, requireChannelsLast, scoped } from "./shared.js";

/**
 * The input gradient of a 2-D convolution. wasm's own kernel is a naive scalar loop (DESIGN.md,
 * "Known gaps"); this one uses the standard identity: dx is the stride-1 convolution of dy,
 * dilated by the stride (sH − 1 zeros between rows, sW − 1 between columns) and padded by
 * KH − 1 − padTop above and KW − 1 − padLeft on the left, with the filter rotated by 180° and its
 * channel axes swapped, W'[kh, kw, co, ci] = W[KH−1−kh, KW−1−kw, ci, co]. That convolution runs on
 * XNNPACK. With stride s the dilated dy is s² times larger (zeros included), so strided layers pay
 * s² times the work of the forward convolution.
 */
export const conv2DBackpropInputConfig: tf.KernelConfig = {
  kernelName: "Conv2DBackpropInput",
  backendName: WASM,
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
    requireChannelsLast("Conv2DBackpropInput", dataFormat);
    const fShape = filter.shape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(inputShape, fShape, strides, 1, pad, dimRoundingMode);
    const { batchSize: B, inHeight: H, inWidth: W, inChannels: Ci, outChannels: Co, outHeight: OH, outWidth: OW } = info;
    const { filterHeight: KH, filterWidth: KW, strideHeight: sH, strideWidth: sW } = info;
    return scoped(backend as BackendWasm, (s) => {
      const flipped = s.transpose(s.run("Reverse", { x: filter }, { dims: [0, 1] }), [0, 1, 3, 2]);
      let g = dy;
      if (sH > 1 || sW > 1) {
        // Dilation as a pad of interleaved axes: [B, OH, 1, OW, 1, Co] → [B, OH, sH, OW, sW, Co].
        const spread = s.reshape(dy, [B, OH, 1, OW, 1, Co]);
        const padded = s.run("PadV2", { x: spread }, { paddings: [[0, 0], [0, 0], [0, sH - 1], [0, 0], [0, sW - 1], [0, 0]], constantValue: 0 });
        g = s.reshape(padded, [B, OH * sH, OW * sW, Co]);
      }
      // g spans OH·sH rows (the dilated OH rows plus sH − 1 trailing zeros); the convolution
      // needs H + KH − 1 rows with KH − 1 − padTop of them above g.
      let top = KH - 1 - info.padInfo.top;
      let left = KW - 1 - info.padInfo.left;
      let bottom = H + KH - 1 - top - g.shape[1]!;
      let right = W + KW - 1 - left - g.shape[2]!;
      if (top < 0 || left < 0 || bottom < 0 || right < 0) {
        const r0 = Math.max(0, -top);
        const c0 = Math.max(0, -left);
        const rows = g.shape[1]! - r0 - Math.max(0, -bottom);
        const cols = g.shape[2]! - c0 - Math.max(0, -right);
        g = s.run("Slice", { x: g }, { begin: [0, r0, c0, 0], size: [B, rows, cols, Co] });
        [top, left, bottom, right] = [Math.max(0, top), Math.max(0, left), Math.max(0, bottom), Math.max(0, right)];
      }
      const dx = s.run("Conv2D", { x: g, filter: flipped }, {
        strides: [1, 1],
        pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
        dataFormat: "NHWC",
        dilations: [1, 1],
        dimRoundingMode: undefined,
      });
      if (dx.shape[1] !== H || dx.shape[2] !== W || dx.shape[3] !== Ci) {
        throw new Error(`gradsynth: Conv2DBackpropInput produced [${dx.shape.join(", ")}], expected [${inputShape.join(", ")}]`);
      }
      return dx;
    });
  },
};
