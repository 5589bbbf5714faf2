/**
 * Hilbert functions H_k(i, j) = dim H_k(Rips_{R_i}({x : f(x) <= T_j})) on the grid, k in {0, 1}, by one pass of
 * the nested-slice reducer (flagReducer.ts) per distinct t-slice: slices grow with j, so the reducer keeps what it
 * learned (emergent witnesses) from one slice to the next. Within a slice the bars are snapped to the r grid and
 * counted with a difference array: H_k(i, j) = #{bars [b, d) : b <= i < d} in grid indices.
 *
 * Each slice is truncated at its own enclosing radius (the smallest edge rank at which one vertex of the slice is
 * joined to all others): the complex is a cone from there on, so H_1 = 0 above it and no bar is lost (Ripser's
 * enclosing-radius threshold, Bauer 2021, applied per slice).
 */
import type { AnalysisContext } from '../../core/context';
import { NO_EDGE, type EdgeOrder } from './edgeOrder';
import { createFlagReducer } from './flagReducer';
import { squaredDistance, type PointCloud } from './bifiltration';
import { snapUp } from './grid';
import { computeRips } from '../rips/engine';

export interface HilbertResult {
  /** values[k] for degree degrees[k]: Int32Array of nr * nt, entry i * nt + j (r index i, t index j). */
  values: Int32Array[];
  degrees: number[];
  /** Columns reduced in degree 1 over all slices (the rest were emergent or cleared), for benchmarks. */
  reducedColumns: number;
  slicesComputed: number;
}

/**
 * @param order edge order of the vertices relabelled by increasing f (so the slice at t index j is a prefix)
 * @param edgeGrade r-grid index of each edge rank (snapped up)
 * @param sliceSize number of vertices with f-grid index <= j, for j = 0..nt-1 (non-decreasing)
 * @param sliceRange only the slices j in [from, to) are computed (the other columns stay 0): a worker's share
 */
export function hilbertFunctions(
  order: EdgeOrder,
  edgeGrade: Int32Array,
  sliceSize: Int32Array,
  nr: number,
  degrees: readonly number[],
  ctx: AnalysisContext,
  progressSpan: [number, number] = [0, 1],
  sliceRange: [number, number] = [0, sliceSize.length],
  cloud?: PointCloud,
  rGrid?: Float64Array,
): HilbertResult {
  const { n, rank } = order;
  const nt = sliceSize.length;
  const want0 = degrees.includes(0);
  const want1 = degrees.includes(1);
  const want2 = degrees.includes(2);
  if (want2 && (!cloud || !rGrid))
    throw new Error('hilbertFunctions: degree 2 needs the relabelled cloud and the r grid');
  const h0 = new Int32Array(nr * nt);
  const h1 = new Int32Array(nr * nt);
  const h2 = new Int32Array(nr * nt);
  // Degree 2 comes from the Rips engine (src/analysis/topology/rips) once per slice, on a dense matrix of the same
  // lengths the edge order was built from, so that its bars snap to the grid exactly as the degree 0/1 bars do.
  let lengths: Float64Array | undefined;
  if (want2 && cloud) {
    lengths = new Float64Array(n * n);
    for (let u = 0; u < n; u++)
      for (let v = 0; v < u; v++) lengths[u * n + v] = lengths[v * n + u] = Math.sqrt(squaredDistance(cloud, u, v));
  }
  const reducer = createFlagReducer(order, ctx.signal);
  // maxRank[v] = largest edge rank from v to the current prefix (NO_EDGE if some edge is above the threshold)
  const maxRank = new Int32Array(n);
  const diff = new Int32Array(nr + 1);
  let added = 0;
  let prevM = -1;
  let reducedColumns = 0;
  let slicesComputed = 0;
  const [from, to] = sliceRange;
  for (let j = from; j < to; j++) {
    ctx.signal.throwIfCancelled();
    ctx.progress(
      progressSpan[0] + ((progressSpan[1] - progressSpan[0]) * (j - from)) / (to - from),
      `Hilbert function, slice ${j + 1}/${nt}`,
    );
    const m = sliceSize[j];
    if (m === prevM) {
      for (let i = 0; i < nr; i++) {
        h0[i * nt + j] = h0[i * nt + j - 1];
        h1[i * nt + j] = h1[i * nt + j - 1];
        h2[i * nt + j] = h2[i * nt + j - 1];
      }
      continue;
    }
    prevM = m;
    for (; added < m; added++) {
      const w = added;
      let mw = 0;
      for (let v = 0; v < w; v++) {
        const r = rank[w * n + v];
        if (r > maxRank[v]) maxRank[v] = r;
        if (r > mw) mw = r;
      }
      maxRank[w] = mw;
    }
    let cone = NO_EDGE;
    for (let v = 0; v < m; v++) if (maxRank[v] < cone) cone = maxRank[v];
    const limit = cone === NO_EDGE ? order.count : Math.min(order.count, cone + 1);
    const bars = reducer.slice(m, limit);
    slicesComputed++;
    reducedColumns += bars.reducedColumns;

    if (want0) {
      diff.fill(0);
      for (let k = 0; k < bars.mergeRank.length; k++) diff[edgeGrade[bars.mergeRank[k]]]++;
      let alive = m;
      for (let i = 0; i < nr; i++) {
        alive -= diff[i];
        h0[i * nt + j] = alive;
      }
    }
    if (want1) {
      diff.fill(0);
      const { h1Birth, h1Death } = bars;
      for (let k = 0; k < h1Birth.length; k++) {
        const b = edgeGrade[h1Birth[k]];
        const d = h1Death[k] < 0 ? nr : edgeGrade[h1Death[k]];
        if (d > b) {
          diff[b]++;
          diff[d]--;
        }
      }
      let alive = 0;
      for (let i = 0; i < nr; i++) {
        alive += diff[i];
        h1[i * nt + j] = alive;
      }
    }
    if (want2 && lengths && rGrid && m >= 4) {
      const rTop = rGrid[nr - 1];
      const subset = Int32Array.from({ length: m }, (_, v) => v);
      const dg = computeRips(
        { kind: 'matrix', n, data: lengths },
        { maxDim: 2, threshold: rTop, subset, signal: ctx.signal, memoryBudgetBytes: ctx.memoryBudgetBytes },
      ).diagrams[2];
      diff.fill(0);
      for (let k = 0; k < dg.births.length; k++) {
        const b = snapUp(rGrid, dg.births[k]);
        const d = dg.deaths[k] === Infinity ? nr : snapUp(rGrid, dg.deaths[k]);
        if (d > b && b < nr) {
          diff[b]++;
          diff[Math.min(d, nr)]--;
        }
      }
      let alive = 0;
      for (let i = 0; i < nr; i++) {
        alive += diff[i];
        h2[i * nt + j] = alive;
      }
    }
  }
  reducer.release();
  const values: Int32Array[] = [];
  for (const k of degrees) values.push(k === 0 ? h0 : k === 1 ? h1 : h2);
  return { values, degrees: [...degrees], reducedColumns, slicesComputed };
}
