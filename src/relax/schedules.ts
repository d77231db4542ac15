/**
 * Temperature schedules: τ as a function of training progress (an epoch or a step).
 * - constant: τ fixed;
 * - step: ROAP §4.1, "set to 1 in the beginning and changed to 3 from epoch 15";
 * - exponential: τ anneals geometrically from `from` to `to` over `over` units and then stays (NLI's
 *   τ_e and τ_d); with `start`, it stays at `from` until `start` and the `over` units begin there.
 */
export type Schedule =
  | { readonly kind: "constant"; readonly value: number }
  | { readonly kind: "step"; readonly before: number; readonly after: number; readonly at: number }
  | { readonly kind: "exponential"; readonly from: number; readonly to: number; readonly over: number; readonly start?: number };

/** ROAP's Gumbel temperature: 1, then 3 from epoch 15. */
export const ROAP_TEMPERATURE: Schedule = { kind: "step", before: 1, after: 3, at: 15 };

export function scheduleValue(schedule: Schedule, progress: number): number {
  switch (schedule.kind) {
    case "constant":
      return schedule.value;
    case "step":
      return progress < schedule.at ? schedule.before : schedule.after;
    case "exponential": {
      const fraction = Math.min(Math.max((progress - (schedule.start ?? 0)) / schedule.over, 0), 1);
      return schedule.from * Math.pow(schedule.to / schedule.from, fraction);
    }
  }
}
