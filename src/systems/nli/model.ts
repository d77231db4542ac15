import { Rng } from "../../engine/rng.js";
import { interpreter, type Interpreter } from "./interpreter.js";
import type { Parametric } from "../../nets/net.js";
import { keeps, type NliConfig } from "./config.js";
import { inductor, type Inductor } from "./inductor.js";

/** An NLI model: the inductor q_φ and the interpreter p_θ, built from a config and its seed. */
export interface NliModel extends Parametric {
  readonly config: NliConfig;
  readonly inductor: Inductor;
  readonly interpreter: Interpreter;
}

export function nliModel(config: NliConfig): NliModel {
  const rng = new Rng(config.seed);
  const q = inductor(rng.fork(), config);
  const p = interpreter(rng.fork(), { ...config.interpreter, skipGate: keeps(config, "skip-token") });
  return { config, inductor: q, interpreter: p, params: () => [...q.params(), ...p.params()] };
}
