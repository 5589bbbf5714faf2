/**
 * The finite grid on which the Hilbert and Euler functions are evaluated and Möbius-inverted. Every filtration
 * value is snapped UP to the first grid value >= it, so the snapped bifiltration coincides with the original one at
 * every grid point: the invariants are exact there (Loiseaux et al. 2023 compute signed barcodes of modules
 * restricted to a finite grid in the same way).
 */
import { badInput } from '../../core/errors';

export type GridStrategy = 'regular' | 'quantile';

/** N values lo, lo + (hi-lo)/(N-1), ..., hi; hi exactly last (no rounding drift at the top). */
export function regularGrid(lo: number, hi: number, size: number): Float64Array {
  const g = new Float64Array(size);
  if (size === 1) {
    g[0] = hi;
    return g;
  }
  const step = (hi - lo) / (size - 1);
  for (let k = 0; k < size; k++) g[k] = lo + k * step;
  g[size - 1] = hi;
  return dedupe(g);
}

/**
 * Quantiles of `values` at levels k/(N-1), k = 0..N-1 (the order statistic floor(level*(count-1))), so each cell
 * holds about the same number of values. Repeated quantiles are merged: the grid may have fewer than N values.
 * `values` is sorted in place.
 */
export function quantileGrid(values: Float64Array, size: number): Float64Array {
  values.sort();
  const m = values.length;
  const g = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    const level = size === 1 ? 1 : k / (size - 1);
    g[k] = values[Math.min(m - 1, Math.floor(level * (m - 1) + 1e-12))];
  }
  return dedupe(g);
}

function dedupe(g: Float64Array): Float64Array {
  let w = 0;
  for (let k = 0; k < g.length; k++) if (w === 0 || g[k] > g[w - 1]) g[w++] = g[k];
  return w === g.length ? g : g.slice(0, w);
}

/** Index of the first grid value >= v, or grid.length when v exceeds the grid (the value is outside the box). */
export function snapUp(grid: Float64Array, v: number): number {
  let lo = 0;
  let hi = grid.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (grid[mid] >= v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Grid for the function axis: over [min f, max f]. */
export function functionGrid(f: Float64Array, size: number, strategy: GridStrategy): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < f.length; i++) {
    if (f[i] < lo) lo = f[i];
    if (f[i] > hi) hi = f[i];
  }
  if (strategy === 'quantile') return quantileGrid(Float64Array.from(f), size);
  return regularGrid(lo, hi, size);
}

export function checkGridSize(size: number): void {
  if (!Number.isInteger(size) || size < 2)
    throw badInput(`--grid must be an integer >= 2 (one value per axis gives no Möbius inversion), got ${size}`);
  if (size > 4096) throw badInput(`--grid ${size} is over the limit of 4096 values per axis`);
}
