/**
 * The combinatorial number system (Bauer 2021; Knuth TAOCP 7.2.1.3): the k-simplex with vertices
 * v_k > ... > v_0 has index sum_{i=0..k} C(v_i, i+1). Indices order simplices colexicographically, so they are
 * exact integers in float64 as long as C(n, k+1) < 2^53, checked by `maxIndexFits`.
 */
export class BinomialTable {
  readonly n: number;
  readonly maxK: number;
  /** C(v, k) at table[k * stride + v], v = 0..n. */
  readonly table: Float64Array;
  readonly stride: number;

  constructor(n: number, maxK: number) {
    this.n = n;
    this.maxK = maxK;
    this.stride = n + 1;
    const t = new Float64Array((maxK + 1) * this.stride);
    for (let v = 0; v <= n; v++) {
      t[v] = 1;
      for (let k = 1; k <= maxK; k++)
        t[k * this.stride + v] = v === 0 ? 0 : t[(k - 1) * this.stride + v - 1] + t[k * this.stride + v - 1];
    }
    this.table = t;
  }

  get(v: number, k: number): number {
    return this.table[k * this.stride + v];
  }

  /** Largest v < top with C(v, k) <= idx (binary search, as in Bauer 2021). */
  maxVertex(idx: number, k: number, top: number): number {
    const t = this.table;
    const base = k * this.stride;
    let lo = k - 1;
    let hi = top - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (t[base + mid] <= idx) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Writes the dim+1 vertices of simplex `idx` into out[0..dim], in decreasing order. */
  vertices(idx: number, dim: number, out: Int32Array): void {
    let top = this.n;
    for (let k = dim + 1, p = 0; k >= 1; k--, p++) {
      const v = this.maxVertex(idx, k, top);
      out[p] = v;
      idx -= this.table[k * this.stride + v];
      top = v;
    }
  }
}

/** True when every index of a simplex with `vertices` vertices out of n, times `packing`, is an exact float64 integer. */
export function maxIndexFits(n: number, vertices: number, packing = 1): boolean {
  let c = 1;
  for (let i = 0; i < vertices; i++) c = (c * (n - i)) / (i + 1);
  return c * packing < 2 ** 52;
}
