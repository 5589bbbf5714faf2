import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { savgolDerivative } from '../../../src/analysis/symbolic/savgol';
import { buildLibrary, evaluateLibrary, sindyFit, stlsq } from '../../../src/analysis/symbolic/sindy';

describe('Savitzky-Golay derivative', () => {
  it('is exact on polynomials up to its order, edges included', () => {
    const dt = 0.1;
    const n = 40;
    const t = Float64Array.from({ length: n }, (_, i) => i * dt - 1);
    const x = t.map((v) => 2 - 3 * v + 0.5 * v * v - 1.25 * v ** 3);
    const dx = t.map((v) => -3 + v - 3.75 * v * v);
    const d = savgolDerivative(x, dt, 9, 3);
    for (let i = 0; i < n; i++) expect(d[i]).toBeCloseTo(dx[i], 9);
    const q = t.map((v) => v ** 4);
    const dq = savgolDerivative(q, dt, 7, 4);
    for (let i = 0; i < n; i++) expect(dq[i]).toBeCloseTo(4 * t[i] ** 3, 9);
  });

  it('matches scipy.signal.savgol_filter(deriv=1, mode="interp")', () => {
    const fx = JSON.parse(readFileSync('test/fixtures/symbolic/savgol.json', 'utf8')) as {
      dt: number;
      x: number[];
      cases: { window: number; order: number; derivative: number[] }[];
    };
    for (const c of fx.cases) {
      const d = savgolDerivative(Float64Array.from(fx.x), fx.dt, c.window, c.order);
      for (let i = 0; i < d.length; i++) expect(Math.abs(d[i] - c.derivative[i])).toBeLessThan(1e-9);
    }
  });

  it('refuses even windows, too-high orders and too-short series', () => {
    const x = new Float64Array(20);
    expect(() => savgolDerivative(x, 0.1, 8, 3)).toThrow(/odd/);
    expect(() => savgolDerivative(x, 0.1, 5, 5)).toThrow(/order/);
    expect(() => savgolDerivative(new Float64Array(5), 0.1, 9, 3)).toThrow(/fewer than/);
  });
});

/** Exact right-hand sides sampled on scattered states: STLSQ must return the exact sparse coefficients. */
describe('SINDy (STLSQ)', () => {
  const scatter = (n: number, dims: number, lo: number, hi: number): Float64Array[] => {
    let s = 12345;
    const r = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
    return Array.from({ length: dims }, () => Float64Array.from({ length: n }, () => lo + (hi - lo) * r()));
  };

  it('recovers Lotka-Volterra exactly', () => {
    const [x, y] = scatter(300, 2, 0.1, 3);
    const lib = buildLibrary(['x', 'y'], 3, false);
    const theta = evaluateLibrary(lib, [x, y], 300);
    const dx = x.map((v, i) => 1.1 * v - 0.4 * v * y[i]);
    const dy = y.map((v, i) => 0.1 * x[i] * v - 0.4 * v);
    const fx = sindyFit(theta, dx);
    const fy = sindyFit(theta, dy);
    const nz = (f: Float64Array): Record<string, number> =>
      Object.fromEntries(lib.map((t, j) => [t.name, f[j]]).filter(([, c]) => c !== 0));
    const ex = nz(fx.coefficients);
    const ey = nz(fy.coefficients);
    expect(Object.keys(ex).sort()).toEqual(['x', 'x*y']);
    expect(ex.x).toBeCloseTo(1.1, 10);
    expect(ex['x*y']).toBeCloseTo(-0.4, 10);
    expect(Object.keys(ey).sort()).toEqual(['x*y', 'y']);
    expect(ey['x*y']).toBeCloseTo(0.1, 10);
  });

  it('recovers Lorenz exactly', () => {
    const [x, y, z] = scatter(500, 3, -20, 20);
    const lib = buildLibrary(['x', 'y', 'z'], 2, false);
    const theta = evaluateLibrary(lib, [x, y, z], 500);
    const rhs = [
      x.map((v, i) => 10 * (y[i] - v)),
      x.map((v, i) => v * (28 - z[i]) - y[i]),
      x.map((v, i) => v * y[i] - (8 / 3) * z[i]),
    ];
    const want = [
      { x: -10, y: 10 },
      { x: 28, 'x*z': -1, y: -1 },
      { 'x*y': 1, z: -8 / 3 },
    ];
    rhs.forEach((d, k) => {
      const f = sindyFit(theta, d);
      const got = Object.fromEntries(lib.map((t, j) => [t.name, f.coefficients[j]]).filter(([, c]) => c !== 0));
      expect(Object.keys(got).sort()).toEqual(Object.keys(want[k]).sort());
      for (const [name, c] of Object.entries(want[k])) expect(got[name]).toBeCloseTo(c, 9);
    });
  });

  it('a large threshold empties the model', () => {
    const [x] = scatter(50, 1, -1, 1);
    const theta = evaluateLibrary(buildLibrary(['x'], 2, true), [x], 50);
    const f = stlsq(
      theta,
      x.map((v) => 0.01 * v + 1),
      10,
    );
    expect(f.coefficients.every((c) => c === 0)).toBe(true);
  });
});
