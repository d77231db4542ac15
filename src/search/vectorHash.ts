import { DEFAULT_TOLERANCE } from "./solver.js";

/**
 * Hashing of output vectors for observational equivalence (Udupa et al. 2013, "TRANSIT";
 * Albarghouthi et al. 2013): two programs are equivalent on the examples when their output
 * vectors agree within the solver tolerance, i.e. `closeEnough` holds componentwise.
 *
 * The hash quantizes every value so that vectors that agree up to floating-point round-off land
 * in the same bucket; `sameVector` is the collision check that decides equality. The hash is only
 * a filter: two close values can still straddle a bucket boundary (then both vectors are kept,
 * which costs a little redundancy but never loses a program), and unequal vectors can share a
 * hash (then `sameVector` tells them apart).
 */

/** Extra bits of coarseness of a bucket beyond the tolerance, so round-off rarely straddles. */
const COARSENING_BITS = 3;
/** Float64 stores 20 mantissa bits in its high 32-bit word. */
const HIGH_WORD_MANTISSA_BITS = 20;

const scratch = new Float64Array(1);
const scratchWords = new Int32Array(scratch.buffer);
// The high word of a float64 is word 1 on little-endian hosts and word 0 on big-endian ones.
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Quantization of values for one tolerance, mirroring `closeEnough`'s tol · max(1, |a|, |b|). */
export interface Quantizer {
  /** Mantissa bits kept: buckets have width 2^-bits, absolute for |v| < √2, relative above. */
  readonly bits: number;
  /** Integer key of a finite value. */
  key(value: number): number;
}

export function makeQuantizer(tolerance: number = DEFAULT_TOLERANCE): Quantizer {
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) {
    throw new RangeError(`tolerance must be a finite non-negative number, got ${tolerance}`);
  }
  // Bucket width ≈ 2^COARSENING_BITS · tolerance, clamped to what the high word can express.
  const tolBits = tolerance > 0 ? Math.floor(-Math.log2(tolerance)) : HIGH_WORD_MANTISSA_BITS + COARSENING_BITS;
  const bits = Math.min(HIGH_WORD_MANTISSA_BITS, Math.max(0, tolBits - COARSENING_BITS));
  const scale = 2 ** bits;
  const shift = HIGH_WORD_MANTISSA_BITS - bits;
  // Dropping mantissa bits truncates; scaling by 1 + half a bucket first makes it round to nearest,
  // so bucket boundaries fall between round numbers instead of on them (3 − 4e-16 and 3 agree).
  const roundingBias = 1 + 2 ** -(bits + 1);
  return {
    bits,
    key(value: number): number {
      // Small |v|: closeEnough is an absolute test (for |v| ≤ 1), so quantize on an absolute grid:
      // truncating x + 0.5 toward zero puts every bucket boundary at a half-integer multiple of
      // the width, away from round values (2× faster than Math.round in V8; −0 maps to 0).
      // Large |v|: the test is relative, so keep sign, exponent and the top `bits` mantissa bits
      // (a logarithmic grid). The grids meet at the irrational √2 rather than at 1 so that round
      // values such as ±1 never sit on the seam.
      if (value < Math.SQRT2 && value > -Math.SQRT2) return (value * scale + 0.5) | 0;
      scratch[0] = value * roundingBias;
      return ((scratchWords[HIGH_WORD] as number) >> shift) ^ 0x5bd1e995;
    },
  };
}

/** Start value of a vector hash. */
export const HASH_SEED = 0x811c9dc5 | 0;

/** Mixes one quantized key into a running 32-bit hash (the MurmurHash3 block step). */
export function mixHash(hash: number, key: number): number {
  let k = Math.imul(key, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let h = hash ^ k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3 finalizer: spreads the bits so that `hash & mask` indexes a table well. */
export function finishHash(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/**
 * Hash of `length` values of `pool` starting at `offset`, or `undefined` if one of them is NaN or
 * ±Infinity (such programs are discarded by the enumerator).
 */
export function hashVector(pool: Float64Array, offset: number, length: number, quantizer: Quantizer): number | undefined {
  let h = HASH_SEED;
  for (let t = 0; t < length; t++) {
    const v = pool[offset + t] as number;
    if (v - v !== 0) return undefined; // NaN or ±Infinity
    h = mixHash(h, quantizer.key(v));
  }
  return finishHash(h);
}

/**
 * The collision check: do the vectors at offsets `a` and `b` of `pool` agree componentwise within
 * `closeEnough(·, ·, tolerance)`? (Inlined here because it runs on every hash hit.)
 */
export function sameVector(pool: Float64Array, a: number, b: number, length: number, tolerance: number): boolean {
  for (let t = 0; t < length; t++) {
    const x = pool[a + t] as number;
    const y = pool[b + t] as number;
    if (x === y) continue;
    const ax = Math.abs(x);
    const ay = Math.abs(y);
    if (Math.abs(x - y) > tolerance * Math.max(1, ax, ay)) return false;
  }
  return true;
}
