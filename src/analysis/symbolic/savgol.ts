import { badInput } from '../core/errors';
import { solveSymmetric } from './constants';

/**
 * First derivative by Savitzky-Golay filtering (Savitzky & Golay 1964): a least-squares polynomial of degree
 * `order` over a window of `window` samples (odd), differentiated at the sample. Interior samples use the centred
 * window; the first and last window/2 samples use the first/last full window evaluated off-centre (scipy's
 * savgol_filter mode="interp"). Exact for polynomials of degree <= order. Uniform spacing `dt` is required.
 */
export function savgolWeights(window: number, order: number, position: number): Float64Array {
  // fit f(u) = sum_k c_k u^k at u_j = (j - half)/half, j = 0..window-1; derivative at u0 = (position - half)/half
  const half = (window - 1) / 2;
  const k = order + 1;
  const V = new Float64Array(window * k);
  for (let j = 0; j < window; j++) {
    const u = (j - half) / half;
    let p = 1;
    for (let m = 0; m < k; m++) {
      V[j * k + m] = p;
      p *= u;
    }
  }
  const VtV = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let j = 0; j < window; j++) s += V[j * k + a] * V[j * k + b];
      VtV[a * k + b] = s;
    }
  // g = d/dt of the monomials at u0: k u0^(k-1) / half
  const u0 = (position - half) / half;
  const g = new Float64Array(k);
  for (let m = 1; m < k; m++) g[m] = (m * Math.pow(u0, m - 1)) / half;
  const z = new Float64Array(k);
  if (!solveSymmetric(VtV, g, z, k)) throw new Error('Savitzky-Golay normal matrix is singular');
  const w = new Float64Array(window);
  for (let j = 0; j < window; j++) {
    let s = 0;
    for (let m = 0; m < k; m++) s += V[j * k + m] * z[m];
    w[j] = s;
  }
  return w;
}

export function savgolDerivative(
  x: Float64Array,
  dt: number,
  window: number,
  order: number,
  file?: string,
): Float64Array {
  const n = x.length;
  if (!Number.isInteger(window) || window < 3 || window % 2 === 0)
    throw badInput(`Savitzky-Golay window must be an odd integer >= 3, got ${window}`, { file });
  if (!Number.isInteger(order) || order < 1 || order >= window)
    throw badInput(`Savitzky-Golay order must be an integer in [1, window-1], got ${order} with window ${window}`, {
      file,
    });
  if (n < window)
    throw badInput(`${n} samples are fewer than the Savitzky-Golay window ${window}: lower --sg-window`, { file });
  if (!(dt > 0)) throw badInput(`time step must be positive, got ${dt}`, { file });
  const half = (window - 1) / 2;
  const out = new Float64Array(n);
  const centre = savgolWeights(window, order, half);
  for (let i = half; i < n - half; i++) {
    let s = 0;
    for (let j = 0; j < window; j++) s += centre[j] * x[i - half + j];
    out[i] = s / dt;
  }
  for (let p = 0; p < half; p++) {
    const wl = savgolWeights(window, order, p);
    const wr = savgolWeights(window, order, window - 1 - p);
    let sl = 0;
    let sr = 0;
    for (let j = 0; j < window; j++) {
      sl += wl[j] * x[j];
      sr += wr[j] * x[n - window + j];
    }
    out[p] = sl / dt;
    out[n - 1 - p] = sr / dt;
  }
  return out;
}
