/**
 * A static k-d tree (Bentley 1975; Friedman, Bentley & Finkel 1977) over points given as columns (coords[d][i]),
 * for nearest-neighbour queries that exclude a temporal window |i - j| <= w (Theiler 1986) and the point itself.
 * Build: O(N log N) expected (quickselect median on the widest coordinate, buckets of up to LEAF points).
 * Query: O(log N) expected for low-dimensional data (Friedman et al.), O(N) worst case; all queries O(N log N).
 * Points are copied into a point-major Float64Array in tree order so leaf scans are contiguous.
 */
const LEAF = 12;

export class KdTree {
  readonly n: number;
  readonly dim: number;
  /** Original index of the point at tree position p. */
  private readonly perm: Int32Array;
  /** Point-major coordinates in tree order: pts[p*dim + d]. */
  private readonly pts: Float64Array;
  // nodes: [lo, hi) range in tree order, split dim (-1 = leaf), split value, children
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;
  private readonly splitDim: Int32Array;
  private readonly splitVal: Float64Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private nodes = 0;
  // query scratch (no allocation per query)
  private bestD = Infinity;
  private bestI = -1;
  private q: Float64Array;

  constructor(coords: readonly ArrayLike<number>[], n = coords[0].length) {
    this.n = n;
    this.dim = coords.length;
    const dim = this.dim;
    this.perm = new Int32Array(n);
    for (let i = 0; i < n; i++) this.perm[i] = i;
    const maxNodes = 2 * Math.ceil(n / (LEAF / 2)) + 2;
    this.lo = new Int32Array(maxNodes);
    this.hi = new Int32Array(maxNodes);
    this.splitDim = new Int32Array(maxNodes);
    this.splitVal = new Float64Array(maxNodes);
    this.left = new Int32Array(maxNodes);
    this.right = new Int32Array(maxNodes);
    this.q = new Float64Array(dim);
    // build on a working point-major copy, permuting points alongside perm
    const work = new Float64Array(n * dim);
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) work[i * dim + d] = coords[d][i];
    this.pts = work;
    // iterative build with an explicit stack
    const stack: number[] = [this.newNode(0, n)];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const a = this.lo[node];
      const b = this.hi[node];
      if (b - a <= LEAF) {
        this.splitDim[node] = -1;
        continue;
      }
      let best = 0;
      let bestSpread = -1;
      for (let d = 0; d < dim; d++) {
        let mn = Infinity,
          mx = -Infinity;
        for (let p = a; p < b; p++) {
          const v = work[p * dim + d];
          if (v < mn) mn = v;
          if (v > mx) mx = v;
        }
        if (mx - mn > bestSpread) {
          bestSpread = mx - mn;
          best = d;
        }
      }
      if (bestSpread <= 0) {
        this.splitDim[node] = -1;
        continue;
      } // all points identical: keep as a leaf
      const mid = (a + b) >> 1;
      this.select(a, b - 1, mid, best);
      this.splitDim[node] = best;
      this.splitVal[node] = work[mid * dim + best];
      const l = this.newNode(a, mid);
      const r = this.newNode(mid, b);
      this.left[node] = l;
      this.right[node] = r;
      stack.push(l, r);
    }
  }

  private newNode(a: number, b: number): number {
    const k = this.nodes++;
    this.lo[k] = a;
    this.hi[k] = b;
    return k;
  }

  private swap(i: number, j: number): void {
    const dim = this.dim;
    const w = this.pts;
    for (let d = 0; d < dim; d++) {
      const t = w[i * dim + d];
      w[i * dim + d] = w[j * dim + d];
      w[j * dim + d] = t;
    }
    const t = this.perm[i];
    this.perm[i] = this.perm[j];
    this.perm[j] = t;
  }

  /** Hoare-style quickselect: afterwards position k holds the k-th smallest on coordinate d within [l, r]. */
  private select(l: number, r: number, k: number, d: number): void {
    const dim = this.dim;
    const w = this.pts;
    while (r > l) {
      const pivot = w[((l + r) >> 1) * dim + d];
      let i = l,
        j = r;
      while (i <= j) {
        while (w[i * dim + d] < pivot) i++;
        while (w[j * dim + d] > pivot) j--;
        if (i <= j) {
          this.swap(i, j);
          i++;
          j--;
        }
      }
      if (k <= j) r = j;
      else if (k >= i) l = i;
      else return;
    }
  }

  /**
   * Nearest neighbour of query point `qi` (an index of the tree's points) among points j with |j - qi| > w, in
   * squared Euclidean distance; among candidates j < limit only (so j + horizon stays inside the series).
   * Returns the original index or -1, and leaves the squared distance in `lastDistance2`.
   */
  nearestExcluding(point: ArrayLike<number>, qi: number, w: number, limit = this.n): number {
    for (let d = 0; d < this.dim; d++) this.q[d] = point[d];
    this.bestD = Infinity;
    this.bestI = -1;
    this.search(0, qi, w, limit);
    this.lastDistance2 = this.bestD;
    return this.bestI;
  }
  lastDistance2 = Infinity;

  private search(node: number, qi: number, w: number, limit: number): void {
    const sd = this.splitDim[node];
    const dim = this.dim;
    const q = this.q;
    if (sd < 0) {
      const pts = this.pts;
      for (let p = this.lo[node]; p < this.hi[node]; p++) {
        const j = this.perm[p];
        if (j >= limit || (j - qi <= w && qi - j <= w)) continue;
        let s = 0;
        for (let d = 0; d < dim; d++) {
          const diff = pts[p * dim + d] - q[d];
          s += diff * diff;
          if (s >= this.bestD) break;
        }
        if (s < this.bestD) {
          this.bestD = s;
          this.bestI = j;
        }
      }
      return;
    }
    const diff = q[sd] - this.splitVal[node];
    const near = diff < 0 ? this.left[node] : this.right[node];
    const far = diff < 0 ? this.right[node] : this.left[node];
    this.search(near, qi, w, limit);
    if (diff * diff < this.bestD) this.search(far, qi, w, limit);
  }
}
