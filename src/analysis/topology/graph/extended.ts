/**
 * Extended persistence of a node function on a graph (its 1-skeleton), Cohen-Steiner, Edelsbrunner & Harer,
 * "Extending persistence using Poincaré and Lefschetz duality", Found. Comput. Math. 9, 2009: the sublevel
 * filtration K_a (a simplex at the max of f over its vertices) followed by the relative groups (K, L_a) for
 * decreasing a, L_a the simplices whose vertices all have f >= a. Computed as ordinary persistence of the cone
 * K u w*K: first the apex w, then K ascending, then each cone simplex w*s in order of decreasing min f over s
 * (as GUDHI's SimplexTree.extend_filtration). A pair is ordinary (both ends in K), relative (both in the cone) or
 * extended (born in K, dying in the cone), extended+ when it dies above its birth value and extended- below. The
 * apex's class is the cone's only essential one and is not reported; pairs of equal values are not reported.
 */
import type { CancelSignal } from '../../core/context';
import type { GraphData } from '../../data/graph/types';
import type { ExtendedPersistenceData } from '../../../protocol/results/persistence';
import type { FilteredSimplicialComplex } from './complex';
import { persistencePairs } from './reduce';

export type ExtendedPair = [dim: number, birth: number, death: number];
type ExtendedDiagrams = ExtendedPersistenceData;

/** The cone complex with its ordering values, and the original value (max or min of f) of every simplex. */
function cone(
  g: GraphData,
  f: Float64Array,
): { c: FilteredSimplicialComplex; original: Float64Array; ascending: number } {
  const n = g.nodeIds.length;
  const m = g.src.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of f) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  const span = hi > lo ? hi - lo : 1;
  const up = (x: number): number => -2 + (x - lo) / span;
  const down = (x: number): number => 2 - (x - lo) / span;
  const w = n + m;
  const count = 2 * (n + m) + 1;
  const dim = new Int8Array(count);
  const vertices = new Int32Array(3 * count).fill(-1);
  const boundary = new Int32Array(3 * count).fill(-1);
  const values = new Float64Array(count);
  const original = new Float64Array(count);
  const set = (s: number, d: number, faces: number[], value: number, orig: number): void => {
    dim[s] = d;
    boundary.set(faces, 3 * s);
    values[s] = value;
    original[s] = orig;
  };
  for (let v = 0; v < n; v++) set(v, 0, [], up(f[v]), f[v]);
  for (let k = 0; k < m; k++) {
    const x = Math.max(f[g.src[k]], f[g.dst[k]]);
    set(n + k, 1, [g.dst[k], g.src[k]], up(x), x);
  }
  set(w, 0, [], -3, NaN);
  // the apex is the largest vertex: d[v, w] = w - v, d[u, v, w] = [v, w] - [u, w] + [u, v]
  for (let v = 0; v < n; v++) set(w + 1 + v, 1, [w, v], down(f[v]), f[v]);
  for (let k = 0; k < m; k++) {
    const x = Math.min(f[g.src[k]], f[g.dst[k]]);
    set(w + 1 + n + k, 2, [w + 1 + g.dst[k], w + 1 + g.src[k], n + k], down(x), x);
  }
  return { c: { parameters: 1, count, dim, vertices, boundary, values }, original, ascending: n + m };
}

export function extendedPersistence(
  g: GraphData,
  f: Float64Array,
  modulus: number,
  signal?: CancelSignal,
): ExtendedDiagrams {
  const { c, original, ascending } = cone(g, f);
  const out: ExtendedDiagrams = { ordinary: [], relative: [], extendedPlus: [], extendedMinus: [] };
  for (const q of persistencePairs(c, 0, modulus, undefined, signal)) {
    if (q.death < 0) continue; // the apex
    const b = original[q.birth];
    const d = original[q.death];
    if (b === d) continue;
    const pair: ExtendedPair = [q.dim, b, d];
    const bornInK = q.birth < ascending;
    const diesInK = q.death < ascending;
    if (bornInK && diesInK) out.ordinary.push(pair);
    else if (!bornInK) out.relative.push(pair);
    else (d > b ? out.extendedPlus : out.extendedMinus).push(pair);
  }
  const order = (x: ExtendedPair, y: ExtendedPair): number => x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  for (const list of Object.values(out) as ExtendedPair[][]) list.sort(order);
  return out;
}
