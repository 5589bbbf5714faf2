/**
 * Resource estimate of `signed-barcode` (core/budget.ts), from the table's size and the parameters, before the
 * codensity and the bifiltration are computed: the density estimate over every point, the farthest-point sample,
 * the sorted edges and bitsets of the sampled cloud, one pass over the edges per grid value of f for each Hilbert
 * degree (degree 2: one Rips persistence per slice), the triangles of the Euler measure and the convolution images,
 * once per input (the file, each --compare file and the --perturb copy).
 */
import { combineEstimates, type ResourceEstimate } from '../../core/budget';
import type { AnalysisInput } from '../../core/input';
import { edgeOrderBytes } from './edgeOrder';

export interface SignedBarcodeSize {
  maxPoints: number;
  grid: number;
  degrees: readonly number[];
  invariant: string;
  function: string;
  imageResolution: number;
  columns?: readonly string[];
  compare?: readonly string[];
  perturb?: number;
  delayEmbedding?: string;
}

export function estimateSignedBarcode(input: AnalysisInput, p: SignedBarcodeSize): ResourceEstimate {
  if (input.kind !== 'table') return { bytes: 0, work: 0, what: '', lower: '' };
  const ds = input.dataset;
  const total = ds.rows;
  const embedDim = p.delayEmbedding ? Number(p.delayEmbedding.split(',')[0]) || 1 : 0;
  const dims = Math.max(1, embedDim || p.columns?.length || ds.columns.length);
  const n = Math.min(total, p.maxPoints);
  const edges = (n * (n - 1)) / 2;
  const hilbert = p.invariant !== 'euler' ? new Set(p.degrees).size : 0;
  const measures = hilbert + (p.invariant !== 'hilbert' ? 1 : 0);
  const slices = p.grid;
  const inputs = 1 + (p.compare?.length ?? 0) + (p.perturb !== undefined ? 1 : 0);
  const parts: ResourceEstimate[] = [];
  if (p.function === 'codensity' || total > n) {
    parts.push({
      bytes: 8 * total * (dims + 1),
      work: inputs * total * n * dims * (p.function === 'codensity' ? 2 : 1),
      what: `the density and the sample of ${n} of ${total} points in ${dims} dimensions`,
      lower: '--max-points or the rows',
    });
  }
  const topDegree = Math.max(-1, ...(hilbert > 0 ? p.degrees : [])) + 1;
  const simplexTerm = topDegree >= 3 ? (n ** 4 / 24) * slices : (n ** 3 / 6) * (1 + slices / 64);
  parts.push({
    bytes: edgeOrderBytes(n, edges) + (n * n) / 8 + 8 * slices * slices * (measures + 2),
    work: inputs * (edges * (dims + Math.log2(Math.max(2, edges))) + hilbert * slices * edges + simplexTerm),
    what: `a bifiltration of ${n} points (${edges.toExponential(2)} edges) on a ${p.grid} x ${p.grid} grid, ${measures} measures${inputs > 1 ? `, ${inputs} inputs` : ''}`,
    lower: '--max-points (or fewer rows) or --grid',
  });
  const pixels = p.imageResolution * p.imageResolution;
  const measurePoints = Math.min(slices * slices, n * slices);
  parts.push({
    bytes: 8 * pixels * measures * 2,
    work: inputs * measures * measurePoints * pixels,
    what: `${measures} convolution images of ${p.imageResolution} x ${p.imageResolution} pixels`,
    lower: '--image-resolution or --grid',
  });
  return combineEstimates(parts);
}
