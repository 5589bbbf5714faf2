import { fftPlan, nextPow2 } from './fft';

/**
 * Sample autocorrelation r_k = sum_{t<n-k} (x_t - m)(x_{t+k} - m) / sum_t (x_t - m)^2 for k = 0..maxLag
 * (the biased estimator, as statsmodels' acf), computed through the FFT (Wiener-Khinchin): O(n log n).
 * The series is zero-padded to a power of two M >= n + maxLag, which is enough for the circular correlation to
 * equal the linear one at lags <= maxLag (wrapped terms index past the data, into zeros).
 * NaN samples are treated as the mean (they contribute zero). A constant series gives NaN for k > 0.
 */
export function autocorrelation(x: ArrayLike<number>, maxLag: number): Float64Array {
  return autocorrelationPair(x, undefined, maxLag)[0];
}

/** Writes (x - mean) / rms (NaN -> 0) into out; returns false when the series is constant (or all NaN). */
function centre(x: ArrayLike<number>, out: Float64Array): boolean {
  const n = x.length;
  let mean = 0;
  let count = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v === v) {
      mean += v;
      count++;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  mean = count > 0 ? mean / count : 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    const d = v === v ? v - mean : 0;
    out[i] = d;
    ss += d * d;
  }
  // Scale to unit power: r_k does not change, and two packed series then have comparable magnitudes, so the
  // rounding error of a loud series does not swamp a quiet one sharing its FFT.
  if (ss > 0 && Number.isFinite(ss)) {
    const s = 1 / Math.sqrt(ss / n);
    for (let i = 0; i < n; i++) out[i] *= s;
  }
  return hi > lo;
}

/**
 * Autocorrelations of two real series of equal length with one forward and one inverse complex FFT: z = a + i b,
 * A_k = (Z_k + conj Z_{M-k}) / 2, B_k = (Z_k - conj Z_{M-k}) / 2i (the two-real-FFTs-at-once identity, e.g.
 * Numerical Recipes 12.3). The power spectra |A_k|^2 and |B_k|^2 are real and even, so one inverse FFT of
 * |A|^2 + i |B|^2 returns both autocovariances as its real and imaginary parts.
 */
export function autocorrelationPair(a: ArrayLike<number>, b: ArrayLike<number> | undefined, maxLag: number): Float64Array[] {
  const n = a.length;
  if (b && b.length !== n) throw new Error('autocorrelationPair: series lengths differ');
  const lags = Math.max(0, Math.min(Math.floor(maxLag), n - 1));
  if (n === 0) return b ? [new Float64Array(0), new Float64Array(0)] : [new Float64Array(0)];
  const m = nextPow2(n + lags);
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  // A constant series has zero variance; its rounding residue after centring must not pass for a signal.
  const varies = [centre(a, re), b ? centre(b, im) : false];
  const plan = fftPlan(m);
  plan.transform(re, im);
  if (b) {
    // Power spectra of both series from the packed transform; k and M-k are handled together.
    for (let k = 0; k <= m >> 1; k++) {
      const j = (m - k) & (m - 1);
      const zr = re[k], zi = im[k], wr = re[j], wi = im[j];
      const ar = (zr + wr) / 2, ai = (zi - wi) / 2;
      const br = (zi + wi) / 2, bi = (wr - zr) / 2;
      const pa = ar * ar + ai * ai;
      const pb = br * br + bi * bi;
      re[k] = pa; im[k] = pb;
      re[j] = pa; im[j] = pb;
    }
  } else {
    for (let k = 0; k < m; k++) {
      re[k] = re[k] * re[k] + im[k] * im[k];
      im[k] = 0;
    }
  }
  plan.transform(re, im, true);
  const outs = [re, im].slice(0, b ? 2 : 1).map((c, s) => {
    const out = new Float64Array(lags + 1);
    const c0 = c[0];
    for (let k = 0; k <= lags; k++) out[k] = varies[s] && c0 > 0 ? c[k] / c0 : k === 0 ? 1 : NaN;
    return out;
  });
  return outs;
}

/** First lag where the autocorrelation crosses zero (changes sign), or undefined if it never does up to maxLag. */
export function firstZeroCrossingLag(x: ArrayLike<number>, maxLag: number): number | undefined {
  const r = autocorrelation(x, maxLag);
  for (let k = 1; k < r.length; k++) if (r[k] <= 0) return k;
  return undefined;
}
