/**
 * Binary min-heap of coboundary entries (diameter, simplex index, coefficient) in parallel typed arrays: the working
 * column of the implicit reduction (Bauer 2021, Sec. 3.3). Order = filtration order of the cohomology pivot: smaller
 * diameter first, ties by larger index (the simplex-wise refinement Ripser uses), so the top is the pivot candidate.
 */
export class EntryHeap {
  diam: Float64Array;
  idx: Float64Array;
  coef: Int32Array;
  size = 0;

  constructor(capacity = 1024) {
    this.diam = new Float64Array(capacity);
    this.idx = new Float64Array(capacity);
    this.coef = new Int32Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  private grow(): void {
    const cap = this.diam.length * 2;
    const d = new Float64Array(cap);
    d.set(this.diam);
    const x = new Float64Array(cap);
    x.set(this.idx);
    const c = new Int32Array(cap);
    c.set(this.coef);
    this.diam = d;
    this.idx = x;
    this.coef = c;
  }

  push(diam: number, idx: number, coef: number): void {
    if (this.size === this.diam.length) this.grow();
    const D = this.diam;
    const X = this.idx;
    const C = this.coef;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pd = D[p];
      if (pd < diam || (pd === diam && X[p] > idx)) break;
      D[i] = pd;
      X[i] = X[p];
      C[i] = C[p];
      i = p;
    }
    D[i] = diam;
    X[i] = idx;
    C[i] = coef;
  }

  /** Removes the top entry (read it first from diam[0], idx[0], coef[0]). */
  pop(): void {
    const n = --this.size;
    if (n === 0) return;
    const D = this.diam;
    const X = this.idx;
    const C = this.coef;
    const d = D[n];
    const x = X[n];
    const c = C[n];
    let i = 0;
    for (;;) {
      let l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      if (r < n && (D[r] < D[l] || (D[r] === D[l] && X[r] > X[l]))) l = r;
      if (d < D[l] || (d === D[l] && x > X[l])) break;
      D[i] = D[l];
      X[i] = X[l];
      C[i] = C[l];
      i = l;
    }
    D[i] = d;
    X[i] = x;
    C[i] = c;
  }

  /** The pivot found by the last `settle`. */
  outDiam = 0;
  outIdx = -1;
  outCoef = 0;

  /**
   * Removes the earliest entry whose summed coefficient is non-zero mod p and leaves it in outDiam/outIdx/outCoef;
   * false when the column is zero. An extra pending entry (pendCoef != 0) that is not in the heap takes part: it is
   * the previous pivot, held out instead of being pushed back (a push of the minimum is a full sift-up). After adding
   * a column that cancels it, every heap entry before it sums to zero, so it is merged or returned, never skipped.
   */
  settle(modulus: number, pendDiam: number, pendIdx: number, pendCoef: number): boolean {
    let hasPend = pendCoef !== 0;
    while (this.size > 0) {
      const d = this.diam[0];
      const x = this.idx[0];
      if (hasPend && (pendDiam < d || (pendDiam === d && pendIdx > x))) break;
      let c = this.coef[0];
      this.pop();
      while (this.size > 0 && this.idx[0] === x) {
        c += this.coef[0];
        this.pop();
      }
      if (hasPend && x === pendIdx) {
        c += pendCoef;
        hasPend = false;
      }
      c %= modulus;
      if (c !== 0) {
        if (hasPend) this.push(pendDiam, pendIdx, pendCoef);
        this.outDiam = d;
        this.outIdx = x;
        this.outCoef = c;
        return true;
      }
    }
    if (hasPend) {
      this.outDiam = pendDiam;
      this.outIdx = pendIdx;
      this.outCoef = pendCoef;
      return true;
    }
    return false;
  }
}
