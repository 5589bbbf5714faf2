/**
 * A memory estimate made before any O(n^2) allocation, so the analysis can refuse with tooLarge (the numbers, and
 * which parameter to lower) instead of dying. Simplex counts of degree d are estimated as C(n, d+1) * q^(C(d+1,2))
 * with q the fraction of edges within the threshold (independent-edges model; clustered data has more, so the
 * estimate is a floor: we compare it with the budget with a factor 2 margin).
 */
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
