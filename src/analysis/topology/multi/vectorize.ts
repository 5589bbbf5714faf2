/**
 * Vectorizations of signed measures (Loiseaux et al. 2023):
 * - the convolution of the measure with a Gaussian kernel, sampled on an image (Lipschitz for the
 *   Kantorovich-Rubinstein norm of the measure, which is what makes it stable);
 * - the sliced Wasserstein distance between signed measures, SW(mu, nu) = SW(mu+ + nu-, nu+ + mu-) (by the Hahn
 *   decomposition both sides are positive measures, of equal mass when mu and nu have the same total mass), averaged over projections on random directions, with the 1-D optimal transport cost
 *   int |F - G| (p = 1), and the kernel exp(-SW / (2 sigma^2)).
 */
import type { GridMeasure } from './measure';
import { seededUniform } from '../../core/random';

export interface ImageBox {
  r0: number;
  r1: number;
  t0: number;
  t1: number;
}

/**
 * Image of resolution x resolution (row a = r axis, column b = t axis, entry a * resolution + b) of
 * sum_k w_k phi_sigma(u - x_k) in box-normalised coordinates (each axis mapped to [0, 1]), phi_sigma the normalised
 * 2-D Gaussian density with standard deviation `bandwidth` (a fraction of the box side). Pixel a sits at
 * u = a / (resolution - 1), so the image times the pixel area 1/(resolution-1)^2 integrates the measure's mass.
 *
 * The Gaussian is separable, phi(a, b) = g(a - x) g(b - y), so the atoms that share an r coordinate (a grid row:
 * measures on a grid list their atoms row by row) are first summed into one t profile, sum_k w_k g(b - y_k), and
 * each such run adds one outer product g(a - x) x profile to the image: O(atoms x resolution + runs x resolution^2)
 * instead of O(atoms x resolution^2). Any order of atoms gives the same image; sorted ones give the fewest runs.
 */
export function convolutionImage(m: GridMeasure, box: ImageBox, resolution: number, bandwidth: number): Float64Array {
  const img = new Float64Array(resolution * resolution);
  const sr = box.r1 - box.r0 || 1;
  const st = box.t1 - box.t0 || 1;
  const inv = 1 / (2 * bandwidth * bandwidth);
  const norm = 1 / (2 * Math.PI * bandwidth * bandwidth);
  const gr = new Float64Array(resolution);
  const profile = new Float64Array(resolution);
  const step = 1 / (resolution - 1);
  const { points, weights } = m;
  const count = weights.length;
  for (let k = 0; k < count;) {
    const r = points[2 * k];
    profile.fill(0);
    let e = k;
    for (; e < count && points[2 * e] === r; e++) {
      const y = (points[2 * e + 1] - box.t0) / st;
      const w = weights[e] * norm;
      for (let b = 0; b < resolution; b++) {
        const dy = b * step - y;
        profile[b] += w * Math.exp(-dy * dy * inv);
      }
    }
    k = e;
    const x = (r - box.r0) / sr;
    for (let a = 0; a < resolution; a++) {
      const dx = a * step - x;
      gr[a] = Math.exp(-dx * dx * inv);
    }
    for (let a = 0; a < resolution; a++) {
      const ga = gr[a];
      if (ga === 0) continue;
      const row = a * resolution;
      for (let b = 0; b < resolution; b++) img[row + b] += ga * profile[b];
    }
  }
  return img;
}

/** `count` unit directions (cos, sin) with angles uniform in [0, pi) (theta and theta + pi give the same cost). */
export function randomDirections(count: number, seed: number): Float64Array {
  const u = seededUniform(seed);
  const d = new Float64Array(2 * count);
  for (let k = 0; k < count; k++) {
    const a = Math.PI * u();
    d[2 * k] = Math.cos(a);
    d[2 * k + 1] = Math.sin(a);
  }
  return d;
}

/** Total signed mass. */
export function totalMass(m: GridMeasure): number {
  let s = 0;
  for (let k = 0; k < m.weights.length; k++) s += m.weights[k];
  return s;
}

/**
 * Sliced Wasserstein distance between two signed measures on the plane. When their total masses differ (e.g.
 * Hilbert functions truncated by a grid, or Euler characteristics of different complexes), the difference is put
 * as a point mass at `corner` on the lighter side (a convention of ours, stated in the result: it measures the
 * mass mismatch by its transport to the top corner of the common box).
 */
export function signedSlicedWasserstein(
  mu: GridMeasure,
  nu: GridMeasure,
  directions: Float64Array,
  corner: [number, number],
): number {
  // Points of alpha = mu+ + nu- get weight +|w|, points of beta = nu+ + mu- weight -|w|: a projected 1-D signed
  // measure with total 0, whose W1 is int |cumulative|.
  const km = mu.weights.length;
  const kn = nu.weights.length;
  const deficit = totalMass(mu) - totalMass(nu);
  const total = km + kn + (deficit !== 0 ? 1 : 0);
  const px = new Float64Array(total);
  const py = new Float64Array(total);
  const w = new Float64Array(total);
  let k = 0;
  for (let i = 0; i < km; i++, k++) {
    px[k] = mu.points[2 * i];
    py[k] = mu.points[2 * i + 1];
    w[k] = mu.weights[i]; // mu+ -> alpha (+), mu- -> beta (-)
  }
  for (let i = 0; i < kn; i++, k++) {
    px[k] = nu.points[2 * i];
    py[k] = nu.points[2 * i + 1];
    w[k] = -nu.weights[i]; // nu+ -> beta (-), nu- -> alpha (+)
  }
  if (deficit !== 0) {
    px[k] = corner[0];
    py[k] = corner[1];
    w[k] = -deficit; // alpha - beta now has total 0
  }
  const proj = new Float64Array(total);
  const idx = new Uint32Array(total);
  let sum = 0;
  const nd = directions.length / 2;
  for (let d = 0; d < nd; d++) {
    const c = directions[2 * d];
    const s = directions[2 * d + 1];
    for (let i = 0; i < total; i++) {
      proj[i] = px[i] * c + py[i] * s;
      idx[i] = i;
    }
    idx.sort((a, b) => proj[a] - proj[b]);
    let cum = 0;
    let cost = 0;
    for (let i = 0; i + 1 < total; i++) {
      cum += w[idx[i]];
      cost += Math.abs(cum) * (proj[idx[i + 1]] - proj[idx[i]]);
    }
    sum += cost;
  }
  return nd > 0 ? sum / nd : 0;
}

/** The sliced Wasserstein kernel exp(-SW / (2 sigma^2)) (Carrière, Cuturi, Oudot 2017, used on signed measures in
 * Loiseaux et al. 2023). */
export function slicedWassersteinKernel(sw: number, sigma: number): number {
  return Math.exp(-sw / (2 * sigma * sigma));
}
