/**
 * A memory estimate made before any O(n^2) allocation, so the analysis can refuse with tooLarge (the numbers, and
 * which parameter to lower) instead of dying. Simplex counts of degree d are estimated as C(n, d+1) * q^(C(d+1,2))
 * with q the fraction of edges within the threshold (independent-edges model; clustered data has more, so the
 * estimate is a floor: we compare it with the budget with a factor 2 margin).
 */
import type { ResourceEstimate } from '../../core/budget';
import type { DistanceSource } from './types';

export interface RipsMemoryEstimate {
  points: number;
  /** Bytes of the dense distance matrix. */
  distanceBytes: number;
  edges: number;
  /** Estimated simplices per degree 0..maxDim+1. */
  simplices: number[];
  bytes: number;
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c;
}

/** @param edgeFraction fraction of the n(n-1)/2 edges within the threshold (1 when unknown). */
export function estimateRipsMemory(n: number, maxDim: number, edgeFraction: number): RipsMemoryEstimate {
  const distanceBytes = 8 * n * n;
  const edges = binomial(n, 2) * edgeFraction;
  const simplices: number[] = [];
  for (let d = 0; d <= maxDim + 1; d++) simplices.push(binomial(n, d + 1) * Math.pow(edgeFraction, (d * (d + 1)) / 2));
  // Edges: code + sort buffers (12 B) and columns (16 B); degree d >= 2: columns and the full list (32 B each) and the
  // pivot map of the degree below (about 32 B per pivot). Cofacets of the top degree are enumerated, never stored.
  let bytes = distanceBytes + edges * 28;
  for (let d = 2; d <= maxDim; d++) bytes += simplices[d] * 64;
  return { points: n, distanceBytes, edges, simplices, bytes };
}

/**
 * Work per (d+1)-simplex of the reduction in degree d, in units: measured without threshold, 2,000 uniform points
 * in [0,1]^3 to H1 take 2.3 s of CPU (about 1 unit per triangle), the 800-point torus of examples/ to H2 about 8 s
 * (about 0.2 unit per tetrahedron: most coboundaries of H2 columns end at an apparent pair early).
 */
const UNITS_PER_COFACET = [1, 1, 0.2, 0.2];

/**
 * Work of a Rips persistence run in elementary operations (core/budget.ts units, about 2 ns each): the distances
 * (n^2/2 x coordinates), the sorted edges of H0, and for each degree d >= 1 the (d+1)-simplices, the cofacets the
 * coboundary reduction may enumerate (Bauer 2021, Ripser section 3).
 */
export function estimateRipsWork(n: number, coordinates: number, maxDim: number, edgeFraction: number): number {
  const { edges, simplices } = estimateRipsMemory(n, maxDim, edgeFraction);
  let work = (n * n * Math.max(1, coordinates)) / 2 + edges * Math.log2(Math.max(2, edges));
  for (let d = 1; d <= maxDim; d++) work += UNITS_PER_COFACET[Math.min(d, 3)] * simplices[d + 1];
  return work;
}

/**
 * Work a run without --landmarks may take (about 2 s of CPU): a larger point cloud is subsampled to landmarks.
 */
export const DEFAULT_RIPS_WORK = 1e9;

/**
 * The number of landmarks a default run keeps: the largest count whose estimate (every edge present, as at the
 * enclosing radius) fits DEFAULT_RIPS_WORK, or undefined when the whole cloud fits.
 */
export function defaultLandmarkCount(n: number, coordinates: number, maxDim: number): number | undefined {
  const fits = (m: number) => estimateRipsWork(m, coordinates, maxDim, 1) <= DEFAULT_RIPS_WORK;
  if (fits(n)) return undefined;
  let lo = 2;
  let hi = n;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** d(i, j) read from a source without building the dense matrix (for sampling). */
export function sourceDistance(src: DistanceSource, n: number): (i: number, j: number) => number {
  switch (src.kind) {
    case 'points':
      return (i, j) => {
        let s = 0;
        for (const c of src.columns) s += (c[i] - c[j]) ** 2;
        return Math.sqrt(s);
      };
    case 'points-rows':
      return (i, j) => {
        let s = 0;
        for (let k = 0; k < src.dim; k++) s += (src.data[i * src.dim + k] - src.data[j * src.dim + k]) ** 2;
        return Math.sqrt(s);
      };
    case 'matrix':
      return (i, j) => src.data[i * n + j];
    case 'lower':
      return (i, j) => (i === j ? 0 : i > j ? src.data[(i * (i - 1)) / 2 + j] : src.data[(j * (j - 1)) / 2 + i]);
  }
}

/** The point nearest the centroid of a point cloud (a good candidate centre of the enclosing ball), else 0. */
export function centralPoint(src: DistanceSource, n: number): number {
  if (src.kind !== 'points' || src.columns.length === 0) return 0;
  const mean = src.columns.map((c) => c.reduce((s, v) => s + v, 0) / n);
  let best = 0;
  let bestD = Infinity;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < mean.length; k++) s += (src.columns[k][i] - mean[k]) ** 2;
    if (s < bestD) {
      bestD = s;
      best = i;
    }
  }
  return best;
}

const CENTRE_CANDIDATES = 32;
const SAMPLED_PAIRS = 20000;

/**
 * The fraction of the n(n-1)/2 edges within the threshold the run will use, estimated from a sample before any
 * dense matrix is built: the enclosing radius min_i max_j d(i, j) is bounded from above by taking the minimum over
 * a few centres (the point nearest the centroid and evenly spaced others), so the fraction errs on the large side;
 * the fraction itself is counted over seeded random pairs.
 */
export function sampledEdgeFraction(
  n: number,
  d: (i: number, j: number) => number,
  threshold?: number,
  centre = 0,
): number {
  if (n < 2) return 0;
  const centres = new Set([centre]);
  const step = Math.max(1, Math.floor(n / CENTRE_CANDIDATES));
  for (let i = 0; i < n && centres.size <= CENTRE_CANDIDATES; i += step) centres.add(i);
  let radius = Infinity;
  for (const c of centres) {
    let far = 0;
    for (let j = 0; j < n && far < radius; j++) far = Math.max(far, d(c, j));
    radius = Math.min(radius, far);
  }
  const thr = threshold === undefined ? radius : Math.min(threshold, radius);
  const pairs = Math.min(SAMPLED_PAIRS, (n * (n - 1)) / 2);
  let seed = 0x2545f491;
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  let within = 0;
  for (let k = 0; k < pairs; k++) {
    const i = Math.floor(next() * n);
    let j = Math.floor(next() * (n - 1));
    if (j >= i) j++;
    if (d(i, j) <= thr) within++;
  }
  return within / pairs;
}

/**
 * The resource estimate of a Rips run (core/budget.ts) made before the distance matrix: the dense matrix, the
 * edges and their sort, and one visit of every simplex of degree 1..maxDim+1 within the threshold (the coboundary
 * enumeration of the top degree included), counted with the independent-edges model above. Apparent and emergent
 * pairs let the reduction skip most of the top degree, so the work is an upper order of magnitude, not a floor.
 * Measured (2 shared cores): 2,000 uniform points in 3-d, H1: 5.8e8 units, 2-7 s; examples/oscillator.csv (6,000
 * points in 2-d), H1: 3.6e10, 85 s; examples/lorenz.csv (10,000 points in 3-d), H1: 1.3e11, killed after 280 s
 * at 23 GB.
 */
export function estimateRipsRun(n: number, dims: number, maxDim: number, edgeFraction: number): ResourceEstimate {
  const mem = estimateRipsMemory(n, maxDim, edgeFraction);
  let work = ((n * n) / 2) * (dims + 2) + mem.edges * Math.log2(Math.max(2, mem.edges));
  for (let d = 2; d <= maxDim + 1; d++) work += mem.simplices[d];
  const counts = mem.simplices
    .slice(1, maxDim + 2)
    .map((c, i) => `~${c.toExponential(1)} ${i + 1}-simplices`)
    .join(', ');
  return {
    bytes: mem.bytes,
    work,
    what: `${n} points up to degree ${maxDim}, ${(100 * edgeFraction).toFixed(0)}% of the edges within the threshold (${counts})`,
    lower: maxDim > 0 ? '--max-dim, --threshold or --landmarks' : '--landmarks or --threshold',
  };
}
