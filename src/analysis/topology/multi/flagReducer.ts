/**
 * Persistent homology in degrees 0 and 1 of a flag filtration given by an EdgeOrder, restricted to the vertex
 * prefix 0..m-1 and to the edges of rank < limit. Built to be called on a NESTED sequence of prefixes (the density
 * slices of a Rips-codensity bifiltration, vertices relabelled by increasing f): what it learns about an edge in one
 * slice stays true in every larger one and is not recomputed.
 *
 * Degree 0: Kruskal's union-find over the edges in rank order, elder rule for the deaths (Edelsbrunner & Harer,
 * "Computational Topology", VII.1). The merging (negative) edges are the columns that clearing zeroes in degree 1
 * (Chen & Kerber 2011, "Persistent homology computation with a twist"; used in the cohomology setting by Bauer 2021).
 *
 * Degree 1: persistent cohomology (de Silva, Morozov, Vejdemo-Johansson 2011): the coboundary matrix with columns
 * (edges) in decreasing filtration order, the pivot of a column its earliest triangle. Triangles are ordered by
 * (rank of their longest edge, third vertex), so key = rank * n + third vertex. Emergent pairs (Bauer 2021,
 * Section 3.4): if an edge e = {a, b} of rank r is the longest edge of some triangle {a, b, c}, the earliest such
 * triangle (smallest c) is the earliest cofacet of e; no column processed before e (all of larger rank) can have a
 * pivot whose longest edge has rank r, so (e, {a,b,c}) is a persistence pair of length zero, found without building
 * the column. Since c is the smallest vertex index that works and slices only add larger indices, the witness c
 * found in one slice is the witness in every later slice: the scan over c resumes where the last slice stopped.
 * Only the edges that are neither merging nor emergent are reduced (a binary heap with Z/2 cancellation).
 */
import type { CancelSignal } from '../../core/context';
import type { EdgeOrder } from './edgeOrder';

export interface FlagBars {
  /** Degree 0: rank of each merging edge (increasing) and the vertex whose component dies there (elder rule). */
  mergeRank: Int32Array;
  mergeDying: Int32Array;
  /** Degree 1: birth edge rank and death rank (rank of the killing triangle's longest edge), -1 = essential. */
  h1Birth: Int32Array;
  h1Death: Int32Array;
  /** Work counters for benchmarks: columns actually reduced, heap entries pushed. */
  reducedColumns: number;
  heapPushes: number;
}

/** A growable binary min-heap of doubles with Z/2 pivot extraction (equal keys cancel in pairs). */
class KeyHeap {
  data = new Float64Array(1024);
  size = 0;
  pushes = 0;

  clear(): void {
    this.size = 0;
  }

  private grow(): void {
    const d = new Float64Array(this.data.length * 2);
    d.set(this.data);
    this.data = d;
  }

  /** Appends without restoring the heap order; call heapify() afterwards. */
  append(x: number): void {
    if (this.size === this.data.length) this.grow();
    this.data[this.size++] = x;
    this.pushes++;
  }

  heapify(): void {
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  push(x: number): void {
    if (this.size === this.data.length) this.grow();
    const d = this.data;
    let i = this.size++;
    this.pushes++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (d[p] <= x) break;
      d[i] = d[p];
      i = p;
    }
    d[i] = x;
  }

  private siftDown(i: number): void {
    const d = this.data;
    const n = this.size;
    const x = d[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && d[c + 1] < d[c]) c++;
      if (d[c] >= x) break;
      d[i] = d[c];
      i = c;
    }
    d[i] = x;
  }

  private pop(): number {
    const d = this.data;
    const top = d[0];
    this.size--;
    if (this.size > 0) {
      d[0] = d[this.size];
      this.siftDown(0);
    }
    return top;
  }

  /** Smallest key with odd multiplicity, removed; -1 when the column is zero. */
  popPivot(): number {
    while (this.size > 0) {
      const x = this.pop();
      if (this.size > 0 && this.data[0] === x) {
        this.pop();
        continue;
      }
      return x;
    }
    return -1;
  }
}

export interface FlagReducer {
  /**
   * Bars of the filtration restricted to vertices 0..m-1 and edges of rank < limit. Successive calls must use
   * non-decreasing m (any limit). `vertexBirth` (by vertex) only decides which component dies in a merge.
   */
  slice(m: number, limit: number, vertexBirth?: ArrayLike<number>): FlagBars;
}

/** First band of a column: this many edge ranks above the column's own (at least), doubling on every refill. */
const BAND_MIN = 256;
/** ... or this fraction of the ranks left up to the limit. */
const BAND_FRACTION = 256;

/** The edges occurring an odd number of times in `v`. */
function reduceMod2(v: number[]): Int32Array {
  const s = Int32Array.from(v).sort();
  let w = 0;
  for (let k = 0; k < s.length; ) {
    if (k + 1 < s.length && s[k + 1] === s[k]) {
      k += 2;
      continue;
    }
    s[w++] = s[k++];
  }
  return s.slice(0, w);
}

export function createFlagReducer(order: EdgeOrder, signal?: CancelSignal): FlagReducer {
  const { n, rank, edgeA, edgeB, count } = order;
  const emergentWitness = new Int32Array(count).fill(-1);
  const scannedTo = new Int32Array(count);
  const mergedStamp = new Int32Array(count);
  const parent = new Int32Array(n);
  const heap = new KeyHeap();
  let stamp = 0;
  let lastM = 0;
  // neighbours[v*n .. v*n+degree[v]-1]: the neighbours of v by increasing edge rank (filled in rank order).
  const neighbours = new Int32Array(n * n);
  const degree = new Int32Array(n);
  for (let r = 0; r < count; r++) {
    const a = edgeA[r];
    const b = edgeB[r];
    neighbours[a * n + degree[a]++] = b;
    neighbours[b * n + degree[b]++] = a;
  }

  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };

  /**
   * Pushes the part of the coboundary of edge {a, b} of rank r (triangles inside the slice) whose key lies in
   * [lo, hi), skipping key `skip`.
   */
  const pushCoboundary = (a: number, b: number, r: number, m: number, limit: number, skip: number, bulk: boolean, lo: number, hi: number): void => {
    const rowA = a * n;
    const rowB = b * n;
    const hiRank = Math.ceil(hi / n);
    if (hiRank < limit) {
      // Only triangles whose longest edge has rank < hiRank: walk the neighbours of a in rank order and stop at
      // hiRank instead of scanning all m vertices.
      const end = rowA + degree[a];
      for (let p = rowA; p < end; p++) {
        const c = neighbours[p];
        const r1 = rank[rowA + c];
        if (r1 >= hiRank) break;
        if (c >= m) continue;
        const r2 = rank[rowB + c];
        if (r2 >= hiRank) continue;
        let top = r;
        let z = c;
        if (r1 > top) { top = r1; z = b; }
        if (r2 > top) { top = r2; z = a; }
        const key = top * n + z;
        if (key < lo || key >= hi || key === skip) continue;
        if (bulk) heap.append(key);
        else heap.push(key);
      }
      return;
    }
    for (let c = 0; c < m; c++) {
      const r1 = rank[rowA + c];
      if (r1 >= limit) continue;
      const r2 = rank[rowB + c];
      if (r2 >= limit) continue;
      let top = r;
      let z = c;
      if (r1 > top) { top = r1; z = b; }
      if (r2 > top) { top = r2; z = a; }
      const key = top * n + z;
      if (key < lo || key >= hi || key === skip) continue;
      if (bulk) heap.append(key);
      else heap.push(key);
    }
  };

  return {
    slice(m: number, limit: number, vertexBirth?: ArrayLike<number>): FlagBars {
      if (m < lastM) throw new Error(`flagReducer: slices must be nested (got m = ${m} after ${lastM})`);
      lastM = m;
      stamp++;
      limit = Math.min(limit, count);
      heap.pushes = 0;

      // ---- degree 0: Kruskal, elder rule ----
      for (let v = 0; v < m; v++) parent[v] = v;
      const mergeRank = new Int32Array(Math.max(0, m - 1));
      const mergeDying = new Int32Array(Math.max(0, m - 1));
      let merges = 0;
      const older = (x: number, y: number): boolean => {
        if (!vertexBirth) return x < y;
        const bx = vertexBirth[x];
        const by = vertexBirth[y];
        return bx < by || (bx === by && x < y);
      };
      for (let r = 0; r < limit && merges < m - 1; r++) {
        const a = edgeA[r];
        if (a >= m) continue;
        const ra = find(a);
        const rb = find(edgeB[r]);
        if (ra === rb) continue;
        mergedStamp[r] = stamp;
        // roots are the oldest vertex of their component; the younger root's component dies
        const [elder, younger] = older(ra, rb) ? [ra, rb] : [rb, ra];
        parent[younger] = elder;
        mergeRank[merges] = r;
        mergeDying[merges] = younger;
        merges++;
      }

      // ---- degree 1: cohomology with clearing and emergent pairs ----
      const births: number[] = [];
      const deaths: number[] = [];
      const owned = new Map<number, Int32Array>();
      let reduced = 0;
      for (let r = limit - 1; r >= 0; r--) {
        if ((r & 8191) === 0 && signal) signal.throwIfCancelled();
        const a = edgeA[r];
        if (a >= m || mergedStamp[r] === stamp) continue;
        if (emergentWitness[r] >= 0) continue;
        const b = edgeB[r];
        const rowA = a * n;
        const rowB = b * n;
        let c = scannedTo[r];
        for (; c < m; c++) {
          if (rank[rowA + c] < r && rank[rowB + c] < r) break;
        }
        if (c < m) {
          emergentWitness[r] = c;
          continue;
        }
        scannedTo[r] = m;

        // Full reduction of this column. As in Ripser, a reduced column is stored as the set V of edges whose
        // coboundaries sum to it (not as its entries): adding a column re-pushes those coboundaries, and finishing
        // a column never has to drain the heap.
        reduced++;
        heap.clear();
        // Only the cofacets with key below `cut` are in the heap. Deaths come soon after births in practice, so the
        // pivot is nearly always found there; when the heap runs dry, the cut is raised and the next band of every
        // coboundary in V is pushed. The heap always holds the whole column below the cut, so its minimum is the
        // pivot as long as the column has an entry below the cut.
        const keyLimit = limit * n;
        let level = 0;
        const band = Math.max(BAND_MIN, Math.ceil((limit - r) / BAND_FRACTION));
        let cut = Math.min(keyLimit, (r + 1 + band) * n);
        pushCoboundary(a, b, r, m, limit, -1, true, 0, cut);
        heap.heapify();
        let v: number[] = [r];
        for (;;) {
          const pivot = heap.popPivot();
          if (pivot < 0) {
            if (cut < keyLimit) {
              const lo = cut;
              level++;
              cut = Math.min(keyLimit, (r + 1 + band * 2 ** level) * n);
              v = Array.from(reduceMod2(v));
              for (const x of v) pushCoboundary(edgeA[x], edgeB[x], x, m, limit, -1, false, lo, cut);
              continue;
            }
            births.push(r);
            deaths.push(-1);
            break;
          }
          const top = Math.floor(pivot / n);
          const z = pivot - top * n;
          if (emergentWitness[top] === z) {
            pushCoboundary(edgeA[top], edgeB[top], top, m, limit, pivot, false, 0, cut);
            v.push(top);
            continue;
          }
          const other = owned.get(pivot);
          if (other) {
            // the pivot occurs an odd number of times in the sum of the other column's coboundaries: put ours back
            // so that the copies cancel in pairs
            heap.push(pivot);
            for (let k = 0; k < other.length; k++) {
              const x = other[k];
              pushCoboundary(edgeA[x], edgeB[x], x, m, limit, -1, false, 0, cut);
              v.push(x);
            }
            continue;
          }
          owned.set(pivot, reduceMod2(v));
          births.push(r);
          deaths.push(top);
          break;
        }
      }
      return {
        mergeRank: mergeRank.slice(0, merges),
        mergeDying: mergeDying.slice(0, merges),
        h1Birth: Int32Array.from(births),
        h1Death: Int32Array.from(deaths),
        reducedColumns: reduced,
        heapPushes: heap.pushes,
      };
    },
  };
}
