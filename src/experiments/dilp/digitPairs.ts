import type { Rng } from "../../engine/rng.js";

/**
 * Pairs of digit images for less-than on MNIST (Evans & Grefenstette 2018, §5.5.4): a proportion of
 * the ordered pairs of integers (a, b) is held out — "we are not just holding out pairs of images.
 * Rather, we are holding out pairs of integers, and removing from training every pair of images
 * whose labels match that pair" — and image pairs are drawn for the pairs of integers a split allows.
 */
export interface ImagePair {
  /** Indices of the left and right images in their split. */
  readonly left: number;
  readonly right: number;
  /** Their digits (the split's labels). */
  readonly a: number;
  readonly b: number;
}

/** The ordered pairs (a, b) of 0..digits−1 held out: round(proportion · digits²) of them, drawn uniformly. */
export function holdOutPairs(digits: number, proportion: number, rng: Rng): boolean[][] {
  if (!(proportion >= 0 && proportion < 1)) throw new RangeError(`hold-out proportion must be in [0, 1), got ${proportion}`);
  const all = Array.from({ length: digits * digits }, (_, k) => k);
  const held = Math.round(proportion * all.length);
  for (let i = 0; i < held; i++) {
    const j = i + rng.int(all.length - i);
    [all[i], all[j]] = [all[j] as number, all[i] as number];
  }
  const out = Array.from({ length: digits }, () => new Array<boolean>(digits).fill(false));
  for (const k of all.slice(0, held)) (out[Math.floor(k / digits)] as boolean[])[k % digits] = true;
  return out;
}

/**
 * `count` image pairs: each draws a pair of integers uniformly among those `allowed`, then an image
 * of each digit uniformly from `byDigit` (the split's image indices per digit, data/images.ts byClass).
 */
export function sampleImagePairs(byDigit: readonly Int32Array[], digits: number, allowed: (a: number, b: number) => boolean, count: number, rng: Rng): ImagePair[] {
  const pairs: [number, number][] = [];
  for (let a = 0; a < digits; a++) for (let b = 0; b < digits; b++) if (allowed(a, b)) pairs.push([a, b]);
  if (count > 0 && pairs.length === 0) throw new RangeError("no pair of digits is allowed");
  const image = (d: number): number => {
    const list = byDigit[d];
    if (list === undefined || list.length === 0) throw new RangeError(`no image of digit ${d}`);
    return list[rng.int(list.length)] as number;
  };
  return Array.from({ length: count }, () => {
    const [a, b] = rng.pick(pairs);
    return { left: image(a), right: image(b), a, b };
  });
}
