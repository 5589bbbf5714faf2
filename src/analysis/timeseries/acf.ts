import { fftPlan, nextPow2 } from './fft';

/**
 * Sample autocorrelation r_k = sum_{t<n-k} (x_t - m)(x_{t+k} - m) / sum_t (x_t - m)^2 for k = 0..maxLag
 * (the biased estimator, as statsmodels' acf), computed with FFTs (correlation theorem) by blocks, see
 * autocorrelationPair.
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

/** FFT length of the blocks: short transforms stay in cache (a 2^20-point FFT runs ~30% slower per butterfly). */
const BLOCK_FFT = 4096;

/**
 * Autocorrelations of two real series of equal length, by blocks (overlap-save for a correlation): the series is
 * cut into blocks of L = M - maxLag samples; block s contributes sum_t x_{s+t} x_{s+t+k} for its own t < L, which is
 * the circular correlation of the block (zero-padded to M) with the block extended by maxLag samples; no term wraps
 * because t + k < L + maxLag = M. Summed over blocks this is the full lag-k sum. Cost O(n log M), M =
 * max(4096, 4 maxLag) rounded up to a power of two, instead of one O(n log n) transform of the whole series.
 *
 * Two real series share every transform: z = a + i b, A_k = (Z_k + conj Z_{M-k}) / 2, B_k = (Z_k - conj Z_{M-k}) / 2i
 * (the two-real-FFTs-at-once identity, e.g. Numerical Recipes 12.3). The correlation spectra conj(A) A' and
 * conj(B) B' transform back to real sequences, so one inverse FFT of their sum conj(A) A' + i conj(B) B' returns
 * both as its real and imaginary parts.
 */
export function autocorrelationPair(
  a: ArrayLike<number>,
  b: ArrayLike<number> | undefined,
  maxLag: number,
  /** Called between blocks (every few ms of work), e.g. to throw on cancellation. */
  poll?: () => void,
): Float64Array[] {
  const n = a.length;
  if (b && b.length !== n) throw new Error('autocorrelationPair: series lengths differ');
  const lags = Math.max(0, Math.min(Math.floor(maxLag), n - 1));
  if (n === 0) return b ? [new Float64Array(0), new Float64Array(0)] : [new Float64Array(0)];
  const ca = new Float64Array(n);
  const cb = new Float64Array(n);
  // A constant series has zero variance; its rounding residue after centring must not pass for a signal.
  const varies = [centre(a, ca), b ? centre(b, cb) : false];
  const m = Math.min(nextPow2(n + lags), Math.max(BLOCK_FFT, nextPow2(4 * lags)));
  const L = m - lags;
  const plan = fftPlan(m);
  const xr = new Float64Array(m),
    xi = new Float64Array(m);
  const yr = new Float64Array(m),
    yi = new Float64Array(m);
  const zr = new Float64Array(m),
    zi = new Float64Array(m);
  const accA = new Float64Array(lags + 1);
  const accB = new Float64Array(lags + 1);
  for (let s = 0, block = 0; s < n; s += L, block++) {
    if (poll && (block & 15) === 15) poll();
    const len = Math.min(L, n - s);
    const ext = Math.min(L + lags, n - s);
    for (let i = 0; i < m; i++) {
      const inBlock = i < len;
      const inExt = i < ext;
      xr[i] = inBlock ? ca[s + i] : 0;
      xi[i] = inBlock ? cb[s + i] : 0;
      yr[i] = inExt ? ca[s + i] : 0;
      yi[i] = inExt ? cb[s + i] : 0;
    }
    plan.transform(xr, xi);
    plan.transform(yr, yi);
    for (let k = 0; k < m; k++) {
      const j = (m - k) & (m - 1);
      // Spectra of the block (A, B) and of the extended block (A', B') of each series.
      const ar = (xr[k] + xr[j]) / 2,
        ai = (xi[k] - xi[j]) / 2;
      const br = (xi[k] + xi[j]) / 2,
        bi = (xr[j] - xr[k]) / 2;
      const er = (yr[k] + yr[j]) / 2,
        ei = (yi[k] - yi[j]) / 2;
      const fr = (yi[k] + yi[j]) / 2,
        fi = (yr[j] - yr[k]) / 2;
      // conj(A) A' and conj(B) B'.
      const pr = ar * er + ai * ei,
        pi = ar * ei - ai * er;
      const qr = br * fr + bi * fi,
        qi = br * fi - bi * fr;
      zr[k] = pr - qi;
      zi[k] = pi + qr;
    }
    plan.transform(zr, zi, true);
    for (let k = 0; k <= lags; k++) {
      accA[k] += zr[k];
      accB[k] += zi[k];
    }
  }
  const outs = [accA, accB].slice(0, b ? 2 : 1).map((c, s) => {
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
