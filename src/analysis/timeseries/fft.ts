/**
 * Iterative radix-2 Cooley-Tukey FFT (Cooley & Tukey 1965) on split real/imaginary Float64Arrays whose length is a
 * power of two: a bit-reversal permutation, then log2(n) butterfly passes. A plan precomputes the bit-reversal
 * permutation and the twiddle factors exp(-2 pi i k / n) once per size; taking twiddles from a table (rather than
 * by the recurrence w <- w * w_len) keeps the rounding error at O(eps log n) and the inner loop free of sin/cos.
 */
export class FftPlan {
  readonly n: number;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly rev: Uint32Array;

  constructor(n: number) {
    if (n < 1 || (n & (n - 1)) !== 0) throw new Error(`fft: length ${n} is not a power of two`);
    this.n = n;
    const half = n >> 1;
    this.cos = new Float64Array(Math.max(1, half));
    this.sin = new Float64Array(Math.max(1, half));
    for (let k = 0; k < half; k++) {
      const a = (2 * Math.PI * k) / n;
      this.cos[k] = Math.cos(a);
      this.sin[k] = Math.sin(a);
    }
    this.rev = new Uint32Array(n);
    let bits = 0;
    while (1 << bits < n) bits++;
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0, x = i; b < bits; b++, x >>= 1) r = (r << 1) | (x & 1);
      this.rev[i] = r;
    }
  }

  /** In place; forward uses exp(-2 pi i k t / n); inverse uses exp(+...) and divides by n (numpy's convention). */
  transform(re: Float64Array, im: Float64Array, inverse = false): void {
    const n = this.n;
    if (re.length !== n || im.length !== n) throw new Error(`fft: plan for ${n} points got ${re.length}/${im.length}`);
    if (n <= 1) return;
    const rev = this.rev;
    for (let i = 0; i < n; i++) {
      const j = rev[i];
      if (i < j) {
        let t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    const cosT = this.cos;
    const sinT = this.sin;
    const sign = inverse ? 1 : -1;
    for (let len = 2; len <= n; len <<= 1) {
      const half = len >> 1;
      const stride = n / len;
      for (let i = 0; i < n; i += len) {
        for (let k = 0, tw = 0; k < half; k++, tw += stride) {
          const cr = cosT[tw];
          const ci = sign * sinT[tw];
          const a = i + k;
          const b = a + half;
          const xr = re[b] * cr - im[b] * ci;
          const xi = re[b] * ci + im[b] * cr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
    if (inverse) {
      const s = 1 / n;
      for (let i = 0; i < n; i++) {
        re[i] *= s;
        im[i] *= s;
      }
    }
  }
}

const plans = new Map<number, FftPlan>();

/** A cached plan per size (sizes used by one analysis repeat: Welch segments, ACF padding). */
export function fftPlan(n: number): FftPlan {
  let p = plans.get(n);
  if (!p) {
    if (plans.size > 16) plans.clear();
    p = new FftPlan(n);
    plans.set(n, p);
  }
  return p;
}

/** In-place FFT of any power-of-two length (see FftPlan). */
export function fftInPlace(re: Float64Array, im: Float64Array, inverse = false): void {
  if (re.length !== im.length) throw new Error('fft: re and im lengths differ');
  if (re.length <= 1) return;
  fftPlan(re.length).transform(re, im, inverse);
}

export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Largest power of two <= n (n >= 1). */
export function prevPow2(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}
