import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseOde } from '../../../src/analysis/stability/ode/parser';
import { compileModel } from '../../../src/analysis/stability/ode/compile';
import { simulate, type SimulateOptions } from '../../../src/analysis/stability/integrate/trajectory';
import { createDopri5 } from '../../../src/analysis/stability/integrate/dopri5';
import { createRk4 } from '../../../src/analysis/stability/integrate/rk4';
import type { StepperOptions } from '../../../src/analysis/stability/integrate/stepper';
import { DynLensError } from '../../../src/analysis/core/errors';

const base: SimulateOptions = {
  t0: 0,
  tEnd: 10,
  dt: 0.01,
  method: 'dopri5',
  rtol: 1e-10,
  atol: 1e-12,
  bound: 1e12,
  maxSteps: 1e7,
  transient: 0,
  memoryBudgetBytes: 2 ** 30,
};
const run = (text: string, o: Partial<SimulateOptions> = {}) => {
  const m = parseOde(text, 'm.ode');
  return simulate(m, compileModel(m), { ...base, ...o });
};

describe('integrators', () => {
  it('DOPRI5 with dense output matches the harmonic oscillator at every output sample', () => {
    const tr = run("x' = y\ny' = -x\ninit x=1, y=0", { tEnd: 20, dt: 0.037, rtol: 1e-7, atol: 1e-9 });
    let err = 0;
    for (let k = 0; k < tr.t.length; k++) {
      err = Math.max(err, Math.abs(tr.states[0][k] - Math.cos(tr.t[k])), Math.abs(tr.states[1][k] + Math.sin(tr.t[k])));
    }
    expect(err).toBeLessThan(2e-6);
    expect(tr.t.length).toBe(Math.floor(20 / 0.037) + 1);
    // dense output means far fewer steps than samples
    expect(tr.stats.accepted).toBeLessThan(tr.t.length);
  });

  it('DOPRI5 agrees with scipy DOP853 on Lorenz up to t = 2', () => {
    const fx = JSON.parse(readFileSync('test/fixtures/stability/lorenz_scipy.json', 'utf8')) as {
      t: number[];
      y: number[][];
    };
    const tr = run(readFileSync('examples/lorenz.ode', 'utf8'), { tEnd: 2, dt: 0.5, rtol: 1e-12, atol: 1e-12 });
    fx.t.forEach((t, i) => {
      const k = Math.round(t / 0.5);
      for (let d = 0; d < 3; d++)
        expect(Math.abs(tr.states[d][k] - fx.y[i][d])).toBeLessThan(1e-7 * Math.max(1, Math.abs(fx.y[i][d])));
    });
  });

  it('RK4 is fourth order (error ratio ~16 when halving h) and DOPRI5 meets its tolerance', () => {
    const f = (_t: number, y: Float64Array, out: Float64Array) => {
      out[0] = -2 * y[0] + Math.sin(_t);
    };
    const exact = (t: number) => {
      // y' = -2y + sin t, y(0)=1
      const c = 1 + 1 / 5;
      return c * Math.exp(-2 * t) + (2 * Math.sin(t) - Math.cos(t)) / 5;
    };
    const err = (h: number) => {
      const opts: StepperOptions = { rtol: 0, atol: 0, h0: h, hMax: h, bound: 1e9, maxSteps: 1e7 };
      const s = createRk4(f, 0, Float64Array.of(1), opts);
      while (s.t < 2) s.step(2);
      return Math.abs(s.y[0] - exact(2));
    };
    const ratio = err(0.02) / err(0.01);
    expect(ratio).toBeGreaterThan(14);
    expect(ratio).toBeLessThan(18);
    const d = createDopri5(f, 0, Float64Array.of(1), {
      rtol: 1e-9,
      atol: 1e-12,
      h0: 0.01,
      hMax: 1,
      bound: 1e9,
      maxSteps: 1e6,
    });
    while (d.t < 2) d.step(2);
    expect(Math.abs(d.y[0] - exact(2))).toBeLessThan(1e-8);
    expect(d.t).toBe(2);
  });

  it("detects a blow-up and says when: x' = x^2 from 1 explodes at t = 1", () => {
    const tr = run("x' = x^2\ninit x=1", { tEnd: 3, dt: 0.01 });
    expect(tr.diverged).toBeDefined();
    expect(tr.diverged!.message).toMatch(/blows up at t = 1(\.0+\d*)?\b|blows up at t = 0\.99/);
    expect(tr.diverged!.t).toBeGreaterThan(0.99);
    expect(tr.diverged!.t).toBeLessThan(1.0001);
    // the trajectory up to there is kept
    expect(tr.t[tr.t.length - 1]).toBeGreaterThan(0.98);
  });

  it('detects stiffness (Hairer & Wanner test) and refuses with a message instead of grinding', () => {
    // van der Pol with mu = 1e5 is the classic stiff test problem
    let err: unknown;
    try {
      run("x' = y\ny' = mu*(1 - x^2)*y - x\npar mu=100000\ninit x=2, y=0", {
        tEnd: 1000,
        dt: 1,
        rtol: 1e-6,
        atol: 1e-8,
        maxSteps: 200_000,
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DynLensError);
    expect((err as Error).message).toMatch(/stiff/);
    expect((err as Error).message).toMatch(/Dormand-Prince/);
  });

  it('reports a division by zero at the initial condition with the equation line', () => {
    let err: DynLensError | undefined;
    try {
      run("x' = 1\ny' = 1/x\ninit x=0, y=1");
    } catch (e) {
      err = e as DynLensError;
    }
    expect(err?.row).toBe(2);
    expect(err?.message).toMatch(/y' evaluates to Infinity at the initial condition/);
  });

  it('iterates maps and refuses trajectories over the memory budget', () => {
    const tr = run('x(t+1) = 0.5*x + 1\ninit x=0', { tEnd: 50 });
    expect(tr.t.length).toBe(51);
    expect(tr.states[0][50]).toBeCloseTo(2 - 2 * 0.5 ** 50, 12);
    expect(() => run("x' = -x\ninit x=1", { tEnd: 1e6, dt: 1e-3, memoryBudgetBytes: 1e6 })).toThrow(/memory budget/);
  });
});

describe('stiff integrator (Rosenbrock 2(3), ode23s)', () => {
  const vdp = "x' = y\ny' = mu*(1 - x^2)*y - x\npar mu=1000\ninit x=2, y=0";

  it('agrees with DOPRI5 on stiff van der Pol (mu = 1000) with far fewer steps', () => {
    const stiff = run(vdp, { tEnd: 100, dt: 10, method: 'ode23s', rtol: 1e-7, atol: 1e-9 });
    const ref = run(vdp, { tEnd: 100, dt: 10, method: 'dopri5', rtol: 1e-10, atol: 1e-12 });
    for (let k = 0; k < ref.t.length; k++) expect(Math.abs(stiff.states[0][k] - ref.states[0][k])).toBeLessThan(1e-4);
    expect(stiff.stats.accepted * 20).toBeLessThan(ref.stats.accepted);
  });

  it('integrates a full relaxation period (~ (3 - 2 ln 2) mu) where DOPRI5 refuses as stiff', () => {
    const tr = run(vdp, { tEnd: 3000, dt: 1, method: 'ode23s', rtol: 1e-6, atol: 1e-8 });
    expect(tr.t.length).toBe(3001);
    // x jumps from the right branch to the left one after about 0.806 mu (first half-period from x = 2)
    const firstNegative = tr.states[0].findIndex((v) => v < 0);
    expect(firstNegative).toBeGreaterThan(700);
    expect(firstNegative).toBeLessThan(900);
    expect(() => run(vdp, { tEnd: 3000, dt: 1, method: 'dopri5', rtol: 1e-6, atol: 1e-8, maxSteps: 200_000 })).toThrow(
      /stiff.*ode23s/,
    );
  });

  it('is accurate on a smooth problem and its dense output interpolates between steps', () => {
    const tr = run("x' = y\ny' = -x\ninit x=1, y=0", { tEnd: 10, dt: 0.01, method: 'ode23s', rtol: 1e-8, atol: 1e-10 });
    let err = 0;
    for (let k = 0; k < tr.t.length; k++) err = Math.max(err, Math.abs(tr.states[0][k] - Math.cos(tr.t[k])));
    expect(err).toBeLessThan(1e-5);
    const m = parseOde("x' = -x\n@ meth=stiff");
    expect(m.options.method).toBe('ode23s');
  });
});
