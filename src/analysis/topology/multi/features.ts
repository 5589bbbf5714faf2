/**
 * Batch features of `signed-barcode` and the coordinates every item of a batch shares.
 *
 * Feature names (--features):
 * - image: `hilbert_h<d>_r<a>_t<b>` (and `euler_r<a>_t<b>`): pixel (a, b) of the convolution image of the measure,
 *   a along the r (scale) axis, b along t (function), both from 0, zero-padded to the same width (at least 2).
 * - sw: `sw_h<d>_d<k>_s<j>` (and `sw_euler_d<k>_s<j>`): the sliced Wasserstein embedding, F_k(s_j) x ds / K where
 *   F_k is the cumulative signed mass of the measure projected on random direction k (of K, --directions, --seed)
 *   and s_j the midpoint of bin j of --sw-bins bins over the projection of the image box. The L1 distance of two
 *   embeddings is the midpoint rule of (1/K) sum_k int |F_k - G_k| ds, the p = 1 sliced Wasserstein distance between
 *   the signed measures (Loiseaux et al. 2023, sec. 4) with unequal masses balanced at the top of the box.
 *
 * Shared coordinates (fitted on the fit items): the KDE bandwidth of the codensity (median of the items' Scott
 * bandwidths), the r grid (0 to the largest enclosing radius, or pooled quantiles of edge lengths) and the t grid
 * (over the pooled range, or pooled quantiles, of f). The image box is the grid box, so it is shared too.
 */
import type { AnalysisContext } from '../../core/context';
import type { FeatureVector, SharedCoordinates } from '../../core/definition';
import { usageError } from '../../core/errors';
import type { AnalysisInput } from '../../core/input';
import type { SignedBarcodeResult, SignedMeasureData } from '../../../protocol/results/signed-barcode';
import { type SignedBarcodeParams, fixedGrid, pointTable, prepare } from './analysis';
import { enclosingRadius, squaredDistance } from './bifiltration';
import { quantileGrid, regularGrid } from './grid';
import { randomDirections } from './vectorize';
import { graphOfInput } from '../graph/persistence';
import { fitGraphGrids } from '../graph/signed-barcode';

function pad(k: number, width: number): string {
  return String(k).padStart(width, '0');
}

function prefixOf(measure: string): string {
  return measure === 'euler' ? 'euler' : `hilbert_${measure.toLowerCase()}`;
}

function measureData(r: SignedBarcodeResult, name: string): SignedMeasureData {
  if (name === 'euler') {
    if (!r.euler) throw new Error('the Euler measure was not computed');
    return r.euler.measure;
  }
  const h = r.hilbert.find((x) => `H${x.degree}` === name);
  if (!h) throw new Error(`measure ${name} was not computed`);
  return h.measure;
}

/** The sliced Wasserstein embedding of one measure (see the header). */
export function slicedWassersteinEmbedding(
  m: SignedMeasureData,
  box: readonly number[],
  directions: Float64Array,
  bins: number,
): Float64Array {
  const [r0, r1, t0, t1] = box;
  const nd = directions.length / 2;
  const out = new Float64Array(nd * bins);
  const count = m.weights.length;
  const proj = new Float64Array(count);
  const order = new Uint32Array(count);
  for (let d = 0; d < nd; d++) {
    const c = directions[2 * d];
    const s = directions[2 * d + 1];
    const corners = [r0 * c + t0 * s, r0 * c + t1 * s, r1 * c + t0 * s, r1 * c + t1 * s];
    const lo = Math.min(...corners);
    const hi = Math.max(...corners);
    const ds = (hi - lo) / bins;
    for (let i = 0; i < count; i++) {
      proj[i] = m.points[2 * i] * c + m.points[2 * i + 1] * s;
      order[i] = i;
    }
    order.sort((a, b) => proj[a] - proj[b] || a - b);
    let k = 0;
    let cum = 0;
    for (let j = 0; j < bins; j++) {
      const at = lo + (j + 0.5) * ds;
      while (k < count && proj[order[k]] <= at) cum += m.weights[order[k++]];
      out[d * bins + j] = (cum * ds) / nd;
    }
  }
  return out;
}

export function signedBarcodeFeatures(r: SignedBarcodeResult, p: SignedBarcodeParams): FeatureVector {
  const parts: Float64Array[] = [];
  const image = p.features === 'image' || p.features === 'both';
  const sw = p.features === 'sw' || p.features === 'both';
  const res = r.vector.resolution;
  if (image)
    r.vector.measures.forEach((_, k) => parts.push(r.vector.values.subarray(k * res * res, (k + 1) * res * res)));
  if (sw) {
    const directions = randomDirections(p.directions, p.seed);
    for (const m of r.vector.measures)
      parts.push(slicedWassersteinEmbedding(measureData(r, m), r.vector.box, directions, p.swBins));
  }
  const names = featureNames(r.vector.measures, res, image, sw ? p : undefined);
  const values = new Float64Array(names.length);
  let off = 0;
  for (const part of parts) {
    values.set(part, off);
    off += part.length;
  }
  return { names, values };
}

/**
 * The names of the vector, for image pixels and/or sliced-Wasserstein coordinates. The same list object while
 * the layout stays the same: every item of a batch has the same names, and building thousands of strings per item
 * was a tenth of the time a batch spends outside the analysis.
 */
let lastNames: { key: string; names: readonly string[] } | undefined;
function featureNames(
  measures: readonly string[],
  res: number,
  image: boolean,
  sw: { directions: number; swBins: number } | undefined,
): string[] {
  const key = JSON.stringify([measures, res, image, sw?.directions, sw?.swBins]);
  if (lastNames?.key === key) return lastNames.names as string[];
  const names: string[] = [];
  if (image) {
    const w = Math.max(2, String(res - 1).length);
    for (const m of measures) {
      const prefix = prefixOf(m);
      for (let a = 0; a < res; a++) for (let b = 0; b < res; b++) names.push(`${prefix}_r${pad(a, w)}_t${pad(b, w)}`);
    }
  }
  if (sw) {
    const wd = Math.max(2, String(sw.directions - 1).length);
    const wb = Math.max(2, String(sw.swBins - 1).length);
    for (const m of measures) {
      const prefix = m === 'euler' ? 'sw_euler' : `sw_${m.toLowerCase()}`;
      for (let d = 0; d < sw.directions; d++)
        for (let j = 0; j < sw.swBins; j++) names.push(`${prefix}_d${pad(d, wd)}_s${pad(j, wb)}`);
    }
  }
  Object.freeze(names);
  lastNames = { key, names };
  return names;
}

/** Sorted pairwise distances <= threshold of a cloud (for the pooled quantile grid of r). */
function edgeLengths(cloud: { n: number; dim: number; coords: Float64Array }, threshold: number): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < cloud.n; i++)
    for (let j = i + 1; j < cloud.n; j++) {
      const d = Math.sqrt(squaredDistance(cloud, i, j));
      if (d <= threshold) out.push(d);
    }
  return Float64Array.from(out);
}

async function firstIsGraph(inputs: () => AsyncIterable<AnalysisInput>): Promise<boolean> {
  for await (const input of inputs()) return graphOfInput(input) !== undefined;
  return false;
}

export async function fitSignedBarcodeCoordinates(
  inputs: () => AsyncIterable<AnalysisInput>,
  p: SignedBarcodeParams,
  ctx: AnalysisContext,
): Promise<SharedCoordinates> {
  if (p.graphFunction !== undefined || (await firstIsGraph(inputs))) return fitGraphGrids(inputs, p, ctx);
  const notes: string[] = [];
  const params: Record<string, unknown> = {};
  let skipped = 0;
  const each = async (fn: (input: AnalysisInput) => Promise<void>): Promise<number> => {
    let used = 0;
    skipped = 0;
    for await (const input of inputs()) {
      ctx.signal.throwIfCancelled();
      try {
        await fn(input);
        used++;
      } catch (e) {
        if (e instanceof Error && e.name === 'CancelledError') throw e;
        skipped++; // a bad item fails in its own run, with its own message
      }
    }
    if (used === 0) throw usageError('no item of the fit collection could be read as a point cloud');
    return used;
  };
  let bandwidth = p.bandwidth;
  if (p.function === 'codensity' && bandwidth === undefined) {
    const bws: number[] = [];
    await each(async (input) => {
      const prep = await prepare(pointTable(input, p), p, ctx);
      if (prep.bandwidth !== undefined) bws.push(prep.bandwidth);
    });
    bws.sort((a, b) => a - b);
    bandwidth = bws[Math.floor((bws.length - 1) / 2)];
    params.bandwidth = bandwidth;
    notes.push(`bandwidth ${bandwidth}: median of the ${bws.length} items' Scott bandwidths`);
  }
  const q = { ...p, bandwidth };
  const quantile = p.gridStrategy === 'quantile';
  let rTop = 0;
  let fLo = Infinity;
  let fHi = -Infinity;
  const rPool: number[] = [];
  const tPool: number[] = [];
  const used = await each(async (input) => {
    const prep = await prepare(pointTable(input, q), q, ctx);
    const threshold = p.threshold ?? enclosingRadius(prep.cloud);
    rTop = Math.max(rTop, threshold);
    for (const v of prep.f) {
      fLo = Math.min(fLo, v);
      fHi = Math.max(fHi, v);
    }
    if (quantile) {
      if (!p.rGrid) rPool.push(...quantileGrid(edgeLengths(prep.cloud, threshold), p.grid - 1));
      tPool.push(...quantileGrid(Float64Array.from(prep.f), p.grid));
    }
  });
  if (skipped > 0) notes.push(`${skipped} fit items could not be read and were left out of the fit`);
  if (!p.rGrid) {
    let r: Float64Array;
    if (quantile) {
      const qs = quantileGrid(Float64Array.from(rPool), p.grid - 1);
      r = qs[0] > 0 ? Float64Array.from([0, ...qs]) : qs;
    } else r = regularGrid(0, rTop, p.grid);
    if (r.length < 2) throw usageError('the fit items give an empty r range (all points coincide?)');
    params.rGrid = Array.from(r);
    notes.push(
      quantile
        ? `r grid: pooled quantiles of the ${used} items' edge lengths`
        : `r grid: ${p.grid} values from 0 to ${rTop} (${p.threshold !== undefined ? '--threshold' : "largest of the items' enclosing radii"})`,
    );
  } else fixedGrid('r-grid', p.rGrid, 0);
  if (!p.tGrid) {
    if (!(fHi > fLo)) fHi = fLo + 1;
    const t = quantile ? quantileGrid(Float64Array.from(tPool), p.grid) : regularGrid(fLo, fHi, p.grid);
    params.tGrid = Array.from(t.length >= 2 ? t : regularGrid(fLo, fHi, p.grid));
    notes.push(
      quantile ? `t grid: pooled quantiles of f over ${used} items` : `t grid: [${fLo}, ${fHi}] over ${used} items`,
    );
  } else fixedGrid('t-grid', p.tGrid);
  return { params, notes };
}
