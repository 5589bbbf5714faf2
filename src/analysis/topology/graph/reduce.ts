/**
 * Persistent homology of a filtered simplicial complex of dimension <= 2 along one parameter (or along the
 * restriction to a sub-complex): the standard column reduction of the boundary matrix over Z/p (Edelsbrunner,
 * Letscher & Zomorodian 2002; Zomorodian & Carlsson 2005) with clearing (Chen & Kerber, "Persistent homology
 * computation with a twist", 2011): triangles are reduced first, and an edge that is the pivot of a triangle is
 * then known to be a positive column and is not reduced. Simplices are ordered by value, then dimension, then index
 * (a filtration order: a face never has a larger value than its cofaces). Bars of length zero are dropped.
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

/** Every persistence pair (zero-length ones included), by simplex index, in the order of the reduction. */
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
  const pos = new Int32Array(c.count).fill(-1);
  order.forEach((s, k) => (pos[s] = k));
  const pivotOwner = new Int32Array(order.length).fill(-1);
  const cleared = new Uint8Array(order.length);
  const reducedRow: (number[] | undefined)[] = new Array<number[] | undefined>(order.length);
  const reducedCoef: (number[] | undefined)[] = new Array<number[] | undefined>(order.length);
  const pairs: SimplexPair[] = [];
  const positive = new Uint8Array(order.length);
  for (const d of [2, 1]) {
    for (let k = 0; k < order.length; k++) {
      const s = order[k];
      if (c.dim[s] !== d || cleared[k]) continue;
      if ((k & 1023) === 0) signal?.throwIfCancelled();
      let row: number[] = [];
      let coef: number[] = [];
      for (let f = 0; f <= d; f++) {
        row.push(pos[c.boundary[3 * s + f]]);
        coef.push(f % 2 === 0 ? 1 : modulus - 1);
      }
      const idx = row.map((_, i) => i).sort((x, y) => row[x] - row[y]);
      row = idx.map((i) => row[i]);
      coef = idx.map((i) => coef[i] % modulus);
      while (row.length) {
        const low = row[row.length - 1];
        const j = pivotOwner[low];
        if (j < 0) break;
        const jr = reducedRow[j] as number[];
        const jc = reducedCoef[j] as number[];
        const factor =
          (modulus - ((coef[coef.length - 1] * inverseMod(jc[jc.length - 1], modulus)) % modulus)) % modulus;
        ({ row, coef } = addScaled(row, coef, jr, jc, factor, modulus));
      }
      if (row.length === 0) {
        positive[k] = 1;
        continue;
      }
      const low = row[row.length - 1];
      pivotOwner[low] = k;
      reducedRow[k] = row;
      reducedCoef[k] = coef;
      cleared[low] = 1;
      pairs.push({ dim: d - 1, birth: order[low], death: s });
    }
  }
  // Essential classes: positive simplices (vertices, and edges/triangles reduced to zero) that no column kills.
  for (let k = 0; k < order.length; k++) {
    const d = c.dim[order[k]];
    const isPositive = d === 0 || positive[k] === 1;
    if (isPositive && pivotOwner[k] < 0) pairs.push({ dim: d, birth: order[k], death: -1 });
  }
  return pairs;
}
