/**
 * From a point cloud and a per-point function f to the grid, the Hilbert functions and the signed measures of the
 * bifiltration Rips x f (Loiseaux et al. 2023, function-Rips / Rips-codensity): vertex i at (0, f_i), a simplex at (diameter, max f).
 * Vertices are relabelled by increasing f so that each t-slice {i : f_i <= T_j} is a prefix 0..m_j-1.
 */
import type { AnalysisContext } from '../../core/context';
import { badInput, tooLarge } from '../../core/errors';
import { enclosingRadius, squaredDistance, type PointCloud } from './bifiltration';
import { buildEdgeOrder, edgeOrderBytes, type EdgeOrder } from './edgeOrder';
import { eulerDensity } from './euler';
import { functionGrid, quantileGrid, regularGrid, snapUp, type GridStrategy } from './grid';
import { hilbertFunctions, type HilbertResult } from './hilbert';
import { measureFromDensity, mobiusInversion, type GridMeasure } from './measure';
import { estimateRipsMemory } from '../rips/estimate';

export interface InvariantOptions {
  gridSize: number;
  strategy: GridStrategy;
  /** Largest edge length kept (r axis top). Default: the enclosing radius of the cloud. */
  threshold?: number;
  degrees: readonly number[];
  hilbert: boolean;
  euler: boolean;
  /**
   * Use these grids instead of building them: stability re-runs compare on the same grid, and a batch gives every
   * item the grid fitted on the collection (either axis alone may be given).
   */
  grids?: { r?: Float64Array; t?: Float64Array };
}

export interface HilbertOutput {
  degree: number;
  /** nr x nt, entry i * nt + j. */
  values: Int32Array;
  measure: GridMeasure;
}

export interface InvariantsOutput {
  r: Float64Array;
  t: Float64Array;
  threshold: number;
  thresholdRule: string;
  hilbert: HilbertOutput[];
  euler?: { maxDim: number; density: Int32Array; measure: GridMeasure };
  /** The bifiltration in the relabelled vertex order (for line slices). */
  bifiltration: RelabelledBifiltration;
  stats: { edges: number; reducedColumns: number; slicesComputed: number; timingsMs: Record<string, number> };
}

export interface RelabelledBifiltration {
  /** perm[label] = original point index; labels sorted by increasing f. */
  perm: Int32Array;
  /** f by label (non-decreasing). */
  f: Float64Array;
  order: EdgeOrder;
  /** The points in label order (row-major), for the degree-2 slices computed by the Rips engine. */
  cloud: PointCloud;
}

const MB = 1024 * 1024;

/** Refuses clouds whose O(n^2) structures would not fit the budget, with the numbers and what to lower. */
export function checkSize(n: number, budgetBytes: number, file?: string): void {
  const edges = (n * (n - 1)) / 2;
  const bytes = edgeOrderBytes(n, edges) + (n * n) / 8;
  if (bytes > budgetBytes) {
    const triangles = (n * (n - 1) * (n - 2)) / 6;
    throw tooLarge(
      `${n} points give up to ${edges.toExponential(2)} edges and ${triangles.toExponential(2)} triangles; the edge order and bitsets need about ${(bytes / MB).toFixed(1)} MB, over the budget of ${(budgetBytes / MB).toFixed(1)} MB. Subsample the points (fewer rows) or raise dynlens.worker.maxMemoryMB`,
      { file },
    );
  }
}

/**
 * Degree 2 runs the Rips engine up to degree 2 on each t-slice; the largest slice is the whole cloud, so its memory
 * estimate (estimateRipsMemory: the triangles' columns and the pivot map) is the limit, checked before any slice.
 */
function checkDegree2(n: number, edges: number, threshold: number, budget: number, file?: string): void {
  const est = estimateRipsMemory(n, 2, edges / ((n * (n - 1)) / 2));
  if (est.bytes > budget)
    throw tooLarge(
      `degree 2: the Rips complex of the ${n} points at r = ${threshold.toPrecision(4)} has ${edges} edges and ~${est.simplices[2].toExponential(1)} triangles, estimated ${(est.bytes / MB).toFixed(0)} MB per slice, over the budget of ${budgetText(budget)}: subsample (--max-points), set a smaller --threshold, or use --degrees 0,1`,
      { file },
    );
}

function budgetText(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / MB).toFixed(0)} MB` : 'unlimited';
}

export function relabelByFunction(
  cloud: PointCloud,
  f: Float64Array,
  threshold: number,
  ctx: AnalysisContext,
): RelabelledBifiltration {
  const n = cloud.n;
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  perm.sort((x, y) => f[x] - f[y] || x - y);
  const coords = new Float64Array(n * cloud.dim);
  const fl = new Float64Array(n);
  for (let l = 0; l < n; l++) {
    const i = perm[l];
    fl[l] = f[i];
    for (let k = 0; k < cloud.dim; k++) coords[l * cloud.dim + k] = cloud.coords[i * cloud.dim + k];
  }
  const rc: PointCloud = { n, dim: cloud.dim, coords };
  // Edge values are the lengths sqrt(|x_u - x_v|^2) compared as lengths (not squares) with the threshold, so an edge
  // of length exactly `threshold` (e.g. the enclosing radius) is kept.
  const order = buildEdgeOrder(n, (u, v) => Math.sqrt(squaredDistance(rc, u, v)), threshold, ctx);
  return { perm, f: fl, order, cloud: rc };
}

/** Everything the invariants are computed from: the relabelled bifiltration, the grids and the snapped grades. */
export interface PreparedGrid {
  bif: RelabelledBifiltration;
  /** The edge order restricted to the grid box. */
  clipped: EdgeOrder;
  r: Float64Array;
  t: Float64Array;
  threshold: number;
  thresholdRule: string;
  edgeGrade: Int32Array;
  vertexGrade: Int32Array;
  sliceSize: Int32Array;
  /** Vertices (labels) inside the t range of the grid. */
  inBox: number;
  timings: Record<string, number>;
}

export function prepareGrid(
  cloud: PointCloud,
  f: Float64Array,
  opts: InvariantOptions,
  ctx: AnalysisContext,
  file?: string,
): PreparedGrid {
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string): void => {
    const t1 = performance.now();
    timings[name] = t1 - t0;
    t0 = t1;
  };
  if (f.length !== cloud.n) throw badInput(`the function has ${f.length} values for ${cloud.n} points`, { file });
  for (let i = 0; i < f.length; i++) {
    if (!Number.isFinite(f[i]))
      throw badInput(`the function value of point ${i + 1} is ${f[i]} (must be finite)`, { file, row: i + 1 });
  }
  checkSize(cloud.n, ctx.memoryBudgetBytes, file);

  let threshold: number;
  let thresholdRule: string;
  const givenR = opts.grids?.r;
  const givenT = opts.grids?.t;
  if (givenR) {
    threshold = givenR[givenR.length - 1];
    thresholdRule = 'top of the given r grid';
  } else if (opts.threshold !== undefined) {
    if (!(opts.threshold > 0)) throw badInput(`--threshold must be > 0, got ${opts.threshold}`, { file });
    threshold = opts.threshold;
    thresholdRule = '--threshold';
  } else {
    threshold = enclosingRadius(cloud, () => ctx.signal.throwIfCancelled());
    thresholdRule = 'enclosing radius min_i max_j d(i,j) (the Rips complex is a cone above it)';
    if (!(threshold > 0))
      throw badInput('all points coincide: the enclosing radius is 0, no scale axis to build', { file });
  }
  ctx.progress(0.02, 'sorting edges');
  const bif = relabelByFunction(cloud, f, threshold, ctx);
  const { order } = bif;
  if (opts.degrees.includes(2) && opts.hilbert)
    checkDegree2(cloud.n, order.count, threshold, ctx.memoryBudgetBytes, file);
  lap('edges');

  let r: Float64Array;
  let t: Float64Array;
  if (givenR) r = givenR;
  else if (opts.strategy === 'quantile') {
    // r: 0 then quantiles of the kept edge lengths (order.value is sorted).
    const q = order.count > 0 ? quantileGrid(Float64Array.from(order.value), opts.gridSize - 1) : new Float64Array(0);
    r = new Float64Array(q.length + 1);
    r.set(q, 1);
    if (r.length > 1 && r[1] === 0) r = r.slice(1);
  } else r = regularGrid(0, threshold, opts.gridSize);
  // t: quantiles of f, or evenly spaced over its range.
  if (givenT) t = givenT;
  else t = functionGrid(bif.f, opts.gridSize, opts.strategy === 'quantile' ? 'quantile' : 'regular');
  const nr = r.length;
  const nt = t.length;
  const rTop = r[nr - 1];
  // Edges above the r grid are outside the box; vertices above the t grid too (only with given grids).
  let edgeCount = order.count;
  while (edgeCount > 0 && order.value[edgeCount - 1] > rTop) edgeCount--;
  const edgeGrade = new Int32Array(order.count);
  for (let k = 0, g = 0; k < edgeCount; k++) {
    const x = order.value[k];
    while (r[g] < x) g++;
    edgeGrade[k] = g;
  }
  const vertexGrade = new Int32Array(cloud.n);
  for (let v = 0; v < cloud.n; v++) vertexGrade[v] = snapUp(t, bif.f[v]);
  let inBox = cloud.n;
  while (inBox > 0 && vertexGrade[inBox - 1] >= nt) inBox--;
  const sliceSize = new Int32Array(nt);
  for (let v = 0, j = 0; j < nt; j++) {
    while (v < inBox && vertexGrade[v] <= j) v++;
    sliceSize[j] = v;
  }
  const clipped: EdgeOrder =
    edgeCount === order.count && inBox === cloud.n ? order : clipOrder(order, edgeCount, inBox);
  lap('grid');
  return { bif, clipped, r, t, threshold, thresholdRule, edgeGrade, vertexGrade, sliceSize, inBox, timings };
}

/** Measures from the Hilbert functions, and the Euler measure: the common end of the sequential and parallel paths. */
function finish(
  g: PreparedGrid,
  h: HilbertResult | undefined,
  opts: InvariantOptions,
  ctx: AnalysisContext,
): InvariantsOutput {
  const { r, t, timings } = g;
  const hilbert: HilbertOutput[] = [];
  if (h) {
    for (let k = 0; k < h.degrees.length; k++) {
      hilbert.push({ degree: h.degrees[k], values: h.values[k], measure: mobiusInversion(h.values[k], r, t) });
    }
  }
  let euler: InvariantsOutput['euler'];
  if (opts.euler) {
    ctx.progress(0.9, 'Euler characteristic');
    const t0 = performance.now();
    const maxDim = Math.max(...opts.degrees, 0) + 1;
    const density = eulerDensity(g.clipped, g.edgeGrade, g.vertexGrade, r.length, t.length, maxDim, ctx, g.inBox);
    euler = { maxDim, density, measure: measureFromDensity(density, r, t) };
    timings.euler = performance.now() - t0;
  }
  return {
    r,
    t,
    threshold: g.threshold,
    thresholdRule: g.thresholdRule,
    hilbert,
    euler,
    bifiltration: g.bif,
    stats: {
      edges: g.clipped.count,
      reducedColumns: h?.reducedColumns ?? 0,
      slicesComputed: h?.slicesComputed ?? 0,
      timingsMs: timings,
    },
  };
}

export function computeInvariants(
  cloud: PointCloud,
  f: Float64Array,
  opts: InvariantOptions,
  ctx: AnalysisContext,
  file?: string,
): InvariantsOutput {
  const g = prepareGrid(cloud, f, opts, ctx, file);
  let h: HilbertResult | undefined;
  if (opts.hilbert && opts.degrees.length > 0) {
    const t0 = performance.now();
    h = hilbertFunctions(
      g.clipped,
      g.edgeGrade,
      g.sliceSize,
      g.r.length,
      opts.degrees,
      ctx,
      [0.05, opts.euler ? 0.9 : 0.98],
      undefined,
      g.bif.cloud,
      g.r,
    );
    g.timings.hilbert = performance.now() - t0;
  }
  return finish(g, h, opts, ctx);
}

/** One chunk of t-slices for another worker: the cloud, the function, the grids and the slice range. */
export interface HilbertChunk {
  coords: Float64Array;
  dim: number;
  f: Float64Array;
  r: Float64Array;
  t: Float64Array;
  degrees: number[];
  from: number;
  to: number;
}

export interface HilbertChunkResult {
  from: number;
  to: number;
  /** Per degree: nr x (to - from), entry i * (to - from) + (j - from). */
  values: Int32Array[];
  reducedColumns: number;
  slicesComputed: number;
}

/** The `hilbert-slices` task: rebuilds the same grid (given grids) and computes the slices [from, to). */
export function hilbertChunkTask(chunk: HilbertChunk, ctx: AnalysisContext): HilbertChunkResult {
  const cloud: PointCloud = { n: chunk.f.length, dim: chunk.dim, coords: chunk.coords };
  const opts: InvariantOptions = {
    gridSize: chunk.r.length,
    strategy: 'regular',
    degrees: chunk.degrees,
    hilbert: true,
    euler: false,
    grids: { r: chunk.r, t: chunk.t },
  };
  const g = prepareGrid(cloud, chunk.f, opts, ctx);
  const h = hilbertFunctions(
    g.clipped,
    g.edgeGrade,
    g.sliceSize,
    g.r.length,
    chunk.degrees,
    ctx,
    [0, 1],
    [chunk.from, chunk.to],
    g.bif.cloud,
    g.r,
  );
  const nr = g.r.length;
  const nt = g.t.length;
  const w = chunk.to - chunk.from;
  const values = h.values.map((full) => {
    const out = new Int32Array(nr * w);
    for (let i = 0; i < nr; i++)
      for (let j = chunk.from; j < chunk.to; j++) out[i * w + j - chunk.from] = full[i * nt + j];
    return out;
  });
  return { from: chunk.from, to: chunk.to, values, reducedColumns: h.reducedColumns, slicesComputed: h.slicesComputed };
}

/** Below this many points the slices are computed in this thread: a worker would spend most of its time rebuilding
 * the edge order. */
export const PARALLEL_MIN_POINTS = 400;

/**
 * As computeInvariants, with the t-slices spread over ctx.parallelMap (task `hilbert-slices`) when there are
 * several workers and enough points. Contiguous slice ranges of about equal work (sum of m_j^2); each worker
 * rebuilds the edge order, so the results are identical to the sequential path.
 */
export async function computeInvariantsAsync(
  cloud: PointCloud,
  f: Float64Array,
  opts: InvariantOptions,
  ctx: AnalysisContext,
  file?: string,
  minPoints = PARALLEL_MIN_POINTS,
): Promise<InvariantsOutput> {
  const workers = Math.min(ctx.parallelism, 8);
  if (!(opts.hilbert && opts.degrees.length > 0) || workers < 2 || cloud.n < minPoints)
    return computeInvariants(cloud, f, opts, ctx, file);
  const g = prepareGrid(cloud, f, opts, ctx, file);
  const t0 = performance.now();
  const nr = g.r.length;
  const nt = g.t.length;
  let total = 0;
  // Work per slice: m^2 edges for degrees 0 and 1; the triangles of the degree-2 reduction grow as m^3.
  const power = opts.degrees.includes(2) ? 3 : 2;
  for (let j = 0; j < nt; j++) total += g.sliceSize[j] ** power;
  const chunks: HilbertChunk[] = [];
  let from = 0;
  let acc = 0;
  for (let j = 0; j < nt; j++) {
    acc += g.sliceSize[j] ** power;
    const last = j === nt - 1;
    if (last || (acc >= (total * (chunks.length + 1)) / workers && chunks.length < workers - 1)) {
      chunks.push({
        coords: cloud.coords,
        dim: cloud.dim,
        f,
        r: g.r,
        t: g.t,
        degrees: [...opts.degrees],
        from,
        to: j + 1,
      });
      from = j + 1;
    }
  }
  ctx.progress(0.05, `Hilbert functions on ${chunks.length} workers`);
  const parts = await ctx.parallelMap<HilbertChunk, HilbertChunkResult>('hilbert-slices', chunks);
  const values = opts.degrees.map(() => new Int32Array(nr * nt));
  let reducedColumns = 0;
  let slicesComputed = 0;
  for (const part of parts) {
    const w = part.to - part.from;
    part.values.forEach((block, k) => {
      for (let i = 0; i < nr; i++)
        for (let j = part.from; j < part.to; j++) values[k][i * nt + j] = block[i * w + j - part.from];
    });
    reducedColumns += part.reducedColumns;
    slicesComputed += part.slicesComputed;
  }
  g.timings.hilbert = performance.now() - t0;
  return finish(g, { values, degrees: [...opts.degrees], reducedColumns, slicesComputed }, opts, ctx);
}

/** The order restricted to its first `edgeCount` ranks and to vertices < `vertices` (ranks stay valid). */
function clipOrder(order: EdgeOrder, edgeCount: number, vertices: number): EdgeOrder {
  const { n } = order;
  const rank = Int32Array.from(order.rank);
  for (let k = edgeCount; k < order.count; k++) {
    rank[order.edgeA[k] * n + order.edgeB[k]] = 0x7fffffff;
    rank[order.edgeB[k] * n + order.edgeA[k]] = 0x7fffffff;
  }
  // Edges to vertices outside the box are dropped by giving them NO_EDGE as well; ranks of the rest are unchanged,
  // which keeps the order (gaps in ranks are harmless: only comparisons matter).
  for (let k = 0; k < edgeCount; k++) {
    if (order.edgeA[k] >= vertices) {
      rank[order.edgeA[k] * n + order.edgeB[k]] = 0x7fffffff;
      rank[order.edgeB[k] * n + order.edgeA[k]] = 0x7fffffff;
    }
  }
  return { n, count: edgeCount, rank, edgeA: order.edgeA, edgeB: order.edgeB, value: order.value };
}
