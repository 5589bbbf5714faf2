/**
 * Early-warning signals of a critical transition (critical slowing down: Scheffer et al. 2009, Nature 461:53;
 * Dakos et al. 2012, "Methods for detecting early warnings of critical transitions in time series illustrated using
 * simulated ecological data", PLoS ONE 7:e41010), with the definitions of ewstools (Bury 2023, ThomasMBury/ewstools,
 * core.py), see shared/benchmarks/dynamics/ews_reference.json:
 *  - detrending: Gaussian kernel smoothing with sigma = (0.25/0.675) * bandwidth points (scipy gaussian_filter,
 *    mode 'reflect', truncate 4), or Lowess (Cleveland 1979, tricube weights, 3 robustness iterations as statsmodels);
 *  - right-aligned rolling windows of int(window * N) points over the residuals: variance (ddof 1), lag-1
 *    autocorrelation (Pearson correlation of x[:-1] and x[1:] within the window) and skewness (adjusted
 *    Fisher-Pearson G1, as pandas);
 *  - trend: Kendall tau-b of each indicator against time (Knight 1966, O(n log n)).
 * Significance (Dakos et al. 2012 section "Sensitivity analysis and significance testing"): the same indicators on
 * surrogate series without a trend but with the residuals' lag-1 autocorrelation and variance (AR(1)) or power
 * spectrum (phase randomisation, Theiler et al. 1992), seeded; p = (1 + #{tau_s >= tau}) / (1 + count), one-sided
 * for variance and ac1 (critical slowing down raises both), two-sided for skewness (its sign depends on the model).
 */
import type { AnalysisContext } from '../core/context';
import { fftInPlace, nextPow2 } from '../timeseries/fft';
import { SeededRandom } from '../core/random';

/** scipy.ndimage 'reflect' boundary: (d c b a | a b c d | d c b a), repeated for kernels longer than the series. */
function reflectIndex(i: number, n: number): number {
  const period = 2 * n;
  let k = ((i % period) + period) % period;
  if (k >= n) k = period - 1 - k;
  return k;
}

/** Gaussian kernel smoothing as scipy.ndimage.gaussian_filter1d(x, sigma, mode='reflect', truncate=4). */
export function gaussianSmooth(x: ArrayLike<number>, sigma: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  const radius = Math.floor(4 * sigma + 0.5);
  const w = new Float64Array(2 * radius + 1);
  let ws = 0;
  for (let k = -radius; k <= radius; k++) {
    const v = Math.exp((-0.5 * k * k) / (sigma * sigma));
    w[k + radius] = v;
    ws += v;
  }
  for (let k = 0; k < w.length; k++) w[k] /= ws;
  for (let i = 0; i < n; i++) {
    let s = 0;
    if (i - radius >= 0 && i + radius < n) {
      for (let k = -radius; k <= radius; k++) s += w[k + radius] * x[i + k];
    } else {
      for (let k = -radius; k <= radius; k++) s += w[k + radius] * x[reflectIndex(i + k, n)];
    }
    out[i] = s;
  }
  return out;
}

/**
 * Lowess (Cleveland 1979, JASA 74:829): local linear fits with tricube weights over the ceil(frac*n) nearest x,
 * then `iterations` robustness passes with bisquare weights of the residuals (6 median absolute residuals).
 * With delta > 0, fits are computed only at points more than delta apart and linearly interpolated between
 * (statsmodels' delta), which makes long series affordable.
 */
export function lowess(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  frac: number,
  iterations = 3,
  delta = 0,
): Float64Array {
  const n = x.length;
  const k = Math.max(2, Math.min(n, Math.ceil(frac * n)));
  const fit = new Float64Array(n);
  const robust = new Float64Array(n).fill(1);
  const resid = new Float64Array(n);
  for (let pass = 0; pass <= iterations; pass++) {
    let lo = 0;
    let last = -1;
    for (let i = 0; i < n; i++) {
      if (last >= 0 && i < n - 1 && x[i] - x[last] < delta) continue;
      // slide the window [lo, lo + k) to hold the k nearest neighbours of x[i]
      while (lo + k < n && x[i] - x[lo] > x[lo + k] - x[i]) lo++;
      const hi = lo + k - 1;
      const h = Math.max(x[i] - x[lo], x[hi] - x[i]) * 1.0000001 || 1;
      let sw = 0,
        swx = 0,
        swy = 0,
        swxx = 0,
        swxy = 0;
      for (let j = lo; j <= hi; j++) {
        const u = Math.abs(x[j] - x[i]) / h;
        if (u >= 1) continue;
        const t = 1 - u * u * u;
        const wj = t * t * t * robust[j];
        const dx = x[j] - x[i];
        sw += wj;
        swx += wj * dx;
        swy += wj * y[j];
        swxx += wj * dx * dx;
        swxy += wj * dx * y[j];
      }
      let v: number;
      if (sw <= 0) v = y[i];
      else {
        const det = sw * swxx - swx * swx;
        // local line a + b (x - x_i) evaluated at x_i is a; fall back to the weighted mean on a degenerate window
        v = Math.abs(det) > 1e-12 * sw * swxx ? (swxx * swy - swx * swxy) / det : swy / sw;
      }
      fit[i] = v;
      if (last >= 0 && i - last > 1) {
        for (let j = last + 1; j < i; j++) {
          const a = (x[j] - x[last]) / (x[i] - x[last]);
          fit[j] = fit[last] + a * (v - fit[last]);
        }
      }
      last = i;
    }
    if (pass === iterations) break;
    for (let i = 0; i < n; i++) resid[i] = Math.abs(y[i] - fit[i]);
    const sorted = Float64Array.from(resid).sort();
    const med = n % 2 ? sorted[(n - 1) / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    const s6 = 6 * med;
    if (!(s6 > 0)) break;
    for (let i = 0; i < n; i++) {
      const u = resid[i] / s6;
      robust[i] = u < 1 ? (1 - u * u) * (1 - u * u) : 0;
    }
  }
  return fit;
}

export interface RollingIndicators {
  variance: Float64Array;
  ac1: Float64Array;
  skewness: Float64Array;
}

/**
 * Right-aligned rolling variance (ddof 1), lag-1 autocorrelation and skewness (adjusted G1) over windows of w points;
 * the first w-1 entries are NaN. O(n) with running power sums of the series shifted by its global mean (residuals are
 * near zero-mean, so the moment formulas do not cancel badly); the sums are recomputed from scratch every 512
 * windows so rounding drift stays bounded.
 */
export function rollingIndicators(r: ArrayLike<number>, w: number): RollingIndicators {
  const n = r.length;
  const variance = new Float64Array(n).fill(NaN);
  const ac1 = new Float64Array(n).fill(NaN);
  const skewness = new Float64Array(n).fill(NaN);
  if (w < 3 || w > n) return { variance, ac1, skewness };
  let shift = 0;
  for (let i = 0; i < n; i++) shift += r[i];
  shift /= n;
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = r[i] - shift;
  // window [a, end]: S1..S3 power sums; for ac1 the pairs (v_i, v_{i+1}), i in [a, end-1]
  let S1 = 0,
    S2 = 0,
    S3 = 0,
    P = 0;
  const recompute = (a: number, end: number): void => {
    S1 = 0;
    S2 = 0;
    S3 = 0;
    P = 0;
    for (let i = a; i <= end; i++) {
      const x = v[i];
      S1 += x;
      S2 += x * x;
      S3 += x * x * x;
    }
    for (let i = a; i < end; i++) P += v[i] * v[i + 1];
  };
  const wm1 = w - 1;
  for (let end = w - 1; end < n; end++) {
    const a = end - w + 1;
    if ((end - (w - 1)) % 512 === 0) recompute(a, end);
    else {
      const xo = v[a - 1];
      const xn = v[end];
      S1 += xn - xo;
      S2 += xn * xn - xo * xo;
      S3 += xn * xn * xn - xo * xo * xo;
      P += v[end - 1] * xn - xo * v[a];
    }
    const mean = S1 / w;
    const m2 = Math.max(0, S2 - S1 * mean); // sum of squared deviations
    const m3 = S3 - 3 * mean * S2 + 2 * S1 * mean * mean;
    variance[end] = m2 / wm1;
    if (m2 > 0) skewness[end] = ((Math.sqrt(w * wm1) / (w - 2)) * (m3 / w)) / Math.pow(m2 / w, 1.5);
    // pandas Series.autocorr(1): Pearson correlation of (v_a..v_{end-1}) and (v_{a+1}..v_end)
    const sa = S1 - v[end];
    const sb = S1 - v[a];
    const saa = S2 - v[end] * v[end] - (sa * sa) / wm1;
    const sbb = S2 - v[a] * v[a] - (sb * sb) / wm1;
    const sab = P - (sa * sb) / wm1;
    ac1[end] = saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
  }
  return { variance, ac1, skewness };
}

/**
 * Kendall tau-b of y against its index order (time strictly increasing, so no ties in time): Knight's (1966)
 * O(n log n) algorithm. tau_b = (n0 - n2 - 2 S) / sqrt(n0 (n0 - n2)), n0 = n(n-1)/2, n2 = pairs tied in y,
 * S = number of discordant pairs counted as merge-sort swaps. NaN entries are skipped.
 */
export function kendallTauVsTime(y: ArrayLike<number>): number {
  const vals: number[] = [];
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i])) vals.push(y[i]);
  const n = vals.length;
  if (n < 3) return NaN;
  const a = Float64Array.from(vals);
  const buf = new Float64Array(n);
  let swaps = 0;
  // bottom-up merge sort counting pairs i<j with a_i > a_j (strict: ties are not discordant)
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo,
        j = mid,
        k = lo;
      while (i < mid && j < hi) {
        if (a[j] < a[i]) {
          buf[k++] = a[j++];
          swaps += mid - i;
        } else buf[k++] = a[i++];
      }
      while (i < mid) buf[k++] = a[i++];
      while (j < hi) buf[k++] = a[j++];
    }
    a.set(buf);
  }
  let n2 = 0;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && a[j] === a[i]) j++;
    const t = j - i;
    n2 += (t * (t - 1)) / 2;
    i = j;
  }
  const n0 = (n * (n - 1)) / 2;
  const den = Math.sqrt(n0 * (n0 - n2));
  return den > 0 ? (n0 - n2 - 2 * swaps) / den : NaN;
}

/** AR(1) surrogate with the lag-1 autocorrelation and variance of r (stationary start). */
export function ar1Surrogate(r: ArrayLike<number>, rng: SeededRandom, out: Float64Array): void {
  const n = r.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += r[i];
  mean /= n;
  let c0 = 0,
    c1 = 0;
  for (let i = 0; i < n; i++) c0 += (r[i] - mean) ** 2;
  for (let i = 1; i < n; i++) c1 += (r[i] - mean) * (r[i - 1] - mean);
  const phi = c0 > 0 ? Math.max(-0.999, Math.min(0.999, c1 / c0)) : 0;
  const sd = Math.sqrt(c0 / n);
  const eps = sd * Math.sqrt(1 - phi * phi);
  out[0] = mean + sd * rng.normal();
  for (let i = 1; i < n; i++) out[i] = mean + phi * (out[i - 1] - mean) + eps * rng.normal();
}

/** Phase-randomised surrogate (Theiler et al. 1992, Physica D 58:77): same periodogram, random Fourier phases. */
export function phaseSurrogate(r: ArrayLike<number>, rng: SeededRandom, out: Float64Array): void {
  const n = r.length;
  const m = nextPow2(n);
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += r[i];
  mean /= n;
  for (let i = 0; i < n; i++) re[i] = r[i] - mean;
  fftInPlace(re, im);
  for (let k = 1; k < m / 2; k++) {
    const amp = Math.hypot(re[k], im[k]);
    const ph = 2 * Math.PI * rng.uniform();
    re[k] = amp * Math.cos(ph);
    im[k] = amp * Math.sin(ph);
    re[m - k] = re[k];
    im[m - k] = -im[k];
  }
  fftInPlace(re, im, true);
  // zero-padding to a power of two spreads variance: rescale to the original variance
  let v0 = 0,
    v1 = 0,
    m1 = 0;
  for (let i = 0; i < n; i++) m1 += re[i];
  m1 /= n;
  for (let i = 0; i < n; i++) {
    v0 += (r[i] - mean) ** 2;
    v1 += (re[i] - m1) ** 2;
  }
  const s = v1 > 0 ? Math.sqrt(v0 / v1) : 1;
  for (let i = 0; i < n; i++) out[i] = mean + s * (re[i] - m1);
}

export interface EwsOptions {
  detrend: 'gaussian' | 'lowess' | 'none';
  /** Fraction of the series (<= 1) or number of points (> 1). */
  bandwidth: number;
  /** Fraction of the series (<= 1) or number of points (> 1). */
  window: number;
  surrogates: number;
  surrogateKind: 'ar1' | 'phase';
  seed: number;
  alpha: number;
}

export interface EwsComputation {
  trend: Float64Array;
  residuals: Float64Array;
  windowPoints: number;
  bandwidthPoints: number;
  indicators: RollingIndicators;
  tau: { variance: number; ac1: number; skewness: number };
  pValue: { variance: number; ac1: number; skewness: number };
  notes: string[];
}

export function computeEws(x: Float64Array, time: Float64Array, o: EwsOptions, ctx: AnalysisContext): EwsComputation {
  const n = x.length;
  const notes: string[] = [];
  const bwPoints = o.bandwidth <= 1 ? o.bandwidth * n : o.bandwidth;
  let trend: Float64Array;
  if (o.detrend === 'gaussian') trend = gaussianSmooth(x, (0.25 / 0.675) * bwPoints);
  else if (o.detrend === 'lowess') {
    const frac = o.bandwidth <= 1 ? o.bandwidth : o.bandwidth / n;
    const delta = n > 5000 ? 0.01 * (time[n - 1] - time[0]) : 0;
    if (delta > 0)
      notes.push(
        `lowess evaluated every ${delta.toPrecision(3)} time units and interpolated (delta, as statsmodels) for ${n} samples`,
      );
    trend = lowess(time, x, frac, 3, delta);
  } else trend = new Float64Array(n);
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) residuals[i] = x[i] - trend[i];
  const w = Math.floor(o.window <= 1 ? o.window * n : o.window);
  const indicators = rollingIndicators(residuals, w);
  const tau = {
    variance: kendallTauVsTime(indicators.variance),
    ac1: kendallTauVsTime(indicators.ac1),
    skewness: kendallTauVsTime(indicators.skewness),
  };
  const rng = new SeededRandom(o.seed);
  const sur = new Float64Array(n);
  let geV = 0,
    geA = 0,
    geS = 0;
  for (let s = 0; s < o.surrogates; s++) {
    if ((s & 7) === 0) {
      ctx.signal.throwIfCancelled();
      ctx.progress(0.1 + 0.9 * (s / o.surrogates), `surrogate ${s + 1} of ${o.surrogates}`);
    }
    if (o.surrogateKind === 'ar1') ar1Surrogate(residuals, rng, sur);
    else phaseSurrogate(residuals, rng, sur);
    const ind = rollingIndicators(sur, w);
    if (kendallTauVsTime(ind.variance) >= tau.variance) geV++;
    if (kendallTauVsTime(ind.ac1) >= tau.ac1) geA++;
    if (Math.abs(kendallTauVsTime(ind.skewness)) >= Math.abs(tau.skewness)) geS++;
  }
  const pv = (c: number): number => (1 + c) / (1 + o.surrogates);
  return {
    trend,
    residuals,
    windowPoints: w,
    bandwidthPoints: bwPoints,
    indicators,
    tau,
    pValue: { variance: pv(geV), ac1: pv(geA), skewness: pv(geS) },
    notes,
  };
}
