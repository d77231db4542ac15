/**
 * Adam (Kingma & Ba 2015) over flat Float32Array parameters split into equal-sized rows, with
 * per-row step counts so that one row (one task's program) can be re-initialised on a restart or
 * after a non-finite gradient without disturbing the others.
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,  θ ← θ − lr · (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε)
 */
export interface AdamSettings {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/** ROAP §4.1: Adam with learning rate 3e-4 and ε = 1e-5 (β's are Adam's defaults). */
export const ROAP_ADAM: AdamSettings = { learningRate: 3e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-5 };

export class RowAdam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private readonly steps: Int32Array;

  constructor(
    readonly params: Float32Array,
    readonly rowSize: number,
    readonly settings: AdamSettings,
  ) {
    if (params.length % rowSize !== 0) throw new RangeError("parameter length is not a multiple of the row size");
    this.m = new Float32Array(params.length);
    this.v = new Float32Array(params.length);
    this.steps = new Int32Array(params.length / rowSize);
  }

  /** Applies one update to row `row` from its gradient `grad[offset .. offset + rowSize)`. */
  updateRow(row: number, grad: Float32Array, offset: number): void {
    const { learningRate, beta1, beta2, epsilon } = this.settings;
    const t = (this.steps[row] ?? 0) + 1;
    this.steps[row] = t;
    const c1 = 1 - Math.pow(beta1, t);
    const c2 = 1 - Math.pow(beta2, t);
    const base = row * this.rowSize;
    for (let k = 0; k < this.rowSize; k++) {
      const g = grad[offset + k] as number;
      const i = base + k;
      const m = beta1 * (this.m[i] as number) + (1 - beta1) * g;
      const v = beta2 * (this.v[i] as number) + (1 - beta2) * g * g;
      this.m[i] = m;
      this.v[i] = v;
      this.params[i] = (this.params[i] as number) - (learningRate * (m / c1)) / (Math.sqrt(v / c2) + epsilon);
    }
  }

  /** Forgets the optimiser state of one row (its parameters are the caller's to reset). */
  resetRow(row: number): void {
    const base = row * this.rowSize;
    this.m.fill(0, base, base + this.rowSize);
    this.v.fill(0, base, base + this.rowSize);
    this.steps[row] = 0;
  }
}
