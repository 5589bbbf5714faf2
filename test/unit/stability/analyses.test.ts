import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { getAnalysis } from '../../../src/analysis/registry';
import { toPlainJson } from '../../../src/analysis/core/json';
import { CancelledError, DynLensError } from '../../../src/analysis/core/errors';
import { localCancelSignal } from '../../../src/analysis/core/context';
import type { ModelOverviewResult, SimulateResult } from '../../../src/protocol/results/stability';
import { odeInput, runAnalysis, tableInput, testContext } from './context';

describe('stability analyses through the registry', () => {
  it('are registered with the right input kinds', () => {
    expect(getAnalysis('simulate').inputs).toEqual(['ode']);
    expect(getAnalysis('lyapunov').inputs).toEqual(['ode', 'table']);
    expect(getAnalysis('fixed-points').inputs).toEqual(['ode']);
    expect(getAnalysis('ews').inputs).toEqual(['table']);
  });

  it('simulate writes t,x,y,z CSV that reads back as the trajectory; @ options give the defaults', async () => {
    const r = await runAnalysis<SimulateResult>(
      'simulate',
      odeInput(readFileSync('examples/lorenz.ode', 'utf8'), 'lorenz.ode'),
      { tEnd: 1 },
    );
    expect(r.dt).toBe(0.01); // @ dt=0.01 in the file
    expect(r.t.length).toBe(101);
    const csv = getAnalysis('simulate').toCsv!(r);
    const rows = csv.trim().split('\n');
    expect(rows[0]).toBe('t,x,y,z');
    expect(rows).toHaveLength(102);
    const last = rows[101].split(',').map(Number);
    expect(last[0]).toBeCloseTo(1, 12);
    expect(last[1]).toBe(r.states[0][100]);
  });

  it('--set overrides parameters and --init the initial state', async () => {
    const r = await runAnalysis<SimulateResult>('simulate', odeInput("x' = -k*x\npar k=1\ninit x=1"), {
      tEnd: 1,
      dt: 0.5,
      set: ['k=2'],
      init: [3],
    });
    expect(r.states[0][2]).toBeCloseTo(3 * Math.exp(-2), 7);
    await expect(runAnalysis('simulate', odeInput("x' = -k*x\npar k=1"), { set: ['q=2'] })).rejects.toThrow(
      /no parameter of that name/,
    );
  });

  it('JSON shapes follow the protocol results: exponents/method, fixedPoints[{state, eigenvalues, type}], indicators.variance.kendallTau', async () => {
    const ly = toPlainJson(
      await runAnalysis('lyapunov', odeInput(readFileSync('examples/henon.ode', 'utf8')), { duration: 20000 }),
    ) as Record<string, unknown>;
    expect(ly.method).toBe('benettin-qr');
    expect(Array.isArray(ly.exponents)).toBe(true);
    const fp = toPlainJson(
      await runAnalysis('fixed-points', odeInput(readFileSync('examples/vanderpol.ode', 'utf8'))),
    ) as { fixedPoints: { state: number[]; eigenvalues: number[][]; type: string }[] };
    expect(fp.fixedPoints[0]).toMatchObject({ state: [0, 0], type: 'unstable focus' });
    expect(fp.fixedPoints[0].eigenvalues[0]).toHaveLength(2);
    const x = Float64Array.from({ length: 300 }, (_, i) => Math.sin(i) + 0.001 * i);
    const ews = toPlainJson(await runAnalysis('ews', tableInput({ x }), { surrogates: 20 })) as {
      indicators: Record<string, { kendallTau: number; pValue: number }>;
    };
    for (const k of ['variance', 'ac1', 'skewness']) {
      expect(typeof ews.indicators[k].kendallTau).toBe('number');
      expect(ews.indicators[k].pValue).toBeGreaterThan(0);
    }
  });

  it('parse errors reach the caller as bad-input with line and column', async () => {
    const err = await runAnalysis('lyapunov', odeInput("x' = y\ny' = -x +\n", 'broken.ode')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DynLensError);
    expect((err as DynLensError).kind).toBe('bad-input');
    expect((err as DynLensError).file).toBe('broken.ode');
    expect((err as DynLensError).row).toBe(2);
  });

  it('model-overview bundles trajectory, spectrum and fixed points of one model', async () => {
    const r = await runAnalysis<ModelOverviewResult>(
      'model-overview',
      odeInput(readFileSync('examples/vanderpol.ode', 'utf8')),
      { duration: 300 },
    );
    expect(r.simulate.stateNames).toEqual(['x', 'y']);
    expect(r.lyapunov.verdict).toBe('periodic');
    expect(r.fixedPoints.fixedPoints[0].type).toBe('unstable focus');
    expect(getAnalysis('model-overview').toCsv!(r).split('\n')[0]).toBe('t,x,y');
  });

  it('stops when cancelled', async () => {
    const ctx = testContext();
    const sig = localCancelSignal();
    ctx.signal = sig;
    sig.cancel();
    await expect(
      runAnalysis('lyapunov', odeInput(readFileSync('examples/lorenz.ode', 'utf8')), {}, ctx),
    ).rejects.toBeInstanceOf(CancelledError);
  });
});
