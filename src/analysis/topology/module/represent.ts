/**
 * Vectorizations of a module decomposition (Loiseaux, Carriere & Blumberg, "A Framework for Fast and Stable
 * Representations of Multiparameter Persistent Homology Decompositions", NeurIPS 2023), evaluated on a grid of
 * pixel centres over the box, and multiparameter persistence landscapes (Vipond 2020) of the same summands.
 *
 * For a pixel x = (s + c/2, s - c/2) and a summand with profile beta, delta on the slope-1 line through x
 * (restrict.ts):
 *   dist(x, I) = max(beta(c) - s, s - delta(c))   (the sup-norm distance from x to the summand; <= 0 inside),
 *   w(I) = d_I(I, 0) = half the longest bar of the summand on the family's lines (the half-side of the largest
 *          diagonal square in it; the max over lines of a convex function of c is at a family line),
 *   image(x) = sum_I w(I)^p K(max(dist(x, I), 0) / sigma), K Gaussian exp(-t^2/2), linear max(0, 1 - t) or
 *              exponential exp(-t), then optionally divided by sum_I w(I)^p or by its largest pixel;
 *   landscape_k(x) = k-th largest of max(0, min(s - beta(c), delta(c) - s)) over the summands.
 * Deaths at infinity are clipped where the line leaves the box, s = min(x1 - c/2, y1 + c/2), in both.
 *
 * Stability. landscape_k along a slope-1 line is the one-parameter landscape of the restricted barcode, 1-Lipschitz
 * in the bottleneck distance (Bubenik 2015, Thm. 13): on lines between the family's first and last the landscapes
 * of the approximation are within delta/2 of those of the module. For the image: if the summands of two
 * decompositions are matched with profiles within eps on every slope-1 line (unmatched ones of weight <= eps), then
 * |image - image'| <= N (p W^(p-1) + W^p L_K / sigma) eps pointwise (N summands, W the largest weight, L_K the
 * kernel's Lipschitz constant: 1/sqrt(e) Gaussian, 1 linear and exponential), the form of the paper's stability
 * theorem for its kernel representations.
 */
import type { Box } from './complex';
import { lineOffset, type LineFamily } from './family';
import type { Summand } from './approximate';
import { summandProfile } from './restrict';

export type ImageKernel = 'gaussian' | 'linear' | 'exponential';
export type ImageNormalisation = 'none' | 'sum' | 'max';

export interface GridSpec {
  box: Box;
  resolution: number;
}

export interface ImageOptions extends GridSpec {
  /** Kernel width in the working units of the box. */
  bandwidth: number;
  power: number;
  kernel: ImageKernel;
  normalisation: ImageNormalisation;
}

function exitOf(box: Box, c: number): number {
  return Math.min(box.x1 - c / 2, box.y1 + c / 2);
}

/** d_I(I, 0): half the longest bar of the summand on the family lines, deaths clipped to the box. */
export function summandWeight(sm: Summand, family: LineFamily, box: Box): number {
  let w = 0;
  for (let i = 0; i < sm.births.length; i++) {
    const exit = exitOf(box, lineOffset(family, sm.firstLine + i));
    w = Math.max(w, Math.min(sm.deaths[i], exit) - sm.births[i]);
  }
  return w / 2;
}

/** Pixel centre (i along x, j along y) as a line offset c and parameter s. */
function pixel(g: GridSpec, i: number, j: number): { c: number; s: number } {
  const { box, resolution: r } = g;
  const x = box.x0 + ((i + 0.5) * (box.x1 - box.x0)) / r;
  const y = box.y0 + ((j + 0.5) * (box.y1 - box.y0)) / r;
  return { c: x - y, s: (x + y) / 2 };
}

/**
 * The summands' profiles on the pixels' lines. Pixels on one slope-1 line share its offset c, so a profile is
 * computed once per (summand, distinct line): beta[q * lines + k], delta[q * lines + k] (clipped to the box) for
 * summand q on line k; lineOf[pixel] and sOf[pixel] place each pixel (index j * resolution + i). This keeps a few
 * values per summand and line where a table per summand and pixel took 2 x resolution^2 doubles (megabytes per item
 * with hundreds of summands). The image and the landscapes of one grid can share one table.
 */
export interface ProfileTable {
  lines: number;
  lineOf: Int32Array;
  sOf: Float64Array;
  beta: Float64Array;
  delta: Float64Array;
}

export function profileTable(summands: readonly Summand[], family: LineFamily, g: GridSpec): ProfileTable {
  const r = g.resolution;
  const lineOf = new Int32Array(r * r);
  const sOf = new Float64Array(r * r);
  const index = new Map<number, number>();
  const offsets: number[] = [];
  for (let j = 0; j < r; j++)
    for (let i = 0; i < r; i++) {
      const { c, s } = pixel(g, i, j);
      let k = index.get(c);
      if (k === undefined) {
        k = offsets.length;
        index.set(c, k);
        offsets.push(c);
      }
      lineOf[j * r + i] = k;
      sOf[j * r + i] = s;
    }
  const lines = offsets.length;
  const beta = new Float64Array(summands.length * lines);
  const delta = new Float64Array(summands.length * lines);
  summands.forEach((sm, q) => {
    for (let k = 0; k < lines; k++) {
      const [b, d] = summandProfile(sm, family, offsets[k]);
      beta[q * lines + k] = b;
      delta[q * lines + k] = Math.min(d, exitOf(g.box, offsets[k]));
    }
  });
  return { lines, lineOf, sOf, beta, delta };
}

function kernelValue(kind: ImageKernel, t: number): number {
  if (kind === 'gaussian') return Math.exp(-0.5 * t * t);
  if (kind === 'linear') return Math.max(0, 1 - t);
  return Math.exp(-t);
}

/** The MMA image, row j (along y) by column i (along x): value at index j * resolution + i. */
export function mmaImage(
  summands: readonly Summand[],
  family: LineFamily,
  o: ImageOptions,
  table: ProfileTable = profileTable(summands, family, o),
): Float64Array {
  const r = o.resolution;
  const img = new Float64Array(r * r);
  const { lines, lineOf, sOf, beta, delta } = table;
  let total = 0;
  summands.forEach((sm, q) => {
    const w = Math.pow(summandWeight(sm, family, o.box), o.power);
    total += w;
    if (w === 0) return;
    for (let at = 0; at < r * r; at++) {
      const k = q * lines + lineOf[at];
      const dist = Math.max(beta[k] - sOf[at], sOf[at] - delta[k]);
      img[at] += w * kernelValue(o.kernel, Math.max(dist, 0) / o.bandwidth);
    }
  });
  let scale = 1;
  if (o.normalisation === 'sum') scale = total > 0 ? 1 / total : 1;
  else if (o.normalisation === 'max') {
    let m = 0;
    for (const v of img) m = Math.max(m, v);
    scale = m > 0 ? 1 / m : 1;
  }
  if (scale !== 1) for (let k = 0; k < img.length; k++) img[k] *= scale;
  return img;
}

/** The first `count` landscapes, each resolution^2 values laid out as the image's. */
export function mmaLandscapes(
  summands: readonly Summand[],
  family: LineFamily,
  g: GridSpec,
  count: number,
  table: ProfileTable = profileTable(summands, family, g),
): Float64Array[] {
  const r = g.resolution;
  const out = Array.from({ length: count }, () => new Float64Array(r * r));
  const { lines, lineOf, sOf, beta, delta } = table;
  const top = new Float64Array(count);
  for (let at = 0; at < r * r; at++) {
    const s = sOf[at];
    top.fill(0);
    for (let q = 0; q < summands.length; q++) {
      const k = q * lines + lineOf[at];
      const h = Math.min(s - beta[k], delta[k] - s);
      if (!(h > top[count - 1])) continue;
      let t = count - 1;
      while (t > 0 && top[t - 1] < h) {
        top[t] = top[t - 1];
        t--;
      }
      top[t] = h;
    }
    for (let t = 0; t < count; t++) out[t][at] = top[t];
  }
  return out;
}

/** The one-parameter landscapes of a barcode at parameter s (for checking the landscapes along a line). */
export function barcodeLandscapeAt(
  d: { births: ArrayLike<number>; deaths: ArrayLike<number> },
  s: number,
  count: number,
  clip: number,
): number[] {
  const hs: number[] = [];
  for (let i = 0; i < d.births.length; i++)
    hs.push(Math.max(0, Math.min(s - d.births[i], Math.min(d.deaths[i], clip) - s)));
  hs.sort((a, b) => b - a);
  return Array.from({ length: count }, (_, k) => hs[k] ?? 0);
}

export function pixelLine(g: GridSpec, i: number, j: number): { c: number; s: number } {
  return pixel(g, i, j);
}
