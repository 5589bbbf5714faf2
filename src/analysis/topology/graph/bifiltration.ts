/**
 * The 2-parameter invariants of a bifiltered simplicial complex (complex.ts, two values per simplex) on a grid
 * r x t: the Hilbert function H_d(i, j) = dim H_d({s : f(s) <= r_i, g(s) <= t_j}) from one 1-parameter reduction in
 * f per t-slice (the sub-complex g <= t_j is a filtration in f; the Betti number at r_i counts its bars with
 * birth <= r_i < death), and the Euler characteristic chi(i, j) = sum over those simplices of (-1)^dim. Their Möbius
 * inversions are the signed barcodes (Loiseaux et al., NeurIPS 2023; multi/measure.ts).
 */
import type { CancelSignal } from '../../core/context';
import type { FilteredSimplicialComplex } from './complex';
import { filteredPersistence, type Diagram } from './reduce';
import { snapUp } from '../multi/grid';

export interface GridInvariants {
  hilbert: { degree: number; values: Int32Array }[];
  euler?: Int32Array;
}

function bettiRow(d: Diagram | undefined, r: Float64Array, out: Int32Array, nt: number, j: number): void {
  if (!d) return;
  for (let k = 0; k < d.births.length; k++) {
    const b = d.births[k];
    const e = d.deaths[k];
    for (let i = 0; i < r.length; i++) if (b <= r[i] && r[i] < e) out[i * nt + j]++;
  }
}

export function gridInvariants(
  c: FilteredSimplicialComplex,
  r: Float64Array,
  t: Float64Array,
  opts: { degrees: readonly number[]; hilbert: boolean; euler: boolean; modulus: number },
  signal?: CancelSignal,
  progress?: (f: number) => void,
): GridInvariants {
  const nr = r.length;
  const nt = t.length;
  const g = (s: number): number => c.values[2 * s + 1];
  const f = (s: number): number => c.values[2 * s];
  const top = Math.max(0, ...opts.degrees);
  const hilbert = opts.hilbert ? opts.degrees.map((degree) => ({ degree, values: new Int32Array(nr * nt) })) : [];
  if (opts.hilbert)
    for (let j = 0; j < nt; j++) {
      signal?.throwIfCancelled();
      progress?.(j / nt);
      const diagrams = filteredPersistence(c, 0, top, opts.modulus, (s) => g(s) <= t[j], signal);
      for (const h of hilbert) bettiRow(diagrams[h.degree], r, h.values, nt, j);
    }
  let euler: Int32Array | undefined;
  if (opts.euler) {
    euler = new Int32Array(nr * nt);
    // Each simplex adds (-1)^dim to every grid point above its grade: place it at its grade, then sum cumulatively.
    const at = new Int32Array(nr * nt);
    for (let s = 0; s < c.count; s++) {
      const i = snapUp(r, f(s));
      const j = snapUp(t, g(s));
      if (i < nr && j < nt) at[i * nt + j] += c.dim[s] % 2 === 0 ? 1 : -1;
    }
    for (let i = 0; i < nr; i++)
      for (let j = 0; j < nt; j++) {
        let v = at[i * nt + j];
        if (i > 0) v += euler[(i - 1) * nt + j];
        if (j > 0) v += euler[i * nt + j - 1];
        if (i > 0 && j > 0) v -= euler[(i - 1) * nt + j - 1];
        euler[i * nt + j] = v;
      }
  }
  return { hilbert, euler };
}

/**
 * Bars along the line L(s) = p + s d (d > 0): a simplex of grade (x, y) enters at s = max((x - p_r)/d_r, (y - p_t)/d_t),
 * the smallest s with L(s) >= (x, y) (Lesnick & Wright 2015), so the line filtration is again a filtration of the
 * same complex.
 */
export function lineDiagrams(
  c: FilteredSimplicialComplex,
  line: readonly number[],
  maxDim: number,
  modulus: number,
): Diagram[] {
  const [pr, pt, dr, dt] = line;
  const values = new Float64Array(c.count);
  for (let s = 0; s < c.count; s++) values[s] = Math.max((c.values[2 * s] - pr) / dr, (c.values[2 * s + 1] - pt) / dt);
  return filteredPersistence({ ...c, parameters: 1, values }, 0, maxDim, modulus);
}
