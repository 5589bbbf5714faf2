/**
 * Vectorizations of a one-parameter persistence diagram: Betti curves, persistence landscapes (Bubenik, JMLR 2015),
 * persistence images (Adams et al., JMLR 2017), persistent entropy (Rucco et al. 2016; Atienza et al. 2019) and
 * total persistence. Pure functions of the diagram; bars with an infinite end enter only the Betti curve (the others
 * are defined for finite bars, and truncating at an arbitrary value would make them depend on it).
 */
import { badInput } from '../../core/errors';
import { erf } from '../../core/special-functions';
import type { Diagram } from './distance';

function finiteBars(dg: Diagram): { b: number[]; d: number[] } {
  const b: number[] = [];
  const d: number[] = [];
  for (let i = 0; i < dg.births.length; i++) {
    if (Number.isFinite(dg.births[i]) && Number.isFinite(dg.deaths[i]) && dg.deaths[i] > dg.births[i]) {
      b.push(dg.births[i]);
      d.push(dg.deaths[i]);
    }
  }
  return { b, d };
}

/** Evenly spaced grid of `resolution` values from lo to hi inclusive. */
export function uniformGrid(lo: number, hi: number, resolution: number): Float64Array {
  if (resolution < 2) return Float64Array.of(lo);
  return Float64Array.from({ length: resolution }, (_, k) => lo + ((hi - lo) * k) / (resolution - 1));
}

/** beta(t) = number of bars with birth <= t < death (infinite deaths included), at each grid value. */
export function bettiCurve(dg: Diagram, grid: ArrayLike<number>): Float64Array {
  const out = new Float64Array(grid.length);
  for (let i = 0; i < dg.births.length; i++) {
    const b = dg.births[i];
    const d = dg.deaths[i];
    for (let k = 0; k < grid.length; k++) if (b <= grid[k] && grid[k] < d) out[k]++;
  }
  return out;
}

/**
 * Persistence landscapes lambda_1..lambda_k on the grid (Bubenik 2015, Def. 3): lambda_j(t) is the j-th largest
 * value of the tent functions max(0, min(t - b, d - t)) over the finite bars, 0 when fewer than j are positive.
 */
export function landscapes(dg: Diagram, k: number, grid: ArrayLike<number>): Float64Array[] {
  const { b, d } = finiteBars(dg);
  const out = Array.from({ length: k }, () => new Float64Array(grid.length));
  const tents: number[] = [];
  for (let g = 0; g < grid.length; g++) {
    const t = grid[g];
    tents.length = 0;
    for (let i = 0; i < b.length; i++) {
      const v = Math.min(t - b[i], d[i] - t);
      if (v > 0) tents.push(v);
    }
    tents.sort((x, y) => y - x);
    for (let j = 0; j < k && j < tents.length; j++) out[j][g] = tents[j];
  }
  return out;
}

/** Persistent entropy -sum (l_i / L) ln(l_i / L) over the finite bars' lengths l_i, L = sum l_i; 0 without bars. */
export function persistentEntropy(dg: Diagram): number {
  const { b, d } = finiteBars(dg);
  let total = 0;
  for (let i = 0; i < b.length; i++) total += d[i] - b[i];
  let e = 0;
  for (let i = 0; i < b.length; i++) {
    const q = (d[i] - b[i]) / total;
    e -= q * Math.log(q);
  }
  return e;
}

/** Sum over finite bars of (death - birth)^p. */
export function totalPersistence(dg: Diagram, p = 1): number {
  const { b, d } = finiteBars(dg);
  let s = 0;
  for (let i = 0; i < b.length; i++) s += Math.pow(d[i] - b[i], p);
  return s;
}

export type ImageWeight = 'linear' | 'constant';

export interface ImageOptions {
  /** Side of a square pixel in filtration units. */
  pixelSize: number;
  /** Standard deviation of the Gaussian placed on each point. */
  spread: number;
  /** 'linear': w = persistence / max persistence (Adams et al. 2017, sec. 5; stable); 'constant': w = 1. */
  weight: ImageWeight;
  /** Lower-left corner (birth, persistence) of the grid; default (min birth, 0). */
  origin?: [number, number];
  /** Pixels along birth and persistence; default: enough to hold every point. */
  width?: number;
  height?: number;
}

export interface PersistenceImage {
  /** Lower-left corner in (birth, persistence) coordinates. */
  origin: [number, number];
  pixelSize: number;
  spread: number;
  weight: ImageWeight;
  width: number;
  height: number;
  /** Row-major, row r = persistence band [origin[1] + r px, origin[1] + (r+1) px), column c = birth band. */
  values: Float64Array;
}

/**
 * Persistence image (Adams et al. 2017, Def. 1-2): the diagram in (birth, persistence) coordinates, a Gaussian of
 * standard deviation `spread` on each finite point weighted by w, integrated exactly over each pixel (the Gaussian is
 * separable: each pixel integral is a product of two differences of erf).
 */
export function persistenceImage(dg: Diagram, o: ImageOptions): PersistenceImage {
  if (!(o.pixelSize > 0) || !(o.spread > 0))
    throw badInput(`persistence image: pixel size and spread must be > 0, got ${o.pixelSize} and ${o.spread}`);
  const { b, d } = finiteBars(dg);
  const pers = b.map((x, i) => d[i] - x);
  let bmin = Infinity;
  let bmax = -Infinity;
  let pmax = 0;
  for (let i = 0; i < b.length; i++) {
    bmin = Math.min(bmin, b[i]);
    bmax = Math.max(bmax, b[i]);
    pmax = Math.max(pmax, pers[i]);
  }
  if (b.length === 0) bmin = bmax = 0;
  const px = o.pixelSize;
  const origin: [number, number] = o.origin ?? [bmin, 0];
  const width = o.width ?? Math.floor((bmax - origin[0]) / px) + 1;
  const height = o.height ?? Math.floor((pmax - origin[1]) / px) + 1;
  if (width * height > 1e7) throw badInput(`persistence image of ${width} x ${height} pixels: raise the pixel size`);
  const values = new Float64Array(width * height);
  const s = o.spread * Math.SQRT2;
  const cx = new Float64Array(width);
  const cy = new Float64Array(height);
  for (let i = 0; i < b.length; i++) {
    const w = o.weight === 'linear' ? pers[i] / pmax : 1;
    // Mass of N(mu, spread^2) in each band: (erf((hi - mu)/(sqrt 2 spread)) - erf((lo - mu)/(sqrt 2 spread))) / 2.
    for (let c = 0; c < width; c++) {
      const lo = origin[0] + c * px;
      cx[c] = (erf((lo + px - b[i]) / s) - erf((lo - b[i]) / s)) / 2;
    }
    for (let r = 0; r < height; r++) {
      const lo = origin[1] + r * px;
      cy[r] = (erf((lo + px - pers[i]) / s) - erf((lo - pers[i]) / s)) / 2;
    }
    for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) values[r * width + c] += w * cy[r] * cx[c];
  }
  return { origin, pixelSize: px, spread: o.spread, weight: o.weight, width, height, values };
}
