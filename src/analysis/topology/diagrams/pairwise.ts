/**
 * The pairwise distance matrix of a collection of persistence diagrams (one degree): entry (i, j) is the bottleneck
 * or p-Wasserstein distance (internal L-infinity, distance.ts) between diagrams i and j. Symmetric with a zero
 * diagonal, so only the n (n - 1) / 2 pairs above the diagonal are computed. Infinity where the numbers of infinite
 * bars differ (GUDHI's convention, distance.ts).
 */
import type { CancelSignal } from '../../core/context';
import { bottleneckDistance, wassersteinDistance, type Diagram } from './distance';

export type DiagramMetric = 'bottleneck' | 'wasserstein';

/** Row-major n x n matrix, on this thread (the batch spreads row blocks over its workers: distanceRows). */
export function pairwiseDistances(
  diagrams: readonly Diagram[],
  metric: DiagramMetric,
  p: number,
  signal?: CancelSignal,
): Float64Array {
  const n = diagrams.length;
  const rows = distanceRows({ diagrams: [...diagrams], metric, p, from: 0, to: n }, signal);
  return assembleRows(n, [[0, n]], [rows]);
}

/** A block of rows of the matrix for one worker: the upper-triangle entries of rows [from, to). */
export interface DistanceRowsChunk {
  diagrams: Diagram[];
  metric: DiagramMetric;
  p: number;
  from: number;
  to: number;
}

/** Entries (i, j), j > i, of rows i in [from, to), row after row. */
export function distanceRows(c: DistanceRowsChunk, signal?: CancelSignal): Float64Array {
  const n = c.diagrams.length;
  let size = 0;
  for (let i = c.from; i < c.to; i++) size += n - 1 - i;
  const out = new Float64Array(size);
  let k = 0;
  for (let i = c.from; i < c.to; i++) {
    signal?.throwIfCancelled();
    for (let j = i + 1; j < n; j++)
      out[k++] =
        c.metric === 'bottleneck'
          ? bottleneckDistance(c.diagrams[i], c.diagrams[j])
          : wassersteinDistance(c.diagrams[i], c.diagrams[j], c.p);
  }
  return out;
}

/** Row ranges [from, to) with about the same number of pairs each (row i has n - 1 - i). */
export function rowBlocks(n: number, blocks: number): [number, number][] {
  const pairs = (n * (n - 1)) / 2;
  const out: [number, number][] = [];
  let from = 0;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += n - 1 - i;
    // at most `blocks` blocks: the last one takes the rows left (the final rows have few or no pairs)
    if ((acc >= ((out.length + 1) * pairs) / blocks && out.length < blocks - 1) || i === n - 1) {
      out.push([from, i + 1]);
      from = i + 1;
    }
  }
  return out.filter(([a, b]) => b > a);
}

/** The symmetric n x n matrix from the blocks' rows (in block order). */
export function assembleRows(n: number, blocks: [number, number][], rows: Float64Array[]): Float64Array {
  const out = new Float64Array(n * n);
  blocks.forEach(([from, to], b) => {
    let k = 0;
    for (let i = from; i < to; i++)
      for (let j = i + 1; j < n; j++) {
        out[i * n + j] = rows[b][k];
        out[j * n + i] = rows[b][k++];
      }
  });
  return out;
}
