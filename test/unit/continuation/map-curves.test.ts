import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BifurcationResult, Branch } from '../../../src/protocol/results/bifurcation';
import { odeInput, runAnalysis } from '../stability/context';

const bif = (text: string, params: Record<string, unknown>) =>
  runAnalysis<BifurcationResult>('bifurcation', odeInput(text), params);

const HENON = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'henon.ode'), 'utf8');

/** Largest |a - curve(b)| over a two-parameter branch, and the range of b it covers. */
function deviation(branch: Branch, curve: (b: number) => number): { err: number; span: number } {
  const bs = branch.points.map((p) => p.parameters.b);
  const err = Math.max(...branch.points.map((p) => Math.abs(p.parameters.a - curve(p.parameters.b))));
  return { err, span: Math.max(...bs) - Math.min(...bs) };
}

describe('bifurcation: two-parameter curves of maps', () => {
  it('Henon map: fold a = -(1-b)^2/4, flip a = 3(1-b)^2/4, and the flip of the 2-cycle a = (1-b)^2 + (1+b)^2/4', async () => {
    const r = await bif(HENON, { param: 'a', from: -0.5, to: 1.4, twoParam: ['a', 'b'], maxBranches: 3 });
    expect(r.secondParameter).toBe('b');
    const fold = r.branches.filter((b) => b.kind === 'fold-curve');
    const flips = r.branches.filter((b) => b.kind === 'flip-curve');
    expect(fold).toHaveLength(1);
    // fixed points x = y / b solve a x^2 + (1 - b) x - 1 = 0: real for a >= -(1-b)^2/4 (double root there)
    const f = deviation(fold[0], (b) => -((1 - b) ** 2) / 4);
    expect(f.err).toBeLessThan(1e-8);
    expect(f.span).toBeGreaterThan(1);
    const flip1 = flips.find((b) => b.cyclePeriod === 1)!;
    // multiplier -1: det(J + I) = 1 - 2 a x - b = 0 with the fixed point above gives a = 3(1-b)^2/4
    const p1 = deviation(flip1, (b) => (3 * (1 - b) ** 2) / 4);
    expect(p1.err).toBeLessThan(1e-8);
    expect(p1.span).toBeGreaterThan(1);
    for (const p of flip1.points) {
      const { a, b } = p.parameters;
      expect(Math.abs(1 - 2 * a * p.state[0] - b)).toBeLessThan(1e-7);
    }
    // the 2-cycle: x1 + x2 = (1-b)/a, x1 x2 = ((1-b)^2 - a)/a^2; D f^2 has trace 4 a^2 x1 x2 + 2b and determinant
    // b^2, so a multiplier -1 (1 + trace + det = 0) gives 4((1-b)^2 - a) = -(1+b)^2
    const flip2 = flips.find((b) => b.cyclePeriod === 2)!;
    const p2 = deviation(flip2, (b) => (1 - b) ** 2 + (1 + b) ** 2 / 4);
    expect(p2.err).toBeLessThan(1e-8);
    expect(p2.span).toBeGreaterThan(0.5);
    expect(flip2.origin).toMatch(/^continued from PD/);
  });

  it("delayed logistic map x' = y, y' = r y (1 - x) + e: Neimark-Sacker at r = 2 (e = 0) and along e = 2/r - 1", async () => {
    // fixed point x = y with det J = r x: det = 1 at x = 1/r, which is a fixed point when e = 2/r - 1
    const text = 'x(t+1) = y\ny(t+1) = r*y*(1-x) + e\npar r=1.5, e=0\ninit x=0.3, y=0.3\ndone\n';
    const r = await bif(text, { param: 'r', from: 1.2, to: 2.5, twoParam: ['r', 'e'] });
    const ns = r.specialPoints.filter((s) => s.type === 'neimark-sacker');
    expect(ns).toHaveLength(1);
    expect(ns[0].parameters.r).toBeCloseTo(2, 9);
    const curve = r.branches.find((b) => b.kind === 'neimark-sacker-curve')!;
    expect(curve.freeParameters).toEqual(['r', 'e']);
    const rs = curve.points.map((p) => p.parameters.r);
    expect(Math.max(...rs) - Math.min(...rs)).toBeGreaterThan(1);
    for (const p of curve.points) {
      const { r: rr, e } = p.parameters;
      expect(Math.abs(e - (2 / rr - 1))).toBeLessThan(1e-8);
      expect(Math.abs(p.state[0] - 1 / rr)).toBeLessThan(1e-8);
    }
  });

  it('Henon map: each flip of the cascade once, without the branch points where doubled branches meet lower periods', async () => {
    const r = await bif(HENON, { param: 'a', from: -0.5, to: 1.4 });
    const types = r.specialPoints.map((s) => s.type);
    expect(types.filter((t) => t === 'fold')).toHaveLength(1);
    expect(types.filter((t) => t === 'branch-point')).toHaveLength(0);
    const flips = r.specialPoints.filter((s) => s.type === 'flip');
    const periods = flips.map((s) => r.branches[s.branch].cyclePeriod);
    expect(periods).toEqual([1, 2, 4, 8, 16]);
    // the first two are analytic (above); the gaps then shrink by Feigenbaum's delta (4.669...)
    const a = flips.map((s) => s.parameters.a);
    expect(a[0]).toBeCloseTo(0.3675, 9);
    expect(a[1]).toBeCloseTo(0.49 + 1.69 / 4, 9);
    for (let i = 0; i + 2 < a.length; i++) {
      const delta = (a[i + 1] - a[i]) / (a[i + 2] - a[i + 1]);
      expect(delta).toBeGreaterThan(4.3);
      expect(delta).toBeLessThan(5);
    }
    expect(r.summary).toHaveLength(6);
  });
});

/**
 * AUTO-07p demo hen (demos/hen in github.com/auto-07p/auto-07p; its reference output in test/hyper.all): the map
 * x' = y, y' = alpha - beta x - y^2 from alpha = 2, beta = 0. AUTO reports (6 digits): run 1 (beta) PD at
 * 0.632992 with x = y = 0.816497 and TR (Neimark-Sacker) at beta = 1 with x = 0.732051; run 2, the NS curve, at
 * beta = 1 from R1 (alpha = -1) to R2 (alpha = 3); run 3, the PD curve through UZ points alpha = 3.99999 at
 * beta = 1.30940 and alpha = 3 at beta = -3; run 4 (alpha, beta = 0) PD at alpha = 0.750001 and LP at -0.25;
 * run 5, the fold curve through alpha = -1.99993 at beta = 1.82837 and alpha = -1.00004 at beta = -3.00004. The
 * codimension-two points AUTO labels on these curves (R1-R4, LPD) are checked at AUTO's (alpha, beta).
 */
describe('bifurcation: AUTO-07p demo hen', () => {
  const HEN = 'x(t+1) = y\ny(t+1) = alpha - beta*x - y^2\npar alpha=2, beta=0\ninit x=1, y=1\ndone\n';
  /** alpha on a (beta, alpha) curve at the given beta: the quadratic through the three points around it. */
  const alphaAt = (c: Branch, beta: number): number => {
    const p = c.points.map((q) => [q.parameters.beta, q.parameters.alpha]);
    for (let i = 0; i + 1 < p.length; i++) {
      if ((p[i][0] - beta) * (p[i + 1][0] - beta) > 0) continue;
      const k = Math.min(Math.max(i - 1, 0), p.length - 3);
      const [x0, x1, x2] = [p[k][0], p[k + 1][0], p[k + 2][0]];
      const [y0, y1, y2] = [p[k][1], p[k + 1][1], p[k + 2][1]];
      return (
        (y0 * (beta - x1) * (beta - x2)) / ((x0 - x1) * (x0 - x2)) +
        (y1 * (beta - x0) * (beta - x2)) / ((x1 - x0) * (x1 - x2)) +
        (y2 * (beta - x0) * (beta - x1)) / ((x2 - x0) * (x2 - x1))
      );
    }
    return NaN;
  };

  it('runs 1-3: PD at beta = 0.632992, NS at beta = 1; the NS curve at beta = 1 with R1-R4, the PD curve with R2 and LPD', async () => {
    const r = await bif(HEN, { param: 'beta', from: -3.5, to: 1.5, twoParam: ['beta', 'alpha'], maxBranches: 2 });
    const pd = r.specialPoints.find((s) => s.type === 'flip' && r.branches[s.branch].cyclePeriod === 1)!;
    expect(Math.abs(pd.parameters.beta - 0.632992)).toBeLessThan(2e-6);
    expect(Math.abs(pd.state[0] - 0.816497)).toBeLessThan(1e-6);
    const ns = r.specialPoints.find((s) => s.type === 'neimark-sacker')!;
    expect(Math.abs(ns.parameters.beta - 1)).toBeLessThan(1e-9);
    expect(Math.abs(ns.state[0] - 0.732051)).toBeLessThan(1e-6);
    const nsCurve = r.branches.find((b) => b.kind === 'neimark-sacker-curve')!;
    for (const p of nsCurve.points) expect(Math.abs(p.parameters.beta - 1)).toBeLessThan(1e-9);
    const alphas = nsCurve.points.map((p) => p.parameters.alpha);
    expect(Math.min(...alphas)).toBeLessThan(-0.99); // R1 at alpha = -1 (where the complex pair turns real)
    expect(Math.max(...alphas)).toBeGreaterThan(3); // R2 at alpha = 3
    // AUTO's labels on the NS curve: R1 at alpha = -1, R4 at 4.05e-7 (zero: kappa = 0 at x = 0), R3 at 1.25, R2 at 3
    const on = (c: Branch, type: string) =>
      r.specialPoints
        .filter((s) => s.branch === c.id && s.type === type)
        .map((s) => [s.parameters.alpha, s.parameters.beta]);
    const near = (got: number[][], want: number[]) =>
      got.some((g) => Math.abs(g[0] - want[0]) < 1e-6 && Math.abs(g[1] - want[1]) < 1e-6);
    expect(near(on(nsCurve, 'resonance-1:1'), [-1, 1])).toBe(true);
    expect(near(on(nsCurve, 'resonance-1:4'), [0, 1])).toBe(true);
    expect(near(on(nsCurve, 'resonance-1:3'), [1.25, 1])).toBe(true);
    expect(near(on(nsCurve, 'resonance-1:2'), [3, 1])).toBe(true);
    const pdCurve = r.branches.find((b) => b.kind === 'flip-curve' && b.cyclePeriod === 1)!;
    // and on the PD curve: R2 at (3, 1), LPD at (0, -1)
    expect(near(on(pdCurve, 'resonance-1:2'), [3, 1])).toBe(true);
    expect(near(on(pdCurve, 'fold-flip'), [0, -1])).toBe(true);
    // each curve once: the two flips of the 2-cycle lie on one flip curve
    expect(r.branches.filter((b) => b.kind === 'flip-curve' && b.cyclePeriod === 2)).toHaveLength(1);
    expect(Math.abs(alphaAt(pdCurve, 1.3094) - 3.99999)).toBeLessThan(5e-5);
    expect(Math.abs(alphaAt(pdCurve, -3) - 3)).toBeLessThan(1e-5);
  });

  it('runs 4-5: LP at alpha = -0.25, PD at 0.750001; the fold curve through the UZ points, with R1 and LPD', async () => {
    const r = await bif(HEN, { param: 'alpha', from: -2.5, to: 2, twoParam: ['alpha', 'beta'], maxBranches: 2 });
    const lp = r.specialPoints.find((s) => s.type === 'fold')!;
    expect(Math.abs(lp.parameters.alpha + 0.25)).toBeLessThan(1e-6);
    const pd = r.specialPoints.find((s) => s.type === 'flip')!;
    expect(Math.abs(pd.parameters.alpha - 0.750001)).toBeLessThan(2e-6);
    const fold = r.branches.find((b) => b.kind === 'fold-curve')!;
    // AUTO's labels on the fold curve: R1 at (alpha, beta) = (-1, 1), LPD at (0, -1)
    const at = (type: string) => r.specialPoints.find((s) => s.branch === fold.id && s.type === type)!.parameters;
    expect(Math.abs(at('resonance-1:1').alpha + 1) + Math.abs(at('resonance-1:1').beta - 1)).toBeLessThan(1e-6);
    expect(Math.abs(at('fold-flip').alpha) + Math.abs(at('fold-flip').beta + 1)).toBeLessThan(1e-6);
    expect(Math.abs(alphaAt(fold, 1.82837) + 1.99993)).toBeLessThan(5e-5);
    expect(Math.abs(alphaAt(fold, -3.00004) + 1.00004)).toBeLessThan(5e-5);
  });
});

/**
 * AUTO-07p demo log (demos/log; reference output in test/hyper.all): the logistic map x' = mu x (1 - x), five
 * period doublings followed by branch switching, PD at mu = 3, 3.44949, 3.54409, 3.56441, 3.56876.
 */
describe('bifurcation: AUTO-07p demo log', () => {
  it('the period-doubling cascade of the logistic map: five flips at AUTO values, each on the doubled branch', async () => {
    const text = 'x(t+1) = mu*x*(1-x)\npar mu=2.5\ninit x=0.6\ndone\n';
    const r = await bif(text, { param: 'mu', from: 2.5, to: 3.6, maxBranches: 8 });
    const flips = r.specialPoints.filter((s) => s.type === 'flip');
    const auto = [3, 3.44949, 3.54409, 3.56441, 3.56876];
    expect(flips.length).toBeGreaterThanOrEqual(5);
    flips.slice(0, 5).forEach((s, k) => {
      expect(Math.abs(s.parameters.mu - auto[k])).toBeLessThan(6e-6);
      expect(r.branches[s.branch].cyclePeriod).toBe(2 ** k);
    });
  });
});
