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
