import { fftInPlace, nextPow2 } from './fft';

/**
 * Sample autocorrelation r_k = sum_{t<n-k} (x_t - m)(x_{t+k} - m) / sum_t (x_t - m)^2 for k = 0..maxLag
 * (the biased estimator, as statsmodels' acf), computed through the FFT of the zero-padded series: O(n log n).
 * NaN samples are treated as the mean (they contribute zero). A constant series gives NaN for k > 0.
 */
export function autocorrelation(x: ArrayLike<number>, maxLag: number): Float64Array {
  const n = x.length;
  const lags = Math.max(0, Math.min(maxLag, n - 1));
  let mean = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v === v) { mean += v; count++; }
  }
  mean = count > 0 ? mean / count : 0;
  const m = nextPow2(2 * n);
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const v = x[i];
    re[i] = v === v ? v - mean : 0;
  }
  fftInPlace(re, im);
  for (let i = 0; i < m; i++) {
    re[i] = re[i] * re[i] + im[i] * im[i];
    im[i] = 0;
  }
  fftInPlace(re, im, true);
  const out = new Float64Array(lags + 1);
  const c0 = re[0];
  for (let k = 0; k <= lags; k++) out[k] = c0 > 0 ? re[k] / c0 : k === 0 ? 1 : NaN;
  return out;
}

/** First lag where the autocorrelation crosses zero (changes sign), or undefined if it never does up to maxLag. */
export function firstZeroCrossingLag(x: ArrayLike<number>, maxLag: number): number | undefined {
  const r = autocorrelation(x, maxLag);
  for (let k = 1; k < r.length; k++) if (r[k] <= 0) return k;
  return undefined;
}
