import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { FixedPointsResult } from '../../../src/protocol/results/stability';
import { classify } from '../../../src/analysis/stability/fixed-points';
import { odeInput, runAnalysis } from './context';

const fp = (text: string, params: Record<string, unknown> = {}) =>
  runAnalysis<FixedPointsResult>('fixed-points', odeInput(text), params);
const near = (a: number[], b: number[], tol = 1e-8) =>
  a.every((v, i) => Math.abs(v - b[i]) <= tol * Math.max(1, Math.abs(b[i])));
const sortedRe = (e: [number, number][]) => e.map(([re]) => re).sort((a, b) => b - a);

describe('fixed points', () => {
  it('Lorenz: the origin (saddle) and C+- (saddle foci) with exact eigenvalues', async () => {
    const r = await fp(readFileSync('examples/lorenz.ode', 'utf8'));
    expect(r.fixedPoints).toHaveLength(3);
    const c = Math.sqrt((8 / 3) * 27);
    const origin = r.fixedPoints.find((p) => near(p.state, [0, 0, 0], 1e-9))!;
    expect(origin.type).toBe('saddle');
    const l = [(-11 + Math.sqrt(1201)) / 2, -8 / 3, (-11 - Math.sqrt(1201)) / 2];
    expect(near(sortedRe(origin.eigenvalues), l, 1e-10)).toBe(true);
    for (const s of [1, -1]) {
      const p = r.fixedPoints.find((q) => near(q.state, [s * c, s * c, 27], 1e-9))!;
      expect(p.type).toBe('saddle focus');
      expect(p.stable).toBe(false);
      // characteristic polynomial lambda^3 + (sigma+beta+1) lambda^2 + beta(sigma+rho) lambda + 2 sigma beta (rho-1)
      for (const [re, im] of p.eigenvalues) {
        const z = { re, im };
        const mul = (a: typeof z, b: typeof z) => ({ re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re });
        const z2 = mul(z, z);
        const z3 = mul(z2, z);
        const pr = z3.re + (13 + 2 / 3) * z2.re + (8 / 3) * 38 * z.re + 2 * 10 * (8 / 3) * 27;
        const pi = z3.im + (13 + 2 / 3) * z2.im + (8 / 3) * 38 * z.im;
        expect(Math.hypot(pr, pi)).toBeLessThan(1e-8);
      }
    }
    expect(r.eigenvalueConvention).toMatch(/continuous/);
  });

  it('classifies nodes, foci, saddles and centers of planar flows', async () => {
    const vdp = await fp(readFileSync('examples/vanderpol.ode', 'utf8'));
    expect(vdp.fixedPoints).toHaveLength(1);
    expect(vdp.fixedPoints[0].type).toBe('unstable focus');
    expect(vdp.fixedPoints[0].eigenvalues[0][0]).toBeCloseTo(0.5, 12);
    expect(Math.abs(vdp.fixedPoints[0].eigenvalues[0][1])).toBeCloseTo(Math.sqrt(3) / 2, 12);
    const bistable = await fp("x' = x - x^3\ny' = -y\ninit x=0.1, y=0");
    expect(bistable.fixedPoints.map((p) => p.type).sort()).toEqual(['saddle', 'stable node', 'stable node']);
    expect(
      bistable.fixedPoints
        .filter((p) => p.stable)
        .map((p) => p.state[0])
        .sort(),
    ).toEqual([-1, 1]);
    expect((await fp("x' = y\ny' = -x\ninit x=1")).fixedPoints[0].type).toBe('center');
    expect((await fp("x' = -x + y\ny' = -x - y\ninit x=1")).fixedPoints[0].type).toBe('stable focus');
    expect((await fp("x' = 2*x\ny' = 3*y\ninit x=1")).fixedPoints[0].type).toBe('unstable node');
  });

  it('maps: Henon fixed points are saddles w.r.t. the unit circle; logistic r = 2.8 has a stable and an unstable point', async () => {
    const h = await fp(readFileSync('examples/henon.ode', 'utf8'));
    const a = 1.4,
      b = 0.3;
    const xs = [
      (-(1 - b) + Math.sqrt((1 - b) ** 2 + 4 * a)) / (2 * a),
      (-(1 - b) - Math.sqrt((1 - b) ** 2 + 4 * a)) / (2 * a),
    ];
    expect(h.fixedPoints).toHaveLength(2);
    for (const x of xs) {
      const p = h.fixedPoints.find((q) => Math.abs(q.state[0] - x) < 1e-9)!;
      expect(p.state[1]).toBeCloseTo(b * x, 10);
      expect(p.type).toBe('saddle');
      const mods = p.eigenvalues.map(([re, im]) => Math.hypot(re, im));
      expect(mods[0]).toBeGreaterThan(1);
      expect(mods[1]).toBeLessThan(1);
      expect(mods[0] * mods[1]).toBeCloseTo(b, 10); // |det J| = b
    }
    expect(h.eigenvalueConvention).toMatch(/discrete/);
    const lg = await fp('x(t+1) = r*x*(1-x)\npar r=2.8\ninit x=0.3');
    const stable = lg.fixedPoints.find((p) => p.stable)!;
    expect(stable.state[0]).toBeCloseTo(1 - 1 / 2.8, 12);
    expect(stable.eigenvalues[0][0]).toBeCloseTo(2 - 2.8, 12);
    expect(stable.type).toBe('stable node');
    expect(lg.fixedPoints.find((p) => !p.stable)!.type).toBe('unstable node');
  });

  it('classify() covers the unit circle and the imaginary axis', () => {
    expect(
      classify(
        [
          [0.5, 0.5],
          [0.5, -0.5],
        ],
        'map',
      ).type,
    ).toBe('stable focus');
    expect(
      classify(
        [
          [Math.cos(1), Math.sin(1)],
          [Math.cos(1), -Math.sin(1)],
        ],
        'map',
      ).type,
    ).toBe('center');
    expect(
      classify(
        [
          [-1, 0],
          [0.5, 0],
        ],
        'map',
      ).type,
    ).toBe('non-hyperbolic');
    expect(
      classify(
        [
          [0, 0],
          [-1, 0],
        ],
        'flow',
      ).type,
    ).toBe('non-hyperbolic');
    expect(
      classify(
        [
          [1, 2],
          [1, -2],
          [-3, 0],
        ],
        'flow',
      ).type,
    ).toBe('saddle focus');
  });

  it('says so when nothing is found', async () => {
    const r = await fp("x' = 1 + x^2\ninit x=0");
    expect(r.fixedPoints).toHaveLength(0);
    expect(r.notes.join(' ')).toMatch(/no fixed point found/);
  });
});
