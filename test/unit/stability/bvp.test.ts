import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { SimulateResult } from '../../../src/protocol/results/stability';
import { DynLensError } from '../../../src/analysis/core/errors';
import { odeInput, runAnalysis } from './context';

const bvp = (text: string, extra: Record<string, unknown> = {}): Promise<SimulateResult> =>
  runAnalysis<SimulateResult>('simulate', odeInput(text), { bvp: true, ...extra });

async function refusal(text: string, extra: Record<string, unknown> = {}): Promise<string> {
  try {
    await bvp(text, extra);
  } catch (e) {
    expect(e).toBeInstanceOf(DynLensError);
    return (e as Error).message;
  }
  throw new Error('expected the boundary-value problem to be refused');
}

const start = (r: SimulateResult, name: string): number => r.bvp!.initialState.find((s) => s.name === name)!.value;

describe('boundary-value problems by shooting (simulate --bvp)', () => {
  it("XPPAUT's cable.ode on [0, 1]: v'' = v, v(0) = 1, v(1) = 0 gives v'(0) = -coth(1)", async () => {
    const text =
      "p a=1,b=0,v0=1,lam2=1\nv'=vx\nvx'=v/lam2\nv(0)=1\nvx(0)=0\nb v-v0\nb a*v'+b*vx'\n@ total=1, dt=0.01\nd\n";
    const r = await bvp(text);
    expect(start(r, 'vx')).toBeCloseTo(-1 / Math.tanh(1), 7);
    expect(start(r, 'v')).toBeCloseTo(1, 9);
    const last = r.t.length - 1;
    expect(r.t[last]).toBeCloseTo(1, 12);
    expect(Math.abs(r.states[0][last])).toBeLessThan(1e-7);
    expect(r.bvp!.residualNorm).toBeLessThan(1e-8);
    expect(r.bvp!.iterations).toBeGreaterThanOrEqual(1);
  });

  it("Bratu's problem u'' + e^u = 0, u(0) = u(1) = 0: the lower solution's u'(0) = theta tanh(theta/4)", async () => {
    // exact solution u = -2 ln(cosh((x - 1/2) theta/2) / cosh(theta/4)) with theta = sqrt(2) cosh(theta/4)
    let theta = 1.5;
    for (let k = 0; k < 60; k++) theta = Math.SQRT2 * Math.cosh(theta / 4);
    const r = await bvp("u'=v\nv'=-lam*exp(u)\npar lam=1\ninit u=0,v=0.5\nbdry u\nbdry u'\n@ total=1, dt=0.05\n");
    expect(start(r, 'v')).toBeCloseTo(theta * Math.tanh(theta / 4), 7);
    const mid = r.t.findIndex((t) => Math.abs(t - 0.5) < 1e-9);
    expect(r.states[0][mid]).toBeCloseTo(-2 * Math.log(1 / Math.cosh(theta / 4)), 6);
  });

  it("XPPAUT's gberg.ode (unknown constant omeg) agrees with scipy's solve_bvp", async () => {
    const ref = JSON.parse(readFileSync('test/fixtures/stability/bvp_gberg.json', 'utf8')) as {
      names: string[];
      initialState: number[];
    };
    // the equations and conditions of XPPAUT's example gberg.ode (Debian's xppaut examples)
    const gberg = [
      'init a=0.0118, ap=1.18, k=0, omeg=-0.19',
      'par d=0.177, q=0.5',
      "a'=ap",
      "ap'=a*k*k-ap/t+a/(t*t)-a*(1-a*a)/d",
      "k'=-k/t-2*k*ap/a-(omeg+q*a*a)/d",
      "omeg'=0",
      'bndry a-t*ap',
      'bndry k',
      "bndry ap'",
      "bndry k'",
      '@ t0=.01, dt=.01, total=.99',
    ];
    const r = await bvp(gberg.join('\n'));
    ref.names.forEach((name, i) => expect(start(r, name)).toBeCloseTo(ref.initialState[i], 6));
    expect(r.bvp!.residuals).toHaveLength(4);
  });

  it('a periodic orbit with its period as an unknown: van der Pol (mu = 1) has period 6.6632868593', async () => {
    // time scaled by the period (a state with per' = 0) and the phase fixed by the section y(0) = 0
    const text =
      "x'=per*y\ny'=per*(-x+y*(1-x^2))\nper'=0\ninit x=2,y=0,per=6.5\nb x-x'\nb y-y'\nb y\n@ total=1,dt=0.01\n";
    const r = await bvp(text);
    expect(start(r, 'per')).toBeCloseTo(6.6632868593, 7);
    expect(start(r, 'x')).toBeCloseTo(2.00861986, 6);
  });

  it('boundary conditions are kept as a note without --bvp', async () => {
    const r = await runAnalysis<SimulateResult>(
      'simulate',
      odeInput("x'=y\ny'=-x\ninit x=1\nbdry x-1\nbdry y'\n@ total=1\n"),
    );
    expect(r.bvp).toBeUndefined();
    expect(r.notes.join(' ')).toMatch(/2 boundary condition\(s\).*--bvp/);
  });

  it('refuses what shooting cannot solve, with the reason', async () => {
    expect(await refusal("x'=y\ny'=-x\nbdry x\n")).toMatch(/1 boundary conditions for 2 states/);
    expect(await refusal("x'=-x\n")).toMatch(/no boundary conditions/);
    expect(await refusal("x'=y\ny'=x\nb hom_bcs(0)\nb y\n")).toMatch(/hom_bcs.*homoclinic/);
    // periodic conditions on an autonomous oscillator (XPPAUT's vdp.ode) need the period as an unknown too
    const vdp = "par om=6.6\nx'=xp*om\nxp'=(-x+xp*(1-x^2))*om\nx(0)=1\nbndry x-x'\nbndry xp-xp'\n";
    expect(await refusal(vdp)).toMatch(/singular shooting Jacobian|stalled/);
    // no solution: x(1)^2 + 1 = 0
    expect(await refusal("x'=-x\ninit x=1\nbdry x'^2+1\n@ total=1\n", { bvpMaxIter: 5 })).toMatch(
      /did not converge in 5 Newton iterations|stalled/,
    );
  });

  it("x' outside a boundary condition is refused with its line", async () => {
    const msg = await refusal("x'=-x\naux z=x'\nbdry x-1\n");
    expect(msg).toMatch(/line 2.*x'.*only be used in a boundary condition/);
  });
});
