/**
 * Persistent homology of a filtered simplicial complex of dimension <= 2 along one parameter (or along the
 * restriction to a sub-complex), over Z/p, computed as persistent cohomology with clearing (persistencePairs).
 * Simplices are ordered by value, then dimension, then index (a filtration order: a face never has a larger value
 * than its cofaces). filteredPersistence drops bars of length zero.
 */
import type { CancelSignal } from '../../core/context';
import type { FilteredSimplicialComplex } from './complex';

export interface Diagram {
  dim: number;
  births: Float64Array;
  deaths: Float64Array;
}

function inverseMod(a: number, p: number): number {
  let [r0, r1, s0, s1] = [p, ((a % p) + p) % p, 0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % p) + p) % p;
}

/** c := c + factor * b over Z/p; both sorted by row (position in the filtration order). */
function addScaled(cRow: number[], cCoef: number[], bRow: number[], bCoef: number[], factor: number, p: number) {
  const row: number[] = [];
  const coef: number[] = [];
  let i = 0;
  let j = 0;
  while (i < cRow.length || j < bRow.length) {
    if (j >= bRow.length || (i < cRow.length && cRow[i] < bRow[j])) {
      row.push(cRow[i]);
      coef.push(cCoef[i++]);
    } else if (i >= cRow.length || bRow[j] < cRow[i]) {
      row.push(bRow[j]);
      coef.push((factor * bCoef[j++]) % p);
    } else {
      const x = (cCoef[i] + factor * bCoef[j]) % p;
      if (x !== 0) {
        row.push(cRow[i]);
        coef.push(x);
      }
      i++;
      j++;
    }
  }
  return { row, coef };
}

/** A persistence pair by simplex index: `death` -1 for an essential class; dim = dim(birth simplex). */
export interface SimplexPair {
  dim: number;
  birth: number;
  death: number;
}

/**
 * Diagrams in degrees 0..maxDim along parameter `param`, over the simplices with `include(s)` (a sub-complex: it
 * must hold the faces of what it holds; all simplices when absent).
 */
export function filteredPersistence(
  c: FilteredSimplicialComplex,
  param: number,
  maxDim: number,
  modulus: number,
  include?: (s: number) => boolean,
  signal?: CancelSignal,
): Diagram[] {
  const value = (s: number): number => c.values[s * c.parameters + param];
  const births: number[][] = [[], [], []];
  const deaths: number[][] = [[], [], []];
  for (const q of persistencePairs(c, param, modulus, include, signal)) {
    const b = value(q.birth);
    const e = q.death < 0 ? Infinity : value(q.death);
    if (e > b) {
      births[q.dim].push(b);
      deaths[q.dim].push(e);
    }
  }
  const out: Diagram[] = [];
  for (let d = 0; d <= maxDim; d++)
    out.push({ dim: d, births: Float64Array.from(births[d]), deaths: Float64Array.from(deaths[d]) });
  return out;
}

/**
 * Every persistence pair (zero-length ones included), by simplex index. Persistent cohomology (de Silva, Morozov &
 * Vejdemo-Johansson, "Dualities in persistent (co)homology", Inverse Problems 27, 2011): the coboundary columns are
 * reduced in reverse filtration order, degree by degree from 0, and the pivot of a column is the first coface in
 * the filtration; its pairs are those of homology. With clearing (Chen & Kerber 2011; as Ripser, Bauer 2021) a
 * simplex that was the pivot of a column in the degree below is a death and its own column is skipped, so the many
 * triangles of a dense clique complex are never reduced: those that are not pivots are the essential H2 classes
 * (there are no tetrahedra).
 */
export function persistencePairs(
  c: FilteredSimplicialComplex,
  param: number,
  modulus: number,
  include?: (s: number) => boolean,
  signal?: CancelSignal,
): SimplexPair[] {
  const P = c.parameters;
  const value = (s: number): number => c.values[s * P + param];
  const order: number[] = [];
  for (let s = 0; s < c.count; s++) if (!include || include(s)) order.push(s);
  order.sort((x, y) => value(x) - value(y) || c.dim[x] - c.dim[y] || x - y);
  const N = order.length;
  const pos = new Int32Array(c.count).fill(-1);
  order.forEach((s, k) => (pos[s] = k));
  // Cofaces of each position (CSR), with the coefficient of the face in the coface's boundary.
  const start = new Int32Array(N + 1);
  for (let k = 0; k < N; k++) {
    const s = order[k];
    for (let f = 0; f <= c.dim[s] && c.dim[s] > 0; f++) start[pos[c.boundary[3 * s + f]] + 1]++;
  }
  for (let k = 0; k < N; k++) start[k + 1] += start[k];
  const fill = start.slice(0, N);
  const cof = new Int32Array(start[N]);
  const cofCoef = new Int32Array(start[N]);
  for (let k = 0; k < N; k++) {
    const s = order[k];
    if (c.dim[s] === 0) continue;
    for (let f = 0; f <= c.dim[s]; f++) {
      const at = fill[pos[c.boundary[3 * s + f]]]++;
      cof[at] = k;
      cofCoef[at] = f % 2 === 0 ? 1 : modulus - 1;
    }
  }
  // Rows are stored as -position, ascending: the last entry is the pivot, the earliest coface.
  const pivotOwner = new Int32Array(N).fill(-1);
  const cleared = new Uint8Array(N);
  const reducedRow: (number[] | undefined)[] = new Array<number[] | undefined>(N);
  const reducedCoef: (number[] | undefined)[] = new Array<number[] | undefined>(N);
  const pairs: SimplexPair[] = [];
  for (let d = 0; d <= 2; d++) {
    for (let k = N - 1; k >= 0; k--) {
      const s = order[k];
      if (c.dim[s] !== d || cleared[k]) continue;
      if ((k & 1023) === 0) signal?.throwIfCancelled();
      const idx: number[] = [];
      for (let t = start[k]; t < start[k + 1]; t++) idx.push(t);
      idx.sort((x, y) => cof[y] - cof[x]);
      let row = idx.map((t) => -cof[t]);
      let coef = idx.map((t) => cofCoef[t] % modulus);
      while (row.length) {
        const j = pivotOwner[-row[row.length - 1]];
        if (j < 0) break;
        const jr = reducedRow[j] as number[];
        const jc = reducedCoef[j] as number[];
        const factor =
          (modulus - ((coef[coef.length - 1] * inverseMod(jc[jc.length - 1], modulus)) % modulus)) % modulus;
        ({ row, coef } = addScaled(row, coef, jr, jc, factor, modulus));
      }
      if (row.length === 0) {
        pairs.push({ dim: d, birth: s, death: -1 });
        continue;
      }
      const pivot = -row[row.length - 1];
      pivotOwner[pivot] = k;
      reducedRow[k] = row;
      reducedCoef[k] = coef;
      cleared[pivot] = 1;
      pairs.push({ dim: d, birth: s, death: order[pivot] });
    }
  }
  return pairs;
}
