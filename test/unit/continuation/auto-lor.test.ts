import { describe, expect, it } from 'vitest';
import type { BifurcationResult } from '../../../src/protocol/results/bifurcation';
import { odeInput, runAnalysis } from '../stability/context';

/**
 * AUTO-07p demo lor (demos/lor in github.com/auto-07p/auto-07p; reference output in its test/hyper.all): the Lorenz
 * equations (sigma = 10, beta = 8/3) from the stable periodic orbit at rho = 280 (AUTO starts from lor.dat, we from a
 * simulation), continued down in rho with the period-doubled branches (AUTO: NTST 20, 40, 60; here 60 throughout).
 * AUTO reports PD at rho = 229.407 (period 0.480867), 218.210 (0.987949) and 215.966 (1.98675).
 */
describe('bifurcation: AUTO-07p demo lor (period-doubling cascade of Lorenz cycles)', () => {
  it('PD at rho = 229.407, 218.210, 215.966 with periods 0.480867, 0.987949, 1.98675', async () => {
    const text =
      "x' = s*(y - x)\ny' = r*x - y - x*z\nz' = x*y - b*z\npar r=280, b=8/3, s=10\ninit x=10, y=10, z=250\n@ total=100\ndone\n";
    const r = await runAnalysis<BifurcationResult>('bifurcation', odeInput(text), {
      param: 'r',
      from: 200,
      to: 285,
      start: 'orbit',
      maxBranches: 3,
      ntst: 60,
    });
    const pds = r.specialPoints.filter((s) => s.type === 'period-doubling');
    expect(pds).toHaveLength(3);
    const auto = [
      [229.407, 0.480867],
      [218.21, 0.987949],
      [215.966, 1.98675],
    ];
    pds.forEach((s, k) => {
      const p = r.branches[s.branch].points[s.index];
      expect(Math.abs(s.parameters.r - auto[k][0])).toBeLessThan(6e-4);
      expect(Math.abs(p.period! - auto[k][1])).toBeLessThan(6e-6);
      // a multiplier at -1 there
      expect(s.multipliers!.some(([re, im]) => Math.abs(re + 1) < 1e-4 && Math.abs(im) < 1e-4)).toBe(true);
    });
    expect(r.branches.map((b) => b.origin)).toEqual([
      'simulated orbit',
      'period-doubled at PD1',
      'period-doubled at PD2',
    ]);
  }, 60_000);
});
