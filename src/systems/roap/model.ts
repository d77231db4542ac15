import { tf } from "../../engine/backend.js";
import type { Rng } from "../../engine/rng.js";
import { cnn, type Cnn } from "../../nets/cnn.js";
import { resnet18 } from "../../nets/resnet.js";
import type { Parametric } from "../../nets/net.js";

import { disjointMlpHead, oneHotMlpHead } from "./baselines.js";
import type { RoapConfig } from "./config.js";
import { straightLineHead, syntaxTreeHead, type TaskHead } from "./heads.js";
import { assertNever } from "../../typeHelpers.js";

/**
 * ROAP's model (Figure 2): the symbol grounder g (image → one scalar symbol) and a head that maps
 * every task's outputs and grounded symbols to predictions through a program (heads.ts) or, in
 * the CNN+MLP baselines, without one (baselines.ts).
 */
export interface RoapModel extends Parametric {
  readonly grounder: Cnn;
  readonly head: TaskHead;
  /** Frees the variables. */
  dispose(): void;
}

/** Image shape of the dataset the grounder reads: side and channels. */
export interface ImageGeometry {
  readonly size: number;
  readonly channels: number;
}

export function roapModel(config: RoapConfig, geometry: ImageGeometry, rng: Rng): RoapModel {
  // Construction order fixes the draw order from rng: grounder first, then the head.
  const grounder = grounderOf(config, geometry, rng);
  const head = headOf(config, rng);
  return {
    grounder,
    head,
    params: () => [...grounder.params(), ...head.params()],
    dispose: () => {
      tf.dispose([...grounder.params(), ...head.params()]);
      head.dispose();
    },
  };
}

function grounderOf(config: RoapConfig, geometry: ImageGeometry, rng: Rng): Cnn {
  const start = { size: geometry.size, channels: geometry.channels, outputBias: config.grounderBias, outputScale: config.grounderOutputScale };
  switch (config.grounder) {
    case "cnn":
      return cnn(rng, { ...start, conv: config.grounderConv, dense: config.grounderDense });
    case "resnet18":
      return resnet18(rng, { ...start, width: config.resnetWidth });
    default:
      return assertNever(config.grounder);
  }
}

function headOf(config: RoapConfig, rng: Rng): TaskHead {
  switch (config.model) {
    case "straight-line":
      return straightLineHead(config, rng);
    case "syntax-tree":
      return syntaxTreeHead(config, rng);
    case "mlp-disjoint":
      return disjointMlpHead(config, rng);
    case "mlp-onehot":
      return oneHotMlpHead(config, rng);
    default:
      return assertNever(config.model);
  }
}
