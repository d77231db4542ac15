import { tf } from "../../engine/backend.js";
import type { Rng } from "../../engine/rng.js";
import { OP_COUNT } from "../../lang/arith/relaxed/coefficients.js";
import { causalMask, type StraightLineLogits } from "../../lang/arith/relaxed/executors.js";
import { ROAP_VARIABLES } from "../../data/roapTasks.js";
import { cnn, type Cnn } from "../../nets/cnn.js";
import { variableFrom } from "../../nets/init.js";
import type { Parametric } from "../../nets/net.js";
import { pointNet } from "../../nets/pointNet.js";
import type { Mask } from "../../relax/softmax.js";
import type { RoapConfig } from "./config.js";

/**
 * ROAP's model (Figure 2): the symbol grounder g (image → one scalar symbol) and a program head
 * giving each task's logits z_t = (zO, zL, zR) of an L-line straight-line sketch (Figure 3).
 */
export interface ProgramHead extends Parametric {
  /** outputs y [T, N] and grounded symbols s [N, V] (shared by all tasks) → z for every task. */
  logits(outputs: tf.Tensor, symbols: tf.Tensor): StraightLineLogits;
}

export interface RoapModel extends Parametric {
  readonly grounder: Cnn;
  readonly head: ProgramHead;
  /** The sketch's causal mask (line l reads only earlier lines). */
  readonly mask: Mask;
  /** Frees the variables and the mask. */
  dispose(): void;
}

/** Image shape of the dataset the grounder reads: side and channels. */
export interface ImageGeometry {
  readonly size: number;
  readonly channels: number;
}

export function roapModel(config: RoapConfig, geometry: ImageGeometry, rng: Rng): RoapModel {
  // Construction order fixes the draw order from rng: grounder first, then the head.
  const grounder = cnn(rng, {
    size: geometry.size,
    channels: geometry.channels,
    conv: config.grounderConv,
    dense: config.grounderDense,
    outputBias: config.grounderBias,
    outputScale: config.grounderOutputScale,
  });
  const head = config.synthesizer === "amortized" ? amortizedHead(config, rng) : freeHead(config, rng);
  const mask = causalMask(ROAP_VARIABLES, config.lines);
  return {
    grounder,
    head,
    mask,
    params: () => [...grounder.params(), ...head.params()],
    dispose: () => tf.dispose([...grounder.params(), ...head.params(), mask.bias]),
  };
}

/** ROAP §3.2: the PointNet synthesizer r({y_i, s_i}) (amortized inference). */
function amortizedHead(config: RoapConfig, rng: Rng): ProgramHead {
  const net = pointNet(rng, { vars: ROAP_VARIABLES, lines: config.lines, hidden: config.hidden, features: config.features });
  return { params: () => net.params(), logits: (outputs, symbols) => net.apply(outputs, symbols) };
}

/** "w/o amortized inference" (§4.1): z_t are free parameters, initialised N(0, initScale²). */
function freeHead(config: RoapConfig, rng: Rng): ProgramHead {
  const { tasks, lines, initScale } = config;
  const width = ROAP_VARIABLES + lines;
  const make = (shape: number[]): tf.Variable =>
    variableFrom(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => initScale * rng.normal()), shape);
  const op = make([tasks, lines, OP_COUNT]);
  const left = make([tasks, lines, width]);
  const right = make([tasks, lines, width]);
  return {
    params: () => [op, left, right],
    logits: (outputs) => {
      if (outputs.shape[0] !== tasks) throw new RangeError(`free program logits hold ${tasks} tasks, got outputs for ${outputs.shape[0]}`);
      return { op, left, right };
    },
  };
}
