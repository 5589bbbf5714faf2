/**
 * Signed measures on the grid. The signed barcode of a function H on a finite grid is its Möbius inversion
 * (Loiseaux et al. 2023, signed barcodes as Möbius inversions, here on a finite grid in Z^2): the unique integer measure mu with
 * H(i, j) = sum_{i' <= i, j' <= j} mu(i', j'), i.e. mu(i,j) = H(i,j) - H(i-1,j) - H(i,j-1) + H(i-1,j-1) with
 * H(-1, .) = H(., -1) = 0. Only the non-zero points are kept.
 */
export interface GridMeasure {
  /** Grid indices of the support: r index at 2k, t index at 2k+1. */
  index: Int32Array;
  /** Coordinates of the support: r at 2k, t at 2k+1. */
  points: Float64Array;
  weights: Int32Array;
}

/** Möbius inversion of `values` (nr x nt, entry i * nt + j) on the grid (r, t). */
export function mobiusInversion(values: Int32Array, r: Float64Array, t: Float64Array): GridMeasure {
  const nr = r.length;
  const nt = t.length;
  const mu = new Int32Array(nr * nt);
  for (let i = 0; i < nr; i++) {
    for (let j = 0; j < nt; j++) {
      let v = values[i * nt + j];
      if (i > 0) v -= values[(i - 1) * nt + j];
      if (j > 0) v -= values[i * nt + j - 1];
      if (i > 0 && j > 0) v += values[(i - 1) * nt + j - 1];
      mu[i * nt + j] = v;
    }
  }
  return measureFromDensity(mu, r, t);
}

/** The measure whose weight at grid point (i, j) is density[i * nt + j] (zeros dropped). */
export function measureFromDensity(density: Int32Array, r: Float64Array, t: Float64Array): GridMeasure {
  const nt = t.length;
  let k = 0;
  for (let x = 0; x < density.length; x++) if (density[x] !== 0) k++;
  const index = new Int32Array(2 * k);
  const points = new Float64Array(2 * k);
  const weights = new Int32Array(k);
  k = 0;
  for (let x = 0; x < density.length; x++) {
    const w = density[x];
    if (w === 0) continue;
    const i = Math.floor(x / nt);
    const j = x - i * nt;
    index[2 * k] = i;
    index[2 * k + 1] = j;
    points[2 * k] = r[i];
    points[2 * k + 1] = t[j];
    weights[k] = w;
    k++;
  }
  return { index, points, weights };
}

/** sum of mu over the lower-left quadrant of every grid point (the inverse of Möbius inversion). */
export function cumulative(m: GridMeasure, nr: number, nt: number): Int32Array {
  const h = new Int32Array(nr * nt);
  for (let k = 0; k < m.weights.length; k++) h[m.index[2 * k] * nt + m.index[2 * k + 1]] += m.weights[k];
  for (let i = 0; i < nr; i++) {
    for (let j = 0; j < nt; j++) {
      let v = h[i * nt + j];
      if (i > 0) v += h[(i - 1) * nt + j];
      if (j > 0) v += h[i * nt + j - 1];
      if (i > 0 && j > 0) v -= h[(i - 1) * nt + j - 1];
      h[i * nt + j] = v;
    }
  }
  return h;
}
