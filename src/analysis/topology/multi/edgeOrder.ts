/**
 * The total order of the edges of a flag (Rips) filtration: by filtration value, ties by colexicographic index of
 * the edge (u > v: u(u-1)/2 + v). Everything downstream works with edge RANKS in this order: a triangle's place in
 * the filtration is (rank of its longest edge, its third vertex), which refines the diameter order (Bauer 2021,
 * "Ripser", refines the diameter order of simplices in the same spirit) and is what makes the emergent-pair shortcut exact.
 */
import type { AnalysisContext } from '../../core/context';
import { borrowFloat64, borrowUint32, giveBack } from '../../core/scratch';

/** Rank stored for "no edge": the diagonal and edges above the threshold. Larger than every real rank. */
export const NO_EDGE = 0x7fffffff;

export interface EdgeOrder {
  n: number;
  /** Number of edges in the filtration (value <= threshold). Ranks are 0..count-1. */
  count: number;
  /** rank[u*n + v] = rank[v*n + u] = rank of edge {u,v}, NO_EDGE if absent. */
  rank: Int32Array;
  /** Endpoints by rank, edgeA > edgeB. */
  edgeA: Int32Array;
  edgeB: Int32Array;
  /** Filtration value by rank (non-decreasing). */
  value: Float64Array;
}

/** Bytes an EdgeOrder of n vertices and at most m edges needs, including the sort's scratch arrays. */
export function edgeOrderBytes(n: number, m: number): number {
  // rank matrix, the reducer's neighbour lists and witness bitsets, endpoints, values and witnesses by rank, radix
  // sort scratch
  return 8 * n * n + (n * n) / 8 + m * (4 + 4 + 8 + 4) + m * (8 + 4) * 2;
}

/**
 * Builds the order for edge values given by `edgeValue(u, v)` (u > v), keeping those <= threshold. Values must be
 * finite and >= 0 (distances, or pushed line parameters made non-negative by the caller).
 */
export function buildEdgeOrder(
  n: number,
  edgeValue: (u: number, v: number) => number,
  threshold: number,
  ctx?: AnalysisContext,
): EdgeOrder {
  const maxEdges = (n * (n - 1)) / 2;
  // the candidate edges are gathered in borrowed scratch (core/scratch.ts); only the kept ones get arrays of their own
  const allKeys = borrowFloat64(maxEdges);
  const allCodes = borrowUint32(maxEdges);
  let m = 0;
  // Enumerate in colex order (u ascending, v ascending below u) so a stable sort leaves ties in colex order.
  for (let u = 1; u < n; u++) {
    if (ctx && (u & 63) === 0) ctx.signal.throwIfCancelled();
    for (let v = 0; v < u; v++) {
      const x = edgeValue(u, v);
      if (x <= threshold) {
        allKeys[m] = x + 0; // -0 has the sign bit set and would sort last
        allCodes[m] = (u * (u - 1)) / 2 + v;
        m++;
      }
    }
  }
  const keys = allKeys.slice(0, m);
  const codes = allCodes.subarray(0, m);
  radixSortNonNegative(keys, codes);
  const rank = new Int32Array(n * n).fill(NO_EDGE);
  const edgeA = new Int32Array(m);
  const edgeB = new Int32Array(m);
  for (let r = 0; r < m; r++) {
    const c = codes[r];
    // invert the colex code: u = largest with u(u-1)/2 <= c
    let u = Math.floor((1 + Math.sqrt(1 + 8 * c)) / 2);
    while ((u * (u - 1)) / 2 > c) u--;
    while (((u + 1) * u) / 2 <= c) u++;
    const v = c - (u * (u - 1)) / 2;
    edgeA[r] = u;
    edgeB[r] = v;
    rank[u * n + v] = r;
    rank[v * n + u] = r;
  }
  giveBack(allKeys, allCodes);
  return { n, count: m, rank, edgeA, edgeB, value: keys };
}

/**
 * Stable LSD radix sort of non-negative finite doubles (their IEEE-754 bit patterns order like the numbers), eight
 * passes of 8 bits, carrying a payload. The eight digit histograms are counted in one sweep, and a pass whose digit
 * is the same for every key is skipped (the high bytes of values of one scale mostly are). Byte digits keep the
 * histograms in 8 KB; 16-bit digits needed 256 KB of counts cleared and summed per pass, more than the sort itself
 * for a few tens of thousands of edges. O(m) time, 2m scratch (borrowed).
 */
export function radixSortNonNegative(keys: Float64Array, payload: Uint32Array): void {
  const m = keys.length;
  if (m < 2) return;
  const count = borrowUint32(8 * 257).fill(0);
  const words = new Uint32Array(keys.buffer, keys.byteOffset, 2 * m);
  for (let i = 0; i < m; i++) {
    const lo = words[2 * i];
    const hi = words[2 * i + 1];
    count[(lo & 0xff) + 1]++;
    count[257 + ((lo >>> 8) & 0xff) + 1]++;
    count[514 + ((lo >>> 16) & 0xff) + 1]++;
    count[771 + (lo >>> 24) + 1]++;
    count[1028 + (hi & 0xff) + 1]++;
    count[1285 + ((hi >>> 8) & 0xff) + 1]++;
    count[1542 + ((hi >>> 16) & 0xff) + 1]++;
    count[1799 + (hi >>> 24) + 1]++;
  }
  const k2Scratch = borrowFloat64(m);
  const p2Scratch = borrowUint32(m);
  let k: Float64Array = keys;
  let p: Uint32Array = payload;
  let k2: Float64Array = k2Scratch;
  let p2: Uint32Array = p2Scratch;
  let w: Uint32Array = words;
  let w2: Uint32Array = new Uint32Array(k2.buffer, 0, 2 * m);
  for (let pass = 0; pass < 8; pass++) {
    const base = 257 * pass;
    let skip = false;
    for (let b = 0; b < 256; b++) if (count[base + b + 1] === m) skip = true;
    if (skip) continue; // every key has the same digit: the pass would not move anything
    for (let b = 0; b < 256; b++) count[base + b + 1] += count[base + b];
    const word = pass >>> 2; // little-endian: low word first
    const shift = (pass & 3) * 8;
    for (let i = 0; i < m; i++) {
      const t = count[base + ((w[2 * i + word] >>> shift) & 0xff)]++;
      k2[t] = k[i];
      p2[t] = p[i];
    }
    const tk = k;
    k = k2;
    k2 = tk;
    const tp = p;
    p = p2;
    p2 = tp;
    const tw = w;
    w = w2;
    w2 = tw;
  }
  if (k !== keys) {
    keys.set(k);
    payload.set(p);
  }
  giveBack(k2Scratch, p2Scratch, count);
}
