/**
 * Seeded pseudo-random numbers: every random choice in gradsynth draws from an `Rng`, so the same
 * `--seed` gives the same result. xoshiro128** (Blackman & Vigna) seeded through splitmix32.
 */
export class Rng {
  /** xoshiro128** state as int32 words (kept in a typed array so updates never box numbers). */
  private readonly state = new Int32Array(4);
  private spareNormal: number | undefined;

  constructor(seed: number) {
    let x = seed >>> 0;
    for (let k = 0; k < 4; k++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.state[k] = z ^ (z >>> 16);
    }
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.state;
    const s0 = s[0] as number;
    const s1 = s[1] as number;
    const s2 = (s[2] as number) ^ s0;
    const s3 = (s[3] as number) ^ s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    s[0] = s0 ^ s3;
    s[1] = s1 ^ s2;
    s[2] = s2 ^ (s1 << 9);
    s[3] = rotl(s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in the open interval (0, 1): safe under log. */
  nextOpen(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Rng.int needs a positive integer, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box–Muller, caching the second draw). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const value = this.spareNormal;
      this.spareNormal = undefined;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(this.nextOpen()));
    const angle = 2 * Math.PI * this.next();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Standard Gumbel: −log(−log U) (Jang et al. 2017; Maddison et al. 2017). */
  gumbel(): number {
    return -Math.log(-Math.log(this.nextOpen()));
  }

  /** Fills `out` with standard Gumbel samples. */
  fillGumbel(out: Float32Array | Float64Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.gumbel();
  }

  /** One uniformly chosen element. */
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError("Rng.pick on an empty array");
    return item;
  }

  /** The generator's full state (for checkpoints): restoring it continues the same stream. */
  snapshot(): RngState {
    return { words: Array.from(this.state), spareNormal: this.spareNormal ?? null };
  }

  restore(state: RngState): void {
    if (state.words.length !== 4 || state.words.some((w) => !Number.isInteger(w))) throw new RangeError("Rng state must be 4 integer words");
    this.state.set(state.words);
    this.spareNormal = state.spareNormal ?? undefined;
  }

  /** A new generator whose stream is a deterministic function of this one's state. */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }
}

/** A JSON-serialisable `Rng` state. */
export interface RngState {
  readonly words: readonly number[];
  readonly spareNormal: number | null;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
