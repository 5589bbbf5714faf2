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
});
