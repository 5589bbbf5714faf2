/**
 * Batch features of `persistence`, per homology degree d up to --max-dim:
 * - `betti_h<d>_<kk>`: the Betti curve, the number of bars [birth, death) alive at r_k = k T / (BETTI_SAMPLES - 1),
 *   k = 0..BETTI_SAMPLES-1, over [0, T] with T the threshold (--threshold, which `dynlens batch` fits as the largest
 *   enclosing radius of the fit items so that every item shares the same r samples), else the item's own threshold;
 * - `total_persistence_h<d>`: sum of (death - birth) over the finite bars;
 * - `bars_h<d>`: number of bars (finite and infinite).
 * Graphs (--graph-function): the Betti curve runs over [lo, hi], --curve-range, which `dynlens batch` fits as the
 * range of the node function over the fit items (else the item's own range).
 */
import type { AnalysisContext } from '../../core/context';
import type { FeatureVector, SharedCoordinates } from '../../core/definition';
import { usageError } from '../../core/errors';
import type { AnalysisInput } from '../../core/input';
import type { PersistenceFormat, PersistenceResult } from '../../../protocol/results/persistence';
import { prepare } from './analysis';
import { denseDistances, enclosingRadius } from './distances';
import { evaluateNodeFunction, parseGraphFunction } from '../graph/functions';
import { graphOfInput } from '../graph/persistence';

export const BETTI_SAMPLES = 50;

/** The Betti curve's range: [0, threshold] for clouds; for graphs --curve-range, else the item's own values. */
function curveRange(r: PersistenceResult, p: { threshold?: number; curveRange?: number[] }): [number, number] {
  if (r.format !== 'graph') return [0, p.threshold ?? r.thresholdUsed];
  if (p.curveRange && p.curveRange.length === 2) return [p.curveRange[0], p.curveRange[1]];
  let lo = r.thresholdUsed;
  for (const d of r.diagrams) for (const b of d.births) lo = Math.min(lo, b);
  return [lo, r.thresholdUsed];
}

export function persistenceFeatures(
  r: PersistenceResult,
  p: { threshold?: number; curveRange?: number[] },
): FeatureVector {
  const [lo, top] = curveRange(r, p);
  const names: string[] = [];
  const values: number[] = [];
  for (let d = 0; d <= r.maxDim; d++) {
    const dg = r.diagrams.find((x) => x.dim === d);
    for (let k = 0; k < BETTI_SAMPLES; k++) {
      const at = lo + (k * (top - lo)) / (BETTI_SAMPLES - 1);
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
  p: {
    threshold?: number;
    format?: string;
    columns?: string[];
    delayEmbedding?: string;
    column?: string;
    graphFunction?: string;
    curveRange?: number[];
  },
  ctx: AnalysisContext,
): Promise<SharedCoordinates> {
  if (p.graphFunction !== undefined || p.curveRange !== undefined || (await firstIsGraph(inputs)))
    return fitGraphRange(inputs, p, ctx);
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

async function firstIsGraph(inputs: () => AsyncIterable<AnalysisInput>): Promise<boolean> {
  for await (const input of inputs()) return graphOfInput(input) !== undefined;
  return false;
}

/**
 * Graphs: the Betti curves of every item run over one range, the smallest and largest filtration values of the fit
 * items' node function (edge values included).
 */
async function fitGraphRange(
  inputs: () => AsyncIterable<AnalysisInput>,
  p: { graphFunction?: string; curveRange?: number[] },
  ctx: AnalysisContext,
): Promise<SharedCoordinates> {
  if (p.curveRange !== undefined) {
    if (p.curveRange.length !== 2 || !(p.curveRange[1] > p.curveRange[0]))
      throw usageError(`--curve-range takes lo,hi with lo < hi, got ${p.curveRange.join(',')}`);
    return { params: {}, notes: [`Betti curves over [${p.curveRange.join(', ')}] (--curve-range)`] };
  }
  const spec = parseGraphFunction(p.graphFunction ?? 'degree');
  let lo = Infinity;
  let hi = -Infinity;
  let used = 0;
  for await (const input of inputs()) {
    ctx.signal.throwIfCancelled();
    const g = graphOfInput(input);
    if (!g) continue;
    try {
      const f = evaluateNodeFunction(g, spec, input.path);
      for (const x of [...f.node, ...(f.edge ?? [])])
        if (Number.isFinite(x)) {
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
        }
      used++;
    } catch (e) {
      if (e instanceof Error && e.name === 'CancelledError') throw e;
    }
  }
  if (used === 0 || !(hi >= lo)) throw usageError('no item of the fit collection could be read as a graph');
  if (hi === lo) hi = lo + 1;
  return {
    params: { curveRange: [lo, hi] },
    notes: [`Betti curves over [${lo}, ${hi}]: the range of ${p.graphFunction ?? 'degree'} over ${used} fit graphs`],
  };
}
