export { fillUniform, glorotUniform, heUniform, initWeight, variableFrom, constantVariable, type InitKind } from "./init.js";
export { countParams, disposeNets, snapshotParams, type Parametric } from "./net.js";
export { dense, type Dense } from "./dense.js";
export { layerNorm, normalizeLastAxis, LAYER_NORM_EPSILON, type LayerNorm } from "./layerNorm.js";
export { mlp, ROAP_HIDDEN, type Mlp, type MlpOptions } from "./mlp.js";
export { pointNet, ROAP_OPS, type PointNet, type PointNetOptions } from "./pointNet.js";
export { cnn, type Cnn, type CnnOptions } from "./cnn.js";
export { maxOverSet } from "./pool.js";
