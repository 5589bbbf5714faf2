/**
 * Filtration-domination edge collapse of a flag bifiltration (Alonso, Kerber & Pritam, "Filtration-domination in
 * bifiltered graphs", ALENEX 2023): an edge e = {u, v} is dominated by a vertex w when
 *   (1) the edges uw and vw enter no later than e: g(uw) <= g(e) and g(vw) <= g(e), and
 *   (2) every common neighbour z of u and v is joined to w by the time the triangle uvz exists:
 *       g(wz) <= g(e) v g(uz) v g(vz)   (v: componentwise max).
 * Then at every grade p >= g(e) the link of e in the flag complex is a cone with apex w, so removing e (and its
 * cofaces) is a strong collapse at every grade, compatible with the inclusions: the persistence module, and so every
 * fibered barcode, is unchanged. Edges are removed one at a time, each checked against the graph left by the
 * previous removals. Only a few candidates w per edge get the full check: a missed domination only leaves an edge in.
 */
import type { CancelSignal } from '../../core/context';
import type { BifilteredComplex } from './complex';

/** Candidate apexes tried per edge. */
const CANDIDATES = 4;

export interface CollapseOutput {
  complex: BifilteredComplex;
  removed: number;
}

export function collapseEdges(k: BifilteredComplex, signal?: CancelSignal): CollapseOutput {
  if (k.triangles !== 'flag') return { complex: k, removed: 0 };
  const n = k.vertexCount;
  const m = k.edgeA.length;
  const g = k.edgeGrades;
  const W = (n + 31) >>> 5;
  const adj = new Int32Array(n * W);
  // dense grade matrices: the checks below walk rows u, v and w in increasing z, reading them almost sequentially
  const GX = new Float64Array(n * n).fill(Infinity);
  const GY = new Float64Array(n * n).fill(Infinity);
  for (let e = 0; e < m; e++) {
    const a = k.edgeA[e];
    const b = k.edgeB[e];
    GX[a * n + b] = GX[b * n + a] = g[2 * e];
    GY[a * n + b] = GY[b * n + a] = g[2 * e + 1];
    adj[a * W + (b >>> 5)] |= 1 << (b & 31);
    adj[b * W + (a >>> 5)] |= 1 << (a & 31);
  }
  const alive = new Uint8Array(m).fill(1);
  // longest first (by the first grade, then the second): long edges have the most candidate apexes
  const order = Int32Array.from({ length: m }, (_, e) => e).sort(
    (p, q) => g[2 * q] - g[2 * p] || g[2 * q + 1] - g[2 * p + 1] || q - p,
  );
  const common = new Int32Array(n);
  let removed = 0;
  for (let t = 0; t < m; t++) {
    if ((t & 4095) === 0) signal?.throwIfCancelled();
    const e = order[t];
    const u = k.edgeA[e];
    const v = k.edgeB[e];
    const ex = g[2 * e];
    const ey = g[2 * e + 1];
    // common neighbours of u and v in the current graph
    let nc = 0;
    for (let w = 0; w < W; w++) {
      let x = adj[u * W + w] & adj[v * W + w];
      while (x !== 0) {
        const bit = x & -x;
        common[nc++] = w * 32 + (31 - Math.clz32(bit));
        x ^= bit;
      }
    }
    if (nc === 0) continue;
    // candidates in index order: (1) by four lookups, then "every common neighbour is a neighbour of w" on the
    // bitsets, and only then the grade condition (2) over the common neighbours
    let dominated = false;
    let tries = 0;
    const un = u * n;
    const vn = v * n;
    for (let i = 0; i < nc && !dominated && tries < CANDIDATES; i++) {
      const w = common[i];
      if (GX[un + w] > ex || GY[un + w] > ey || GX[vn + w] > ex || GY[vn + w] > ey) continue;
      const wRow = w * W;
      let covered = true;
      for (let q = 0; q < W && covered; q++) {
        let miss = adj[u * W + q] & adj[v * W + q] & ~adj[wRow + q];
        if (q === w >>> 5) miss &= ~(1 << (w & 31));
        if (miss !== 0) covered = false;
      }
      if (!covered) continue;
      tries++;
      dominated = true;
      const wn = w * n;
      for (let j = 0; j < nc; j++) {
        const z = common[j];
        if (z === w) continue;
        if (GX[wn + z] > Math.max(ex, GX[un + z], GX[vn + z]) || GY[wn + z] > Math.max(ey, GY[un + z], GY[vn + z])) {
          dominated = false;
          break;
        }
      }
    }
    if (!dominated) continue;
    alive[e] = 0;
    removed++;
    adj[u * W + (v >>> 5)] &= ~(1 << (v & 31));
    adj[v * W + (u >>> 5)] &= ~(1 << (u & 31));
  }
  const keep: number[] = [];
  for (let e = 0; e < m; e++) if (alive[e]) keep.push(e);
  const edgeGrades = new Float64Array(2 * keep.length);
  keep.forEach((e, i) => {
    edgeGrades[2 * i] = g[2 * e];
    edgeGrades[2 * i + 1] = g[2 * e + 1];
  });
  return {
    complex: {
      ...k,
      edgeA: Int32Array.from(keep, (e) => k.edgeA[e]),
      edgeB: Int32Array.from(keep, (e) => k.edgeB[e]),
      edgeGrades,
    },
    removed,
  };
}
