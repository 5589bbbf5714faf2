/**
 * Snapshot pairs (x_k, x_{k+1}) from trajectories or explicit pairs, in delay coordinates when the method asks for
 * them: Hankel DMD, or EDMD with a delay:K dictionary. Pairs never cross two trajectories.
 */
import { badInput } from '../core/errors';
import type { KoopmanMethod } from '../../protocol/results/koopman';
import { parseDictionary, type PointSet } from './dictionary';
import { delayEmbedTrajectories } from './embedding';
import type { SnapshotSource, Trajectory } from './snapshots';

export interface Pairs {
  x: PointSet;
  y: PointSet;
  /** Observed (not embedded) state at the x side, for modes: n columns. */
  stateX: Float64Array[];
  stateNames: string[];
  /** Trajectories in the (embedded) coordinates the dictionary sees, for reconstruction; empty for pairs input. */
  trajectories: Trajectory[];
  /** Observed state along the trajectories, aligned with `trajectories` (first n embedded columns). */
  observedDims: number;
}

/**
 * Delay count and the dictionary left to apply on the delay coordinates: hankel takes --delays (default
 * min(64, longest trajectory / 3)); edmd with delay:K embeds K delays under the identity dictionary.
 */
export function chooseDelays(
  method: KoopmanMethod,
  p: { delays?: number; dictionary: string },
  src: SnapshotSource,
  notes: string[],
  file: string,
  /** Hankel delays chosen from the data (koopman/defaults.ts), used when --delays is not given. */
  fromData?: number,
): { delays: number | undefined; dictSpec: string } {
  let delays: number | undefined;
  let dictSpec = p.dictionary;
  if (method === 'edmd' && /^delay:/i.test(dictSpec)) {
    delays = parseDictionary(dictSpec, src.stateNames.length, file).n;
    dictSpec = 'identity';
  }
  if (method === 'hankel') {
    if (src.kind === 'pairs') throw badInput('hankel needs trajectories, not --pairs', { file });
    const longest = Math.max(...src.trajectories.map((t) => t.length));
    delays = p.delays ?? fromData ?? Math.max(2, Math.min(64, Math.floor(longest / 3)));
    if (p.delays === undefined && fromData === undefined)
      notes.push(`--delays not given: using ${delays} (min(64, longest trajectory / 3))`);
  } else if (p.delays !== undefined && method !== 'edmd') {
    notes.push(`--delays is used by hankel (or edmd with --dictionary delay:K); ignored for ${method}`);
  }
  return { delays, dictSpec };
}

export function buildPairs(src: SnapshotSource, delays: number | undefined, file: string): Pairs {
  if (src.kind === 'pairs') {
    const rows = src.pairX![0].length;
    return {
      x: { cols: src.pairX!, rows },
      y: { cols: src.pairY!, rows },
      stateX: src.pairX!,
      stateNames: src.stateNames,
      trajectories: [],
      observedDims: src.stateNames.length,
    };
  }
  const trajs = delays ? delayEmbedTrajectories(src.trajectories, delays, file) : src.trajectories;
  const dim = trajs[0].cols.length;
  let M = 0;
  for (const t of trajs) M += t.length - 1;
  const xc = Array.from({ length: dim }, () => new Float64Array(M));
  const yc = Array.from({ length: dim }, () => new Float64Array(M));
  let o = 0;
  for (const t of trajs) {
    for (let d = 0; d < dim; d++) {
      xc[d].set(t.cols[d].subarray(0, t.length - 1), o);
      yc[d].set(t.cols[d].subarray(1, t.length), o);
    }
    o += t.length - 1;
  }
  const n = src.stateNames.length;
  return {
    x: { cols: xc, rows: M },
    y: { cols: yc, rows: M },
    stateX: xc.slice(0, n),
    stateNames: src.stateNames,
    trajectories: trajs,
    observedDims: n,
  };
}
