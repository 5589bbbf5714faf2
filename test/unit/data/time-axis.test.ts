import { describe, expect, it } from 'vitest';
import type { AnalysisInput, TableInput } from '../../../src/analysis/core/input';
import { resolveParams } from '../../../src/analysis/core/params';
import { parseDelimitedText } from '../../../src/analysis/data/delimited';
import { fitSpacing, printedDecimals, resolveTimeAxis } from '../../../src/analysis/data/time-axis';
import { getAnalysis } from '../../../src/analysis/registry';
import { testContext } from './context';
import { dynLensErrorOf } from './helpers';

/** 30 Hz samples of a damped two-frequency signal, times printed with three decimals as CSV writers do. */
function csv30Hz(rows: number, timeText: (k: number) => string = (k) => (k / 30).toFixed(3)): TableInput {
  const lines = ['t,x,y'];
  for (let k = 0; k < rows; k++) {
    const t = k / 30;
    const x = Math.exp(-0.05 * t) * Math.cos(2 * Math.PI * 0.7 * t) + 0.3 * Math.sin(2 * Math.PI * 2.1 * t);
    const y = Math.exp(-0.05 * t) * Math.sin(2 * Math.PI * 0.7 * t);
    lines.push(`${timeText(k)},${x.toPrecision(12)},${y.toPrecision(12)}`);
  }
  const dataset = parseDelimitedText('rounded.csv', lines.join('\n'));
  return { kind: 'table', path: 'rounded.csv', dataset };
}

async function run(id: string, input: AnalysisInput, raw: Record<string, unknown> = {}): Promise<unknown> {
  const a = getAnalysis(id);
  return a.run(input, resolveParams(a.params, raw), testContext(a.tasks ?? {}));
}

describe('time axis', () => {
  const input = csv30Hz(600);

  it('reads times rounded to 3 decimals as 30 Hz in every analysis that takes a time axis', async () => {
    const dts: Record<string, number> = {};
    const summary = (await run('summary', input)) as { time: { dt: number } };
    dts.summary = summary.time.dt;
    const koopman = (await run('koopman', input, { method: 'dmd' })) as { dt: number; dtSource: string };
    expect(koopman.dtSource).toBe('time-column');
    dts.koopman = koopman.dt;
    const symbolic = (await run('symbolic', input, { derivatives: true, iterations: 1, timeBudget: 2 })) as {
      derivatives: { dt: number; timeColumn: string };
    };
    expect(symbolic.derivatives.timeColumn).toBe('t');
    dts.symbolic = symbolic.derivatives.dt;
    const lyapunov = (await run('lyapunov', input, { column: 'x' })) as { dt: number; unit: string };
    expect(lyapunov.unit).toBe('per time unit');
    dts.lyapunov = lyapunov.dt;
    for (const [id, dt] of Object.entries(dts)) expect(Math.abs(dt - 1 / 30), id).toBeLessThan(1e-4);
    // ews needs no spacing, only the same time column: it takes it as the time axis
    const ews = (await run('ews', input, { column: 'x', surrogates: 1 })) as { time: Float64Array };
    expect(ews.time[3]).toBe(0.1);
  });

  it('fits the step by least squares and names the rounding in its note', () => {
    const ds = input.dataset;
    const s = fitSpacing(ds, 0);
    expect(Math.abs(s.dt - 1 / 30)).toBeLessThan(1e-6);
    expect(s.decimals).toBe(3);
    expect(s.note).toContain('3 decimals');
    expect(printedDecimals(ds.data[0], [[0, 1, 2, 3]])).toBe(3);
    const assumed = resolveTimeAxis({ ...ds, columns: ['a', 'x', 'y'] }, {});
    expect(assumed).toMatchObject({ column: -1, dt: 1, source: 'assumed' });
    expect(assumed.note).toContain('assumed 1 sample');
    const given = resolveTimeAxis(ds, { dt: 0.5 });
    expect(given).toMatchObject({ column: 0, dt: 0.5, source: 'parameter' });
    expect(given.note).toContain('overrides');
  });

  it('still refuses genuinely non-uniform times, naming the row', async () => {
    // a dropped frame at row 301 (data row 300 -> 302 spans two steps)
    const gap = csv30Hz(600, (k) => ((k < 300 ? k : k + 1) / 30).toFixed(3));
    for (const id of ['summary', 'koopman', 'symbolic', 'lyapunov']) {
      const raw = id === 'symbolic' ? { derivatives: true, iterations: 1 } : id === 'lyapunov' ? { column: 'x' } : {};
      const e = await dynLensErrorOf(() => run(id, gap, raw));
      expect(e.kind, id).toBe('bad-input');
      expect(e.message, id).toContain('not uniformly sampled');
      expect(e.message, id).toContain('rows 300 and 301');
      expect(e.row, id).toBe(301);
    }
    // jitter of a quarter step is far beyond 3-decimal rounding
    const jitter = csv30Hz(60, (k) => ((k + (k % 2) * 0.25) / 30).toFixed(3));
    expect((await dynLensErrorOf(() => run('summary', jitter))).message).toContain('not uniformly sampled');
    // a slow drift (each step within tolerance, the grid lost over the series)
    const drift = csv30Hz(600, (k) => ((k + 0.5 * (k / 600) ** 2) / 30).toFixed(6));
    expect((await dynLensErrorOf(() => run('summary', drift))).message).toContain('off the uniform grid');
    // integer times are not "rounded": a missing sample is refused
    const ints = parseDelimitedText('ints.csv', 't,x\n0,1\n1,2\n2,1\n3,2\n5,1\n6,2');
    expect(() => fitSpacing(ints, 0)).toThrow(/not uniformly sampled/);
  });
});
