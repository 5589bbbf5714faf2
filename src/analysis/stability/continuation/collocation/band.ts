/**
 * Banded LU with partial pivoting (Golub & Van Loan, Matrix Computations, 4th ed., section 4.3.5; the storage of
 * LAPACK's dgbtrf, row-wise here): rows keep the entries from kl left of the diagonal to kl + ku right of it, the
 * room that row exchanges can fill. The collocation matrix of a periodic orbit is banded once its first node and the
 * two scalars (period, parameter) are moved to a border; bordered.ts eliminates the border.
 */
export class BandMatrix {
  readonly width: number;
  readonly data: Float64Array;
  readonly piv: Int32Array;
  singular = false;

  constructor(
    readonly n: number,
    readonly kl: number,
    readonly ku: number,
  ) {
    this.width = 2 * kl + ku + 1;
    this.data = new Float64Array(n * this.width);
    this.piv = new Int32Array(n);
  }

  private idx(r: number, c: number): number {
    return r * this.width + (c - r + this.kl);
  }

  clear(): void {
    this.data.fill(0);
    this.singular = false;
  }

  /** Adds v at (r, c); the entry must lie in the band (c - r in [-kl, ku]). */
  add(r: number, c: number, v: number): void {
    this.data[this.idx(r, c)] += v;
  }

  get(r: number, c: number): number {
    const d = c - r;
    if (d < -this.kl || d > this.kl + this.ku) return 0;
    return this.data[this.idx(r, c)];
  }

  /** In-place factorization PA = LU; multipliers stored below the diagonal. */
  factor(): void {
    const { n, kl, ku } = this;
    const w = this.width;
    const a = this.data;
    for (let c = 0; c < n; c++) {
      const last = Math.min(n - 1, c + kl);
      let p = c;
      let best = Math.abs(a[c * w + kl]);
      for (let r = c + 1; r <= last; r++) {
        const v = Math.abs(a[r * w + (c - r + kl)]);
        if (v > best) {
          best = v;
          p = r;
        }
      }
      this.piv[c] = p;
      if (!(best > 0)) {
        this.singular = true;
        continue;
      }
      const right = Math.min(n - 1, c + kl + ku);
      if (p !== c) {
        for (let j = c; j <= right; j++) {
          const ic = c * w + (j - c + kl);
          const ip = p * w + (j - p + kl);
          const t = a[ic];
          a[ic] = a[ip];
          a[ip] = t;
        }
      }
      const d = a[c * w + kl];
      for (let r = c + 1; r <= last; r++) {
        const ir = r * w + (c - r + kl);
        const f = a[ir] / d;
        a[ir] = f;
        if (f === 0) continue;
        const offR = r * w - r + kl;
        const offC = c * w - c + kl;
        for (let j = c + 1; j <= right; j++) a[offR + j] -= f * a[offC + j];
      }
    }
  }

  /** Solves A x = b in place for `k` right-hand sides stored row-major (b[i*k + col]). */
  solve(b: Float64Array, k: number): void {
    const { n, kl, ku } = this;
    const w = this.width;
    const a = this.data;
    for (let c = 0; c < n; c++) {
      const p = this.piv[c];
      if (p !== c) {
        for (let q = 0; q < k; q++) {
          const t = b[c * k + q];
          b[c * k + q] = b[p * k + q];
          b[p * k + q] = t;
        }
      }
      const last = Math.min(n - 1, c + kl);
      for (let r = c + 1; r <= last; r++) {
        const f = a[r * w + (c - r + kl)];
        if (f === 0) continue;
        for (let q = 0; q < k; q++) b[r * k + q] -= f * b[c * k + q];
      }
    }
    for (let r = n - 1; r >= 0; r--) {
      const right = Math.min(n - 1, r + kl + ku);
      const off = r * w - r + kl;
      const d = a[off + r];
      for (let q = 0; q < k; q++) {
        let s = b[r * k + q];
        for (let j = r + 1; j <= right; j++) s -= a[off + j] * b[j * k + q];
        b[r * k + q] = s / d;
      }
    }
  }
}
