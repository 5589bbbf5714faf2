/**
 * Persistent homology in degrees 0 and 1 of a flag filtration given by an EdgeOrder, restricted to the vertex
 * prefix 0..m-1 and to the edges of rank < limit. Built to be called on a NESTED sequence of prefixes (the density
 * slices of a Rips-codensity bifiltration, vertices relabelled by increasing f): which edges are emergent is
 * decided once for all slices.
 *
 * Degree 0: Kruskal's union-find over the edges in rank order, elder rule for the deaths (Edelsbrunner & Harer,
 * "Computational Topology", persistence of a filtration). The merging (negative) edges are the columns that
 * clearing zeroes in degree 1 (Chen & Kerber 2011, "Persistent homology computation with a twist"; used in the
 * cohomology setting by Bauer 2021).
 *
 * Degree 1: persistent cohomology (de Silva, Morozov, Vejdemo-Johansson 2011): the coboundary matrix with columns
 * (edges) in decreasing filtration order, the pivot of a column its earliest triangle. Triangles are ordered by
 * (rank of their longest edge, third vertex), so key = rank * n + third vertex. Emergent pairs (Bauer 2021,
 * "emergent pairs"): if an edge e = {a, b} of rank r is the longest edge of some triangle {a, b, c}, the earliest
 * such triangle (smallest c) is the earliest cofacet of e; no column processed before e (all of larger rank) can
 * have a pivot whose longest edge has rank r, so (e, {a,b,c}) is a persistence pair of length zero, found without
 * building the column. The smallest such c over ALL vertices (the edge's witness) is computed once, by one sweep
 * with adjacency bitsets; in the prefix slice 0..m-1 the edge is emergent exactly when its witness is < m. Only the
 * edges that are neither merging nor emergent are reduced (a bucket queue with Z/2 cancellation).
 */
import type { CancelSignal } from '../../core/context';
import type { EdgeOrder } from './edgeOrder';
import { borrowInt32, borrowInt32Room, borrowUint8, giveBack, grownInt32 } from '../../core/scratch';

export interface FlagBars {
  /** Degree 0: rank of each merging edge (increasing) and the vertex whose component dies there (elder rule). */
  mergeRank: Int32Array;
  mergeDying: Int32Array;
  /** Degree 1: birth edge rank and death rank (rank of the killing triangle's longest edge), -1 = essential. */
  h1Birth: Int32Array;
  h1Death: Int32Array;
  /** Work counters for benchmarks: columns actually reduced, entries added to working columns. */
  reducedColumns: number;
  columnAdds: number;
}

/**
 * The working column of a reduction over Z/2, as a bucket queue on the rank of the triangles' longest edge (a
 * monotone priority queue: during the reduction of one column the pivot only moves up, because every column added
 * has its entries at or above the current pivot). Buckets cover the ranks [lo, hi); each is a linked list of third
 * vertices, cancelled in pairs only when it becomes the lowest bucket. Adding an entry is O(1), where a
 * binary heap pays O(log size) twice (push and cancelling pop) with cache misses on large columns.
 */
class BucketColumn {
  // borrowed (core/scratch.ts): a batch's columns grow to the same sizes item after item
  private head = borrowInt32Room(1024);
  private next = borrowInt32Room(4096);
  private third = borrowInt32Room(4096);
  private scratch = borrowInt32Room(256);
  /** Parity of each third vertex while a bucket is summed (keepOdd). */
  private parity = borrowUint8(0);
  private used = 0;
  private lo = 0;
  private size = 0;
  /** Bucket index (rank - lo) of the lowest bucket that may be non-empty. */
  cursor = 0;
  added = 0;

  /** Empties the column and makes it cover ranks [lo, hi). */
  reset(lo: number, hi: number): void {
    this.lo = lo;
    this.size = 0;
    this.used = 0;
    this.cursor = 0;
    this.extend(hi);
  }

  /** Raises the upper end of the covered ranks to hi (the lower buckets keep their contents). */
  extend(hi: number): void {
    const size = Math.max(this.size, hi - this.lo);
    if (size > this.head.length) {
      const h = borrowInt32Room(Math.max(size, 2 * this.head.length));
      h.set(this.head.subarray(0, this.size));
      giveBack(this.head);
      this.head = h;
    }
    this.head.fill(-1, this.size, size);
    this.size = size;
  }

  /** Gives the column's arrays back (core/scratch.ts); the column must not be used afterwards. */
  release(): void {
    giveBack(this.head, this.next, this.third, this.scratch, this.parity);
  }

  /** Lowest rank covered by a bucket that may still hold entries. */
  get lowestRank(): number {
    return this.lo + this.cursor;
  }

  /** Toggles the triangle (longest-edge rank, third vertex); the rank must lie in [lowestRank, hi). */
  add(rank: number, z: number): void {
    const k = rank - this.lo;
    const e = this.used++;
    if (e >= this.next.length) this.next = grownInt32(this.next, e);
    if (e >= this.third.length) this.third = grownInt32(this.third, e);
    this.third[e] = z;
    this.next[e] = this.head[k];
    this.head[k] = e;
    this.added++;
  }

  /**
   * Removes and returns the lowest entry with odd multiplicity as rank * n + third vertex, or -1 when no bucket
   * below hi holds one.
   */
  popPivot(n: number): number {
    const head = this.head;
    while (this.cursor < this.size) {
      let e = head[this.cursor];
      if (e < 0) {
        this.cursor++;
        continue;
      }
      // gather the bucket
      let k = 0;
      for (; e >= 0; e = this.next[e]) {
        if (k === this.scratch.length) this.scratch = grownInt32(this.scratch, k);
        this.scratch[k++] = this.third[e];
      }
      // cancel equal pairs
      const zs = this.scratch;
      if (this.parity.length < n) {
        giveBack(this.parity);
        this.parity = borrowUint8(n).fill(0);
      }
      const w = keepOdd(zs, k, this.parity);
      if (w === 0) {
        head[this.cursor] = -1;
        this.cursor++;
        continue;
      }
      // keep the survivors but the lowest (reusing list cells from the pool end) and return the lowest
      let lowest = 0;
      for (let i = 1; i < w; i++) if (zs[i] < zs[lowest]) lowest = i;
      head[this.cursor] = -1;
      for (let i = 0; i < w; i++) if (i !== lowest) this.add(this.lo + this.cursor, zs[i]);
      this.added -= w - 1;
      return (this.lo + this.cursor) * n + zs[lowest];
    }
    return -1;
  }
}

export interface FlagReducer {
  /**
   * Bars of the filtration restricted to vertices 0..m-1 and edges of rank < limit. Successive calls must use
   * non-decreasing m (any limit). `vertexBirth` (by vertex) only decides which component dies in a merge.
   * The arrays of the bars are views into the reducer's buffers: valid until the next call (copy them to keep them).
   */
  slice(m: number, limit: number, vertexBirth?: ArrayLike<number>): FlagBars;
  /**
   * Gives the reducer's working memory back for the next reducer of this thread (core/scratch.ts). Optional (what
   * is not given back is collected); the reducer and the arrays of its last bars must not be used afterwards.
   */
  release(): void;
}

/** First band of a column: this many edge ranks above the column's own (at least), doubling on every refill. */
const BAND_MIN = 256;
/** ... or this fraction of the ranks left up to the limit. */
const BAND_FRACTION = 256;

/**
 * Keeps at the front of v[0..len) the values occurring an odd number of times (their sum over Z/2), in order of
 * first occurrence, and returns their count. `parity` has room for every value and is all zero before and after.
 * O(len): sorting and cancelling adjacent pairs was a fifth of a signed barcode's time.
 */
function keepOdd(v: Int32Array, len: number, parity: Uint8Array): number {
  for (let k = 0; k < len; k++) parity[v[k]] ^= 1;
  let w = 0;
  for (let k = 0; k < len; k++) {
    const x = v[k];
    if (parity[x] === 0) continue; // even count, or already kept
    parity[x] = 0;
    v[w++] = x;
  }
  return w;
}

export function createFlagReducer(order: EdgeOrder, signal?: CancelSignal): FlagReducer {
  return new NestedFlagReducer(order, signal);
}

/**
 * A class rather than closures over the order: a closure created per call gets its own optimized code, so a batch
 * of thousands of items recompiled the reduction for every few items (measured: 6.6 s of background compilation
 * per 1,000 signed barcodes, on the core the other worker needs); methods are compiled once per thread.
 */
class NestedFlagReducer implements FlagReducer {
  private readonly n: number;
  private readonly count: number;
  private readonly rank: Int32Array;
  private readonly edgeA: Int32Array;
  private readonly edgeB: Int32Array;
  /**
   * witness[r] = smallest vertex c with {a, b, c} a triangle whose longest edge is r = {a, b}, n if none. In a
   * prefix slice 0..m-1, edge r is emergent exactly when witness[r] < m.
   */
  private readonly witness: Int32Array<ArrayBuffer>;
  private readonly mergedStamp: Int32Array<ArrayBuffer>;
  private readonly parent: Int32Array<ArrayBuffer>;
  private readonly column = new BucketColumn();
  private stamp = 0;
  private lastM = 0;
  /** Ranks of the edges of the current prefix not yet known to be emergent (each edge enters once, leaves once). */
  private readonly pending: Int32Array<ArrayBuffer>;
  private pendingCount = 0;
  /** neighbours[v*n .. v*n+degree[v]-1]: the neighbours of v by increasing edge rank (filled in rank order). */
  private readonly neighbours: Int32Array<ArrayBuffer>;
  private readonly degree: Int32Array<ArrayBuffer>;
  /** Vertex births of the current slice (elder rule), if given. */
  private vertexBirth: ArrayLike<number> | undefined;
  // Scratch reused by every slice (a batch item runs up to one slice per grid row): the merges, the bars, the
  // columns left to reduce and the edges V whose coboundaries sum to the working column.
  private readonly mergeRankBuf: Int32Array<ArrayBuffer>;
  private readonly mergeDyingBuf: Int32Array<ArrayBuffer>;
  private readonly toReduceBuf: Int32Array<ArrayBuffer>;
  private birthBuf = borrowInt32Room(64);
  private deathBuf = borrowInt32Room(64);
  private vBuf = borrowInt32Room(64);
  /** Parity of each edge rank while a V list is summed (keepOdd). */
  private vParity: Uint8Array<ArrayBuffer>;

  constructor(
    order: EdgeOrder,
    private readonly signal?: CancelSignal,
  ) {
    const { n, rank, edgeA, edgeB, count } = order;
    this.n = n;
    this.count = count;
    this.rank = rank;
    this.edgeA = edgeA;
    this.edgeB = edgeB;
    // Working memory is borrowed (given back by release()); the arrays read before they are written start at zero.
    this.witness = witnesses(order, signal);
    this.mergedStamp = borrowInt32(count).fill(0);
    this.vParity = borrowUint8(count).fill(0);
    this.parent = borrowInt32(n);
    this.pending = borrowInt32(count);
    this.neighbours = borrowInt32(n * n);
    this.degree = borrowInt32(n).fill(0);
    this.mergeRankBuf = borrowInt32(Math.max(1, n));
    this.mergeDyingBuf = borrowInt32(Math.max(1, n));
    this.toReduceBuf = borrowInt32(Math.max(1, count));
    for (let r = 0; r < count; r++) {
      const a = edgeA[r];
      const b = edgeB[r];
      this.neighbours[a * n + this.degree[a]++] = b;
      this.neighbours[b * n + this.degree[b]++] = a;
    }
  }

  release(): void {
    giveBack(
      this.witness,
      this.mergedStamp,
      this.vParity,
      this.parent,
      this.pending,
      this.neighbours,
      this.degree,
      this.mergeRankBuf,
      this.mergeDyingBuf,
      this.toReduceBuf,
      this.birthBuf,
      this.deathBuf,
      this.vBuf,
    );
    this.column.release();
  }

  private find(x: number): number {
    const parent = this.parent;
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  /** Elder rule: x is older than y (earlier birth, then smaller index). */
  private older(x: number, y: number): boolean {
    const vertexBirth = this.vertexBirth;
    if (!vertexBirth) return x < y;
    const bx = vertexBirth[x];
    const by = vertexBirth[y];
    return bx < by || (bx === by && x < y);
  }

  /**
   * Adds to the working column the triangles of the coboundary of edge {a, b} of rank r (inside the slice) whose
   * longest edge has rank in [lo, hi), except the triangle (skipRank, skipZ).
   */
  private addCoboundary(
    a: number,
    b: number,
    r: number,
    m: number,
    limit: number,
    skipRank: number,
    skipZ: number,
    lo: number,
    hi: number,
  ): void {
    const { n, rank, neighbours, column } = this;
    const rowA = a * n;
    const rowB = b * n;
    if (hi < limit) {
      // Only triangles whose longest edge has rank < hi: walk the neighbours of a in rank order and stop at hi
      // instead of scanning all m vertices.
      const end = rowA + this.degree[a];
      for (let p = rowA; p < end; p++) {
        const c = neighbours[p];
        const r1 = rank[rowA + c];
        if (r1 >= hi) break;
        if (c >= m) continue;
        const r2 = rank[rowB + c];
        if (r2 >= hi) continue;
        let top = r;
        let z = c;
        if (r1 > top) {
          top = r1;
          z = b;
        }
        if (r2 > top) {
          top = r2;
          z = a;
        }
        if (top < lo || (top === skipRank && z === skipZ)) continue;
        column.add(top, z);
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
      if (r1 > top) {
        top = r1;
        z = b;
      }
      if (r2 > top) {
        top = r2;
        z = a;
      }
      if (top < lo || (top === skipRank && z === skipZ)) continue;
      column.add(top, z);
    }
  }

  slice(m: number, limit: number, vertexBirth?: ArrayLike<number>): FlagBars {
    if (m < this.lastM) throw new Error(`flagReducer: slices must be nested (got m = ${m} after ${this.lastM})`);
    const prevM = this.lastM;
    this.lastM = m;
    this.stamp++;
    this.vertexBirth = vertexBirth;
    limit = Math.min(limit, this.count);
    this.column.added = 0;
    const merges = this.mergeComponents(m, limit);
    const h1 = this.reduceEdges(prevM, m, limit);
    return {
      mergeRank: merges.rank,
      mergeDying: merges.dying,
      h1Birth: h1.births,
      h1Death: h1.deaths,
      reducedColumns: h1.reduced,
      columnAdds: this.column.added,
    };
  }

  /** Degree 0: Kruskal over the edges of rank < limit inside 0..m-1, elder rule; marks the merging edges. */
  private mergeComponents(m: number, limit: number): { rank: Int32Array; dying: Int32Array } {
    const { parent, edgeA, edgeB, mergedStamp, stamp } = this;
    for (let v = 0; v < m; v++) parent[v] = v;
    const mergeRank = this.mergeRankBuf;
    const mergeDying = this.mergeDyingBuf;
    let merges = 0;
    for (let r = 0; r < limit && merges < m - 1; r++) {
      const a = edgeA[r];
      if (a >= m) continue;
      const ra = this.find(a);
      const rb = this.find(edgeB[r]);
      if (ra === rb) continue;
      mergedStamp[r] = stamp;
      // roots are the oldest vertex of their component; the younger root's component dies
      const raOlder = this.older(ra, rb);
      const younger = raOlder ? rb : ra;
      parent[younger] = raOlder ? ra : rb;
      mergeRank[merges] = r;
      mergeDying[merges] = younger;
      merges++;
    }
    return { rank: mergeRank.subarray(0, merges), dying: mergeDying.subarray(0, merges) };
  }

  /**
   * The edges of the slice that are neither merging nor emergent, in decreasing rank. Edges that came in with the
   * new vertices join the pending list; emergence does not depend on the reduction, so every pending edge is
   * checked first and only the columns left are reduced.
   */
  private edgesToReduce(prevM: number, m: number, limit: number): Int32Array {
    const { n, rank, count, pending, mergedStamp, witness, stamp, signal, toReduceBuf } = this;
    for (let a = prevM; a < m; a++) {
      for (let b = 0; b < a; b++) {
        const r = rank[a * n + b];
        if (r < count) pending[this.pendingCount++] = r;
      }
    }
    let reduce = 0;
    let kept = 0;
    for (let k = 0; k < this.pendingCount; k++) {
      if ((k & 8191) === 0 && signal) signal.throwIfCancelled();
      const r = pending[k];
      if (r >= limit || mergedStamp[r] === stamp) {
        pending[kept++] = r;
        continue;
      }
      if (witness[r] < m) continue; // emergent from now on: leaves the pending list
      pending[kept++] = r;
      toReduceBuf[reduce++] = r;
    }
    this.pendingCount = kept;
    return toReduceBuf.subarray(0, reduce).sort().reverse();
  }

  /** Degree 1: cohomology with clearing and emergent pairs over the slice. */
  private reduceEdges(
    prevM: number,
    m: number,
    limit: number,
  ): { births: Int32Array; deaths: Int32Array; reduced: number } {
    const { n, edgeA, edgeB, witness, column, signal } = this;
    let bars = 0;
    const bar = (birth: number, death: number): void => {
      this.birthBuf = grownInt32(this.birthBuf, bars);
      this.deathBuf = grownInt32(this.deathBuf, bars);
      this.birthBuf[bars] = birth;
      this.deathBuf[bars++] = death;
    };
    const owned = new Map<number, Int32Array>();
    const toReduce = this.edgesToReduce(prevM, m, limit);
    for (let i = 0; i < toReduce.length; i++) {
      const r = toReduce[i];
      if (signal) signal.throwIfCancelled();
      const a = edgeA[r];
      const b = edgeB[r];

      // Full reduction of this column. As in Ripser, a reduced column is stored as the set V of edges whose
      // coboundaries sum to it (not as its entries): adding a column re-adds those coboundaries.
      // Only the triangles whose longest edge has rank below `cut` are in the working column. Deaths come soon
      // after births in practice, so the pivot is nearly always found there; when the column runs dry below the
      // cut, the cut is raised (the band doubles) and the next band of every coboundary in V is added. Entries
      // below the current pivot are skipped when adding: in a sum whose lowest entry is the pivot they cancel.
      let level = 0;
      const band = Math.max(BAND_MIN, Math.ceil((limit - r) / BAND_FRACTION));
      let cut = Math.min(limit, r + 1 + band);
      column.reset(r + 1, cut);
      this.addCoboundary(a, b, r, m, limit, -1, -1, r + 1, cut);
      let v = this.vBuf;
      let vLen = 0;
      v[vLen++] = r;
      for (;;) {
        const pivot = column.popPivot(n);
        if (pivot < 0) {
          if (cut < limit) {
            const lo = cut;
            level++;
            cut = Math.min(limit, r + 1 + band * 2 ** level);
            column.extend(cut);
            vLen = keepOdd(v, vLen, this.vParity);
            for (let k = 0; k < vLen; k++) {
              const x = v[k];
              this.addCoboundary(edgeA[x], edgeB[x], x, m, limit, -1, -1, lo, cut);
            }
            continue;
          }
          bar(r, -1);
          break;
        }
        const top = Math.floor(pivot / n);
        const z = pivot - top * n;
        if (witness[top] === z) {
          this.addCoboundary(edgeA[top], edgeB[top], top, m, limit, top, z, top, cut);
          v = this.vBuf = grownInt32(v, vLen);
          v[vLen++] = top;
          continue;
        }
        const other = owned.get(pivot);
        if (other) {
          // the pivot occurs an odd number of times in the sum of the other column's coboundaries: put ours back
          // so that the copies cancel in pairs
          column.add(top, z);
          v = this.vBuf = grownInt32(v, vLen + other.length);
          for (let k = 0; k < other.length; k++) {
            const x = other[k];
            this.addCoboundary(edgeA[x], edgeB[x], x, m, limit, -1, -1, top, cut);
            v[vLen++] = x;
          }
          continue;
        }
        vLen = keepOdd(v, vLen, this.vParity);
        owned.set(pivot, v.slice(0, vLen));
        bar(r, top);
        break;
      }
    }
    return {
      births: this.birthBuf.subarray(0, bars),
      deaths: this.deathBuf.subarray(0, bars),
      reduced: toReduce.length,
    };
  }
}

/**
 * witness[r] for every edge (see NestedFlagReducer): one sweep over the edges in rank order with adjacency bitsets
 * of the earlier edges; the witnesses of r = {a, b} are the common neighbours N(a) & N(b) at that moment.
 */
function witnesses(order: EdgeOrder, signal?: CancelSignal): Int32Array<ArrayBuffer> {
  const { n, edgeA, edgeB, count } = order;
  const witness = borrowInt32(count);
  const W = (n + 31) >>> 5;
  const adj = borrowInt32(n * W).fill(0);
  for (let r = 0; r < count; r++) {
    if ((r & 65535) === 0 && signal) signal.throwIfCancelled();
    const rowA = edgeA[r] * W;
    const rowB = edgeB[r] * W;
    let c = n;
    for (let w = 0; w < W; w++) {
      const x = adj[rowA + w] & adj[rowB + w];
      if (x !== 0) {
        c = w * 32 + (31 - Math.clz32(x & -x));
        break;
      }
    }
    witness[r] = c;
    adj[rowA + (edgeB[r] >>> 5)] |= 1 << (edgeB[r] & 31);
    adj[rowB + (edgeA[r] >>> 5)] |= 1 << (edgeA[r] & 31);
  }
  giveBack(adj);
  return witness;
}
