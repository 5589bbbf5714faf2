/**
 * The second parameter of the Rips bifiltrations (Loiseaux et al., "Stable Vectorization of Multiparameter
 * Persistent Homology using Signed Barcodes as Measures", NeurIPS 2023: their function-Rips and Rips-codensity
 * bifiltrations): a value f_i per point. Vertex i enters at (0, f_i); a simplex at (diameter, max f over its
 * vertices). This module holds the point cloud type, the codensity (minus a Gaussian kernel density estimate)
 * and the scale rules (Scott's bandwidth, the enclosing radius).
 */
import { badInput } from '../../core/errors';

/** n points in R^dim, row-major: point i at coords[i*dim .. i*dim+dim-1]. */
export interface PointCloud {
  n: number;
  dim: number;
  coords: Float64Array;
}

/** Builds a row-major cloud from column-major columns, refusing NaN/infinite coordinates and < 2 points. */
export function cloudFromColumns(
  columns: readonly Float64Array[],
  names: readonly string[],
  file?: string,
): PointCloud {
  const dim = columns.length;
  if (dim === 0) throw badInput('no numeric columns to use as point coordinates', { file });
  const n = columns[0].length;
  if (n < 2) throw badInput(`a signed barcode needs at least 2 points, got ${n}`, { file });
  const coords = new Float64Array(n * dim);
  for (let k = 0; k < dim; k++) {
    const col = columns[k];
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (!Number.isFinite(v)) {
        throw badInput(
          `coordinate "${names[k] ?? k}" of point ${i + 1} is ${Number.isNaN(v) ? 'NaN (missing or non-numeric)' : 'infinite'}`,
          { file, row: i + 1, column: names[k] ?? k + 1 },
        );
      }
      coords[i * dim + k] = v;
    }
  }
  return { n, dim, coords };
}

export function squaredDistance(c: PointCloud, i: number, j: number): number {
  const d = c.dim;
  const x = c.coords;
  let s = 0;
  for (let k = 0, a = i * d, b = j * d; k < d; k++, a++, b++) {
    const t = x[a] - x[b];
    s += t * t;
  }
  return s;
}

/**
 * Scott's rule for an isotropic Gaussian kernel: h = sigma * n^(-1/(dim+4)), sigma the mean of the per-axis sample
 * standard deviations (Scott, "Multivariate Density Estimation", 1992: the normal reference rule, here with one common sigma). Falls back
 * to 1 for a cloud whose points all coincide.
 */
export function scottBandwidth(c: PointCloud): number {
  const { n, dim, coords } = c;
  let sigma = 0;
  for (let k = 0; k < dim; k++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += coords[i * dim + k];
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) {
      const t = coords[i * dim + k] - m;
      v += t * t;
    }
    sigma += Math.sqrt(v / Math.max(1, n - 1));
  }
  sigma /= dim;
  const h = sigma * Math.pow(n, -1 / (dim + 4));
  return h > 0 ? h : 1;
}

/**
 * Codensity f_i = -p(x_i), p the Gaussian KDE p(x) = (1/n) sum_j (2 pi h^2)^(-dim/2) exp(-|x - x_j|^2 / (2 h^2))
 * (the sum includes j = i, as a KDE evaluated at its own sample points does). Low f = dense region: dense points
 * enter the bifiltration first. O(n^2 dim) time, O(n) memory.
 */
export function gaussianCodensity(c: PointCloud, bandwidth: number, poll?: () => void): Float64Array {
  const { n, dim } = c;
  const norm = Math.pow(2 * Math.PI * bandwidth * bandwidth, -dim / 2) / n;
  const inv = 1 / (2 * bandwidth * bandwidth);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (poll && (i & 63) === 0) poll();
    p[i] += 1; // exp(0) for j = i
    for (let j = i + 1; j < n; j++) {
      const w = Math.exp(-squaredDistance(c, i, j) * inv);
      p[i] += w;
      p[j] += w;
    }
  }
  for (let i = 0; i < n; i++) p[i] = -p[i] * norm;
  return p;
}

/**
 * Enclosing radius min_i max_j d(i, j): at this scale one vertex is joined to all others, the Rips complex is a
 * cone and has no homology above degree 0 (the default threshold of Ripser, Bauer 2021).
 */
export function enclosingRadius(c: PointCloud, poll?: () => void): number {
  const { n } = c;
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    if (poll && (i & 63) === 0) poll();
    let m = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const s = squaredDistance(c, i, j);
      if (s > m) {
        m = s;
        if (m >= best) break;
      }
    }
    if (m < best) best = m;
  }
  return Math.sqrt(best);
}

/**
 * Farthest-point (maxmin) sampling: starts at point 0 and repeatedly adds the point farthest from those chosen (ties:
 * the lowest index), so the sample covers the shape evenly at the scale of its covering radius (de Silva & Carlsson
 * 2004, "Topological estimation using witness complexes", landmark selection). O(n k dim) time, O(n) memory.
 */
export function farthestPointSample(c: PointCloud, k: number, poll?: () => void): Int32Array {
  const { n } = c;
  const out = new Int32Array(Math.min(k, n));
  const nearest = new Float64Array(n).fill(Infinity);
  let next = 0;
  for (let s = 0; s < out.length; s++) {
    if (poll && (s & 15) === 0) poll();
    out[s] = next;
    let best = -1;
    let bestD = -1;
    for (let i = 0; i < n; i++) {
      const d = squaredDistance(c, i, next);
      if (d < nearest[i]) nearest[i] = d;
      if (nearest[i] > bestD) {
        bestD = nearest[i];
        best = i;
      }
    }
    next = best;
  }
  return out;
}

/** The points `idx` of a cloud, in that order. */
export function subCloud(c: PointCloud, idx: ArrayLike<number>): PointCloud {
  const coords = new Float64Array(idx.length * c.dim);
  for (let s = 0; s < idx.length; s++) coords.set(c.coords.subarray(idx[s] * c.dim, idx[s] * c.dim + c.dim), s * c.dim);
  return { n: idx.length, dim: c.dim, coords };
}

/** Codensity at the points `at` of the cloud, the KDE taken over ALL points (same formula as gaussianCodensity). */
export function gaussianCodensityAt(
  c: PointCloud,
  at: ArrayLike<number>,
  bandwidth: number,
  poll?: () => void,
): Float64Array {
  const { n, dim } = c;
  const norm = Math.pow(2 * Math.PI * bandwidth * bandwidth, -dim / 2) / n;
  const inv = 1 / (2 * bandwidth * bandwidth);
  const out = new Float64Array(at.length);
  for (let s = 0; s < at.length; s++) {
    if (poll && (s & 63) === 0) poll();
    const i = at[s];
    let p = 0;
    for (let j = 0; j < n; j++) p += Math.exp(-squaredDistance(c, i, j) * inv);
    out[s] = -p * norm;
  }
  return out;
}
