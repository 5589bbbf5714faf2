import { seededUniform } from '../../../src/analysis/core/random';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DynLensError } from '../../../src/analysis/core/errors';
import { autocorrelation, autocorrelationPair, firstZeroCrossingLag } from '../../../src/analysis/timeseries/acf';
import { decimateMinMax } from '../../../src/analysis/timeseries/decimate';
import { chooseDelayLag, delayEmbed, mutualInformation } from '../../../src/analysis/timeseries/embedding';
import { FftPlan, fftInPlace, nextPow2, prevPow2 } from '../../../src/analysis/timeseries/fft';
import { hannPeriodic, welchPsd, welchSegmentLength } from '../../../src/analysis/timeseries/welch';
import { directAcf } from '../../support';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'data', 'summary');

/** Deterministic uniform numbers in [-1, 1) (the core's mulberry32). */
function rng(seed: number): () => number {
  const u = seededUniform(seed);
  return () => u() * 2 - 1;
}

function randomSeries(n: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, r);
}

describe('fft', () => {
  it('matches a direct DFT and inverts', () => {
    for (const n of [1, 2, 4, 8, 64, 256]) {
      const re = randomSeries(n, n);
      const im = randomSeries(n, n + 1);
      const fr = re.slice();
      const fi = im.slice();
      fftInPlace(fr, fi);
      for (let k = 0; k < n; k++) {
        let sr = 0;
        let si = 0;
        for (let t = 0; t < n; t++) {
          const a = (-2 * Math.PI * k * t) / n;
          sr += re[t] * Math.cos(a) - im[t] * Math.sin(a);
          si += re[t] * Math.sin(a) + im[t] * Math.cos(a);
        }
        expect(Math.abs(fr[k] - sr)).toBeLessThan(1e-12 * n);
        expect(Math.abs(fi[k] - si)).toBeLessThan(1e-12 * n);
      }
      fftInPlace(fr, fi, true);
      for (let t = 0; t < n; t++) {
        expect(Math.abs(fr[t] - re[t])).toBeLessThan(1e-14 * Math.max(1, Math.log2(n)) * 4);
        expect(Math.abs(fi[t] - im[t])).toBeLessThan(1e-14 * Math.max(1, Math.log2(n)) * 4);
      }
    }
  });

  it('is accurate at large sizes (Parseval on 2^20 points)', () => {
    const n = 1 << 20;
    const re = randomSeries(n, 3);
    const im = new Float64Array(n);
    let e0 = 0;
    for (let i = 0; i < n; i++) e0 += re[i] * re[i];
    new FftPlan(n).transform(re, im);
    let e1 = 0;
    for (let i = 0; i < n; i++) e1 += re[i] * re[i] + im[i] * im[i];
    expect(Math.abs(e1 / n - e0) / e0).toBeLessThan(1e-12);
  });

  it('refuses lengths that are not powers of two', () => {
    expect(() => fftInPlace(new Float64Array(3), new Float64Array(3))).toThrow(/power of two/);
    expect(nextPow2(1000)).toBe(1024);
    expect(prevPow2(1000)).toBe(512);
    expect(prevPow2(1024)).toBe(1024);
  });
});

describe('autocorrelation', () => {
  it('equals the direct biased estimator for random series of any length', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 300 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer(),
        (n, maxLag, seed) => {
          const x = randomSeries(n, seed);
          const r = autocorrelation(x, maxLag);
          const d = directAcf(x, Math.min(maxLag, n - 1));
          expect(r.length).toBe(d.length);
          for (let k = 0; k < d.length; k++) expect(Math.abs(r[k] - d[k])).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('sums blocks correctly across block boundaries (long series, long lags)', () => {
    for (const [n, maxLag] of [
      [20_000, 1500],
      [9000, 200],
      [4096, 4095],
      [4097, 1],
    ] as const) {
      const x = randomSeries(n, n + maxLag).map((v, i) => v + Math.sin(i / 50));
      const r = autocorrelation(x, maxLag);
      const d = directAcf(x, maxLag);
      for (let k = 0; k <= maxLag; k += Math.max(1, Math.floor(maxLag / 40)))
        expect(Math.abs(r[k] - d[k])).toBeLessThan(1e-12);
      expect(Math.abs(r[maxLag] - d[maxLag])).toBeLessThan(1e-12);
    }
  });

  it('polls between blocks so a long run can be cancelled', () => {
    const x = randomSeries(200_000, 5);
    let calls = 0;
    autocorrelationPair(x, x, 200, () => calls++);
    // 200,000 / (4096 - 200) = 52 blocks: a poll every 16 blocks.
    expect(calls).toBe(3);
    expect(() =>
      autocorrelationPair(x, undefined, 200, () => {
        throw new Error('stop');
      }),
    ).toThrow('stop');
    let lagPolls = 0;
    chooseDelayLag(x.subarray(0, 5000), 50, () => lagPolls++);
    expect(lagPolls).toBeGreaterThan(1);
  });

  it('gives the same result for a series alone or packed with another of very different scale', () => {
    const a = randomSeries(5000, 1);
    const b = randomSeries(5000, 2).map((v) => 1e8 * v + 3e9);
    const [pa, pb] = autocorrelationPair(a, b, 100);
    const sa = autocorrelation(a, 100);
    const sb = autocorrelation(b, 100);
    for (let k = 0; k <= 100; k++) {
      expect(Math.abs(pa[k] - sa[k])).toBeLessThan(1e-13);
      expect(Math.abs(pb[k] - sb[k])).toBeLessThan(1e-13);
    }
  });

  it('treats NaN as the mean, and gives NaN beyond lag 0 for constant series', () => {
    const x = [1, NaN, 3, 1, 3];
    const filled = [1, 2, 3, 1, 3];
    const r = autocorrelation(x, 3);
    const d = directAcf(filled, 3);
    for (let k = 0; k <= 3; k++) expect(r[k]).toBeCloseTo(d[k], 13);
    const c = autocorrelation([0.1, 0.1, 0.1, 0.1], 2);
    expect(c[0]).toBe(1);
    expect(c[1]).toBeNaN();
    expect(autocorrelation([], 5).length).toBe(0);
  });

  it('finds the first zero crossing of a sine at a quarter period', () => {
    const x = Float64Array.from({ length: 4000 }, (_, i) => Math.sin((2 * Math.PI * i) / 100));
    // r_25 is cos(pi/2) (n-25)/n, zero up to rounding: the crossing is reported at 25 or 26.
    expect([25, 26]).toContain(firstZeroCrossingLag(x, 200));
  });
});

interface WelchCase {
  fs: number;
  nperseg: number;
  frequency: number[];
  psd: number[];
}

describe('welch PSD against scipy.signal.welch', () => {
  const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as {
    welch: Record<string, WelchCase>;
  };
  const lines = readFileSync(join(FIXTURES, 'signal.csv'), 'utf8').trim().split('\n').slice(1);
  const column = (j: number): Float64Array => Float64Array.from(lines, (l) => Number(l.split(',')[j]));
  const x = column(1);
  const z = column(3);

  for (const [key, series, len] of [
    ['x_full', () => x, 10000],
    ['z_full', () => z, 10000],
    ['x_1000_samples', () => x.subarray(0, 1000), 1000],
    ['z_odd_9999', () => z.subarray(0, 9999), 9999],
  ] as const) {
    it(`${key}: matches to 1e-10 relative`, () => {
      const e = expected.welch[key];
      const s = series();
      expect(s.length).toBe(len);
      expect(welchSegmentLength(len)).toBe(e.nperseg);
      const w = welchPsd(s, e.fs, e.nperseg);
      expect(w.psd.length).toBe(e.psd.length);
      for (let i = 0; i < e.psd.length; i++) {
        expect(Math.abs(w.frequency[i] - e.frequency[i])).toBeLessThanOrEqual(1e-12 * e.fs);
        expect(Math.abs(w.psd[i] - e.psd[i]) / e.psd[i]).toBeLessThan(1e-10);
      }
    });
  }

  it('uses the periodic Hann window and an odd segment count (unpaired last segment)', () => {
    const w = hannPeriodic(8);
    expect(w[0]).toBe(0);
    expect(w[4]).toBeCloseTo(1, 15);
    expect(w[7]).toBeCloseTo(w[1], 15);
    // n = 10000, N = 4096: floor((10000 - 4096) / 2048) + 1 = 3 segments, the third one alone in its FFT.
    expect(welchPsd(x, 1, 4096).segments).toBe(3);
  });

  it('integrates to the variance (Parseval for the density scaling)', () => {
    const s = randomSeries(1 << 16, 9);
    const w = welchPsd(s, 1, 1024);
    let area = 0;
    for (let k = 0; k < w.psd.length; k++) area += w.psd[k] * (w.frequency[1] - w.frequency[0]);
    let v = 0;
    for (const a of s) v += a * a;
    v /= s.length;
    expect(Math.abs(area - v) / v).toBeLessThan(0.02);
  });
});

describe('min/max decimation', () => {
  it('keeps every bucket extreme in time order and shares the time axis', () => {
    const n = 10_000;
    const t = Float64Array.from({ length: n }, (_, i) => i * 0.5);
    const a = randomSeries(n, 4);
    const b = randomSeries(n, 5);
    a[1234] = 9;
    b[8765] = -9;
    const d = decimateMinMax(t, [a, b], 200);
    expect(d.decimated).toBe(true);
    expect(d.t.length).toBe(200);
    expect(Math.max(...d.values[0])).toBe(9);
    expect(Math.min(...d.values[1])).toBe(-9);
    // Bucket 12 of 100 holds samples 1200..1299; its first point is at t[1200], the last at t[1299].
    expect(d.t[24]).toBe(t[1200]);
    expect(d.t[25]).toBe(t[1299]);
    for (let i = 1; i < d.t.length; i++) expect(d.t[i]).toBeGreaterThanOrEqual(d.t[i - 1]);
    // Each bucket's pair is its min and max, in order of occurrence.
    for (let bkt = 0; bkt < 100; bkt++) {
      const seg = a.subarray(bkt * 100, bkt * 100 + 100);
      const lo = Math.min(...seg);
      const hi = Math.max(...seg);
      const first = seg.indexOf(lo) <= seg.indexOf(hi) ? lo : hi;
      expect(d.values[0][2 * bkt]).toBe(first);
      expect(d.values[0][2 * bkt + 1]).toBe(first === lo ? hi : lo);
    }
  });

  it('leaves short series alone and skips NaN', () => {
    const d = decimateMinMax([0, 1, 2], [[1, 2, 3]], 10);
    expect(d.decimated).toBe(false);
    expect([...d.values[0]]).toEqual([1, 2, 3]);
    // Buckets {0,1,2} and {3,4,5}: the first holds only the value 1, the second has its max (5) before its min (2).
    const n = decimateMinMax([0, 1, 2, 3, 4, 5], [[NaN, NaN, 1, NaN, 5, 2]], 4);
    expect([...n.values[0]]).toEqual([1, 1, 5, 2]);
    expect([...n.t]).toEqual([0, 2, 3, 5]);
    const allNaN = decimateMinMax([0, 1, 2, 3, 4, 5], [[NaN, NaN, NaN, 1, 2, 3]], 4);
    expect([...allNaN.values[0]]).toEqual([NaN, NaN, 1, 3]);
    const inf = decimateMinMax([0, 1, 2, 3], [[Infinity, Infinity, -Infinity, -Infinity]], 2);
    expect([...inf.values[0]]).toEqual([Infinity, -Infinity]);
  });
});

describe('delay embedding', () => {
  it('builds (x_i, x_{i+lag}, ...) column-major and refuses bad arguments', () => {
    const x = [0, 1, 2, 3, 4, 5, 6];
    const e = delayEmbed(x, 3, 2);
    expect(e.map((c) => [...c])).toEqual([
      [0, 1, 2],
      [2, 3, 4],
      [4, 5, 6],
    ]);
    expect(() => delayEmbed(x, 0, 1, 'f.csv')).toThrow(DynLensError);
    expect(() => delayEmbed(x, 2, 1.5)).toThrow(/lag/);
    expect(() => delayEmbed(x, 4, 3, 'f.csv')).toThrow(/too short/);
  });

  it('mutual information: 0 for a constant, larger for dependent than shuffled samples', () => {
    expect(mutualInformation([1, 1, 1, 1], 1)).toBe(0);
    const sine = Float64Array.from({ length: 5000 }, (_, i) => Math.sin(i * 0.05));
    const noise = randomSeries(5000, 11);
    expect(mutualInformation(sine, 1)).toBeGreaterThan(mutualInformation(noise, 1) + 1);
  });

  it('chooses the first mutual-information minimum of Lorenz x (about 0.2 time units), and says which rule', () => {
    // Lorenz (sigma 10, rho 28, beta 8/3), RK4 with dt = 0.01 after a transient; Fraser & Swinney's first minimum
    // for x lies near tau = 0.15-0.2, i.e. 15-20 samples.
    const dt = 0.01;
    const n = 10_000;
    let s = [1, 1, 1];
    const f = (v: number[]): number[] => [10 * (v[1] - v[0]), v[0] * (28 - v[2]) - v[1], v[0] * v[1] - (8 / 3) * v[2]];
    const x = new Float64Array(n);
    for (let i = 0; i < n + 1000; i++) {
      const k1 = f(s);
      const k2 = f(s.map((v, j) => v + (dt / 2) * k1[j]));
      const k3 = f(s.map((v, j) => v + (dt / 2) * k2[j]));
      const k4 = f(s.map((v, j) => v + dt * k3[j]));
      s = s.map((v, j) => v + (dt / 6) * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]));
      if (i >= 1000) x[i - 1000] = s[0];
    }
    const c = chooseDelayLag(x, 200);
    expect(c.rule).toBe('first minimum of mutual information');
    expect(c.lag).toBeGreaterThanOrEqual(12);
    expect(c.lag).toBeLessThanOrEqual(25);
    // I(k) decreases up to the chosen lag.
    expect(mutualInformation(x, c.lag)).toBeLessThan(mutualInformation(x, Math.floor(c.lag / 2)));
  });

  it('falls back to the autocorrelation zero crossing, then to 1', () => {
    // 0, 1, 0, 1, ...: x_{t+k} is a function of x_t, so I(k) = ln 2 at every lag (no strict minimum); r_1 = -1.
    const square = Float64Array.from({ length: 400 }, (_, i) => i % 2);
    expect(mutualInformation(square, 1)).toBeCloseTo(Math.log(2), 4);
    expect(mutualInformation(square, 2)).toBeCloseTo(Math.log(2), 4);
    // With maxLag 2 a minimum cannot be confirmed (it needs a look-ahead lag), so the ACF rule decides.
    expect(chooseDelayLag(square, 2)).toEqual({ lag: 1, rule: 'first zero crossing of autocorrelation' });
    // A slow cosine: r_1 and r_2 are positive, so neither rule applies within 2 lags.
    const slow = Float64Array.from({ length: 400 }, (_, i) => Math.cos((2 * Math.PI * i) / 40));
    expect(chooseDelayLag(slow, 2)).toEqual({ lag: 1, rule: 'fallback: 1' });
    expect(chooseDelayLag(randomSeries(2000, 3)).lag).toBeGreaterThanOrEqual(1);
  });
});
