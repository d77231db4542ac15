import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { WASM, originalKernels } from "./shared.js";

/**
 * Identity without a copy. tfjs clones (runs Identity on) every tensor an op keeps for its gradient
 * (`Engine.saveTensorsForBackwardMode`), and wasm's Identity copies the data into a new buffer, so
 * each training step copied its saved activations once more (e.g. 12 MB per PointNet layer at
 * ROAP's T = 500). Tensors are immutable, so the clone may share the buffer with one more
 * reference, as the cpu backend's Identity and wasm's own Reshape do. Strings delegate.
 */
export const identityConfig: tf.KernelConfig = {
  kernelName: "Identity",
  backendName: WASM,
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: tf.TensorInfo };
    if (x.dtype === "string") {
      const original = originalKernels.get("Identity");
      if (!original) throw new Error("gradsynth: the original wasm Identity was not captured");
      return original.kernelFunc({ inputs, backend, attrs });
    }
    (backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  },
};
