import type { FloatArray } from "../../../engine/fused.js";
import type { GatherTensor } from "../space/gather.js";

/**
 * F_c(a)[k] = max_m a[X_c[k,m,0]] · a[X_c[k,m,1]] over the head predicate's rows (Evans &
 * Grefenstette 2018, §4.3: gather, product t-norm, max over substitutions), and its gradient.
 *
 * The gradient of a tied maximum is split equally among the substitutions attaining it
 * (TensorFlow's reduce_max gradient, which the paper's implementation used; it matters at the
 * first steps, where unknown intensional atoms are exactly 0 and every product ties at 0). The
 * forward pass records, per row, the maximising substitution when it is unique and the number of
 * ties otherwise, so the backward pass touches one substitution for most rows instead of scanning
 * the row twice (once to count the ties, once to share the gradient).
 */

/** Writes F_c(a) to out[base + r] and the row's tie record to ties[base + r]: m ≥ 0 the unique argmax, or −(number of ties). */
export function valuate(a: FloatArray, g: GatherTensor, out: Float64Array, ties: Int32Array, base: number): void {
  const { rows, width, pairs } = g;
  let p = 0;
  for (let r = 0; r < rows; r++) {
    let best = -Infinity;
    let arg = 0;
    let count = 0;
    for (let m = 0; m < width; m++, p += 2) {
      const v = (a[pairs[p] as number] as number) * (a[pairs[p + 1] as number] as number);
      if (v > best) {
        best = v;
        arg = m;
        count = 1;
      } else if (v === best) {
        count++;
      }
    }
    out[base + r] = best;
    ties[base + r] = count === 1 ? arg : -count;
  }
}

/** Accumulates ∂L/∂a from ∂L/∂F_c (gF[base + r]), a product a[x]·a[y] sending ∂·a[y] to x and ∂·a[x] to y. */
export function valuateBackward(a: FloatArray, g: GatherTensor, F: Float64Array, ties: Int32Array, gF: Float64Array, base: number, ga: FloatArray): void {
  const { rows, width, pairs } = g;
  for (let r = 0; r < rows; r++) {
    const d = gF[base + r] as number;
    if (d === 0) continue;
    const code = ties[base + r] as number;
    if (code >= 0) {
      const p = (r * width + code) * 2;
      const x = pairs[p] as number;
      const y = pairs[p + 1] as number;
      ga[x] = (ga[x] as number) + d * (a[y] as number);
      ga[y] = (ga[y] as number) + d * (a[x] as number);
      continue;
    }
    const best = F[base + r] as number;
    const share = d / -code;
    const end = (r + 1) * width * 2;
    for (let p = r * width * 2; p < end; p += 2) {
      const x = pairs[p] as number;
      const y = pairs[p + 1] as number;
      const ax = a[x] as number;
      const ay = a[y] as number;
      if (ax * ay !== best) continue;
      ga[x] = (ga[x] as number) + share * ay;
      ga[y] = (ga[y] as number) + share * ax;
    }
  }
}
