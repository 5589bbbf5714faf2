import { describe, expect, it } from 'vitest';
import type { BifurcationResult, SpecialPoint } from '../../../src/protocol/results/bifurcation';
import { odeInput, runAnalysis } from '../stability/context';

const bif = (text: string, params: Record<string, unknown>) =>
  runAnalysis<BifurcationResult>('bifurcation', odeInput(text), params);
const of = (r: BifurcationResult, type: SpecialPoint['type']) => r.specialPoints.filter((s) => s.type === type);

describe('bifurcation: equilibria of flows', () => {
  it("fold of x' = mu - x^2 at mu = 0, stable upper and unstable lower half", async () => {
    const r = await bif("x' = mu - x^2\npar mu=1\ninit x=1\ndone\n", { param: 'mu', from: -1, to: 2 });
    const folds = of(r, 'fold');
    expect(folds).toHaveLength(1);
    expect(Math.abs(folds[0].parameters.mu)).toBeLessThan(1e-8);
    expect(Math.abs(folds[0].state[0])).toBeLessThan(1e-4);
    expect(folds[0].label).toBe('LP1');
    const pts = r.branches[0].points;
    for (const p of pts) if (Math.abs(p.state[0]) > 1e-3) expect(p.stable).toBe(p.state[0] > 0);
    expect(r.summary[0]).toMatch(/^fold at mu = /);
  });

  for (const s of [-1, 1]) {
    it(`Hopf normal form (sigma = ${s}): Hopf at mu = 0, l1 of sign ${s}`, async () => {
      const text = `x' = mu*x - y + s*x*(x^2+y^2)\ny' = x + mu*y + s*y*(x^2+y^2)\npar mu=-1, s=${s}\ninit x=0.01, y=0\ndone\n`;
      const r = await bif(text, { param: 'mu', from: -1, to: 1 });
      const h = of(r, 'hopf');
      expect(h).toHaveLength(1);
      expect(Math.abs(h[0].parameters.mu)).toBeLessThan(1e-8);
      expect(h[0].frequency).toBeCloseTo(1, 8);
      expect(Math.sign(h[0].firstLyapunovCoefficient!)).toBe(s);
      expect(h[0].criticality).toBe(s < 0 ? 'supercritical' : 'subcritical');
    });
  }

  it('Brusselator: Hopf at b = 1 + a^2, supercritical', async () => {
    const text = "x' = a - (b+1)*x + x^2*y\ny' = b*x - x^2*y\npar a=1.5, b=1\ninit x=1.5, y=0.6\ndone\n";
    const r = await bif(text, { param: 'b', from: 0, to: 5 });
    const h = of(r, 'hopf');
    expect(h).toHaveLength(1);
    expect(h[0].parameters.b).toBeCloseTo(1 + 1.5 ** 2, 8);
    expect(h[0].criticality).toBe('supercritical');
    expect(h[0].frequency).toBeCloseTo(1.5, 6); // omega = a at the Hopf point
  });

  it('Lorenz: pitchfork at rho = 1, switch onto C+-, subcritical Hopf at rho = sigma(sigma+beta+3)/(sigma-beta-1)', async () => {
    const text =
      "x' = sigma*(y - x)\ny' = x*(rho - z) - y\nz' = x*y - beta*z\npar sigma=10, rho=0.5, beta=8/3\ninit x=0, y=0, z=0\ndone\n";
    const r = await bif(text, { param: 'rho', from: 0, to: 30 });
    const bp = of(r, 'branch-point');
    expect(bp.length).toBeGreaterThanOrEqual(1);
    expect(bp[0].parameters.rho).toBeCloseTo(1, 8);
    const hopf = of(r, 'hopf');
    const rhoH = (10 * (10 + 8 / 3 + 3)) / (10 - 8 / 3 - 1);
    expect(hopf.length).toBeGreaterThanOrEqual(1);
    for (const h of hopf) {
      expect(h.parameters.rho).toBeCloseTo(rhoH, 7);
      expect(h.criticality).toBe('subcritical');
      // on C+-: x = y = +-sqrt(beta (rho - 1)), z = rho - 1
      expect(Math.abs(h.state[0])).toBeCloseTo(Math.sqrt((8 / 3) * (rhoH - 1)), 6);
    }
    expect(r.branches.some((b) => b.origin.startsWith('switched at BP1'))).toBe(true);
  });

  it('fold and Hopf curves in two parameters: Bogdanov-Takens of the Bazykin-type predator-prey normal form', async () => {
    // Takens-Bogdanov normal form x' = y, y' = b1 + b2 x + x^2 + x y: fold curve b1 = b2^2/4, Hopf curve
    // b1 = 0, b2 < 0; they meet at the BT point (0, 0) (Kuznetsov 2004, section 8.4).
    const text = "x' = y\ny' = b1 + b2*x + x^2 + x*y\npar b1=-1, b2=-1\ninit x=1, y=0\ndone\n";
    const r = await bif(text, { param: 'b1', from: -2, to: 2, twoParam: ['b1', 'b2'] });
    const folds = of(r, 'fold');
    expect(folds.length).toBeGreaterThanOrEqual(1);
    expect(folds[0].parameters.b1).toBeCloseTo(0.25, 7); // b2^2/4 at b2 = -1
    const fc = r.branches.find((b) => b.kind === 'fold-curve')!;
    expect(fc).toBeDefined();
    for (const p of fc.points) expect(p.parameters.b1).toBeCloseTo(p.parameters.b2 ** 2 / 4, 6);
    const bt = of(r, 'bogdanov-takens');
    expect(bt.length).toBeGreaterThanOrEqual(1);
    expect(Math.abs(bt[0].parameters.b1)).toBeLessThan(1e-6);
    expect(Math.abs(bt[0].parameters.b2)).toBeLessThan(1e-5);
  });
});

describe('bifurcation: maps', () => {
  it('logistic map: flips at r = 3 and r = 1 + sqrt(6) on the doubled branch', async () => {
    const text = 'x(t+1) = r*x*(1-x)\npar r=2.8\ninit x=0.6\ndone\n';
    const r = await bif(text, { param: 'r', from: 2.5, to: 3.5 });
    const flips = of(r, 'flip')
      .map((s) => s.parameters.r)
      .sort();
    expect(flips[0]).toBeCloseTo(3, 8);
    expect(flips.some((v) => Math.abs(v - (1 + Math.sqrt(6))) < 1e-7)).toBe(true);
    expect(r.branches.some((b) => b.kind === 'cycle' && b.cyclePeriod === 2)).toBe(true);
  });
});

describe('bifurcation: bad input', () => {
  it('names an unknown parameter and lists the known ones', async () => {
    await expect(bif("x' = mu - x^2\npar mu=1\ninit x=1\ndone\n", { param: 'nu' })).rejects.toThrow(
      /nu.*parameters: mu/,
    );
  });
  it('asks for --param', async () => {
    await expect(bif("x' = mu - x^2\npar mu=1\ninit x=1\ndone\n", {})).rejects.toThrow(/--param/);
  });
  it('keeps what was computed when the range ends', async () => {
    const r = await bif("x' = mu - x^2\npar mu=1\ninit x=1\ndone\n", { param: 'mu', from: 0.5, to: 2 });
    expect(r.branches[0].points.length).toBeGreaterThan(5);
    expect(r.branches[0].ends.join(' ')).toMatch(/left the parameter range/);
  });
});
