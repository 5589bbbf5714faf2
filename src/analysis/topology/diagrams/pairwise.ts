/**
 * The pairwise distance matrix of a collection of persistence diagrams (one degree): entry (i, j) is the bottleneck
 * or p-Wasserstein distance (internal L-infinity, distance.ts) between diagrams i and j. Symmetric with a zero
 * diagonal, so only the n (n - 1) / 2 pairs above the diagonal are computed. Infinity where the numbers of infinite
 * bars differ (GUDHI's convention, distance.ts).
 */
import type { CancelSignal } from '../../core/context';
import { bottleneckDistance, wassersteinDistance, type Diagram } from './distance';

export type DiagramMetric = 'bottleneck' | 'wasserstein';

/** Row-major n x n matrix. */
export function pairwiseDistances(
  diagrams: readonly Diagram[],
  metric: DiagramMetric,
  p: number,
  signal?: CancelSignal,
): Float64Array {
  const n = diagrams.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    signal?.throwIfCancelled();
    for (let j = i + 1; j < n; j++) {
      const d =
        metric === 'bottleneck'
          ? bottleneckDistance(diagrams[i], diagrams[j])
          : wassersteinDistance(diagrams[i], diagrams[j], p);
      out[i * n + j] = d;
      out[j * n + i] = d;
    }
  }
  return out;
}
