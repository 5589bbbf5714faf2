/**
 * Batch features of `persistence`, per homology degree d up to --max-dim:
 * - `betti_h<d>_<kk>`: the Betti curve, the number of bars [birth, death) alive at r_k = k T / (BETTI_SAMPLES - 1),
 *   k = 0..BETTI_SAMPLES-1, over [0, T] with T the threshold (--threshold, which `dynlens batch` fits as the largest
 *   enclosing radius of the fit items so that every item shares the same r samples), else the item's own threshold;
 * - `total_persistence_h<d>`: sum of (death - birth) over the finite bars;
 * - `bars_h<d>`: number of bars (finite and infinite).
 */
import type { AnalysisContext } from '../../core/context';
import type { FeatureVector, SharedCoordinates } from '../../core/definition';
import { usageError } from '../../core/errors';
import type { AnalysisInput } from '../../core/input';
import type { PersistenceFormat, PersistenceResult } from '../../../protocol/results/persistence';
import { prepare } from './analysis';
import { denseDistances, enclosingRadius } from './distances';

export const BETTI_SAMPLES = 50;

export function persistenceFeatures(r: PersistenceResult, p: { threshold?: number }): FeatureVector {
  const top = p.threshold ?? r.thresholdUsed;
  const names: string[] = [];
  const values: number[] = [];
  for (let d = 0; d <= r.maxDim; d++) {
    const dg = r.diagrams.find((x) => x.dim === d);
    for (let k = 0; k < BETTI_SAMPLES; k++) {
      const at = (k * top) / (BETTI_SAMPLES - 1);
      let alive = 0;
      if (dg) for (let i = 0; i < dg.births.length; i++) if (dg.births[i] <= at && at < dg.deaths[i]) alive++;
      names.push(`betti_h${d}_${String(k).padStart(2, '0')}`);
      values.push(alive);
    }
    let total = 0;
    if (dg)
      for (let i = 0; i < dg.births.length; i++)
        if (Number.isFinite(dg.deaths[i])) total += dg.deaths[i] - dg.births[i];
    names.push(`total_persistence_h${d}`, `bars_h${d}`);
    values.push(total, dg ? dg.births.length : 0);
  }
  return { names, values: Float64Array.from(values) };
}

/** The shared threshold: the largest enclosing radius of the fit items (every diagram is then exact). */
export async function fitPersistenceThreshold(
  inputs: () => AsyncIterable<AnalysisInput>,
  p: { threshold?: number; format?: string; columns?: string[]; delayEmbedding?: string; column?: string },
  ctx: AnalysisContext,
): Promise<SharedCoordinates> {
  if (p.threshold !== undefined) return { params: {}, notes: [`threshold ${p.threshold} given (--threshold)`] };
  let top = 0;
  let used = 0;
  for await (const input of inputs()) {
    ctx.signal.throwIfCancelled();
    if (input.kind !== 'table') continue;
    try {
      const format = (p.format as PersistenceFormat | undefined) ?? 'point-cloud';
      const prep = prepare(input.dataset, format, p);
      top = Math.max(top, enclosingRadius(denseDistances(prep.source)));
      used++;
    } catch (e) {
      if (e instanceof Error && e.name === 'CancelledError') throw e;
    }
  }
  if (used === 0 || !(top > 0)) throw usageError('no item of the fit collection could be read as a point cloud');
  return {
    params: { threshold: top },
    notes: [`threshold ${top}: the largest enclosing radius of ${used} fit items (Betti curves over [0, threshold])`],
  };
}
