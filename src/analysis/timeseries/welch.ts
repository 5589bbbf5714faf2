import { fftPlan, prevPow2 } from './fft';

/**
 * Welch's power spectral density estimate (Welch 1967, IEEE Trans. Audio Electroacoust. 15(2):70-73): the mean of
 * modified periodograms of overlapping segments. Conventions follow scipy.signal.welch with its defaults and
 * scaling='density', so results agree with it to rounding:
 *  - periodic Hann window w_k = 0.5 - 0.5 cos(2 pi k / N), k = 0..N-1 (scipy.signal.get_window('hann', N));
 *  - 50% overlap (step N/2), segments starting at 0, step, ... while they fit (no padding);
 *  - each segment detrended by its own mean (detrend='constant');
 *  - P_k = mean over segments of |X_k|^2 / (fs * sum_k w_k^2), doubled for 0 < k < N/2 (one-sided spectrum);
 *  - frequency f_k = k fs / N, k = 0..N/2.
 * Two segments share one complex FFT (z = a + i b, then A_k and B_k are separated from Z_k and conj Z_{N-k}).
 */
export interface WelchResult {
  frequency: Float64Array;
  psd: Float64Array;
  segment: number;
  segments: number;
}

/** Segment length used by the summary: the largest power of two <= min(n, maxSegment). */
export function welchSegmentLength(n: number, maxSegment = 4096): number {
  return prevPow2(Math.max(1, Math.min(n, maxSegment)));
}

export function hannPeriodic(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) w[k] = 0.5 - 0.5 * Math.cos((2 * Math.PI * k) / n);
  return w;
}

/**
 * @param x samples (NaN must be replaced by the caller)
 * @param fs sampling frequency (1/dt), or 1 for cycles per sample
 * @param segment segment length N, a power of two, 2 <= N <= x.length
 */
export function welchPsd(x: ArrayLike<number>, fs: number, segment: number, shouldStop?: () => void): WelchResult {
  const n = x.length;
  const N = segment;
  if (N < 2 || (N & (N - 1)) !== 0 || N > n) throw new Error(`welch: segment ${N} must be a power of two in [2, ${n}]`);
  const step = N >> 1;
  const segments = Math.floor((n - N) / step) + 1;
  const w = hannPeriodic(N);
  let wss = 0;
  for (let k = 0; k < N; k++) wss += w[k] * w[k];
  const half = N >> 1;
  const acc = new Float64Array(half + 1);
  const re = new Float64Array(N);
  const im = new Float64Array(N);
  const plan = fftPlan(N);
  const load = (start: number, out: Float64Array): void => {
    let m = 0;
    for (let k = 0; k < N; k++) m += x[start + k];
    m /= N;
    for (let k = 0; k < N; k++) out[k] = (x[start + k] - m) * w[k];
  };
  for (let s = 0; s < segments; s += 2) {
    if (shouldStop && (s & 63) === 0) shouldStop();
    const pair = s + 1 < segments;
    load(s * step, re);
    if (pair) load((s + 1) * step, im);
    else im.fill(0);
    plan.transform(re, im);
    for (let k = 0; k <= half; k++) {
      const j = (N - k) & (N - 1);
      const zr = re[k],
        zi = im[k],
        wr = re[j],
        wi = im[j];
      // A_k = (Z_k + conj Z_{N-k}) / 2, B_k = (Z_k - conj Z_{N-k}) / 2i; |.|^2 summed below.
      const ar = zr + wr,
        ai = zi - wi;
      const br = zi + wi,
        bi = wr - zr;
      acc[k] += (ar * ar + ai * ai) / 4 + (pair ? (br * br + bi * bi) / 4 : 0);
    }
  }
  const scale = 1 / (fs * wss * segments);
  const psd = new Float64Array(half + 1);
  const frequency = new Float64Array(half + 1);
  for (let k = 0; k <= half; k++) {
    psd[k] = acc[k] * scale * (k > 0 && k < half ? 2 : 1);
    frequency[k] = (k * fs) / N;
  }
  return { frequency, psd, segment: N, segments };
}
