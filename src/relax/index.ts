export { MASKED, RELAXATIONS, gumbelNoise, maskedSoftmax, relax, straightThrough } from "./softmax.js";
export type { Mask, Relaxation, RelaxationKind, RowLimit } from "./softmax.js";
export { ROAP_TEMPERATURE, scheduleValue } from "./schedules.js";
export type { Schedule } from "./schedules.js";
