import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src/analysis/core/errors';
import type { AnalysisInput, Dataset } from '../../../src/analysis/core/input';
import { resolveParams } from '../../../src/analysis/core/params';
import { dataAnalyses } from '../../../src/analysis/data/analyses';
import { parseDelimited } from '../../../src/analysis/data/delimited';
import { summaryToCsv } from '../../../src/analysis/data/summary';
import { findTimeColumn } from '../../../src/analysis/data/time-axis';
import { getAnalysis } from '../../../src/analysis/registry';
import type { SummaryResult } from '../../../src/protocol/results/summary';
import { testContext } from './context';
import { directAcf, tableInput } from '../../support';
import { dynLensErrorOf, fixtureBytes, fixtureJson } from './helpers';

interface Expected {
  dt: number;
  stats: Record<string, { count: number; nanCount: number; mean: number; std: number; min: number; max: number }>;
  welch: Record<string, { fs: number; nperseg: number; frequency: number[]; psd: number[] }>;
}

const summary = dataAnalyses.find((a) => a.id === 'summary')!;

function table(ds: Dataset): AnalysisInput {
  return { kind: 'table', path: ds.source, dataset: ds };
}

function tableOf(columns: Record<string, ArrayLike<number>>, source = 'mem.csv'): AnalysisInput {
  return tableInput(columns, source);
}

async function run(input: AnalysisInput, raw: Record<string, unknown> = {}): Promise<SummaryResult> {
  return (await summary.run(input, resolveParams(summary.params, raw), testContext())) as SummaryResult;
}

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

describe('summary analysis', () => {
  const signal = parseDelimited('signal.csv', fixtureBytes('summary', 'signal.csv'));
  const expected = fixtureJson<Expected>('summary', 'expected.json');

  it('is registered with the documented parameters', () => {
    expect(getAnalysis('summary')).toBe(summary);
    expect(summary.title).toBe('Data summary');
    expect(summary.inputs).toEqual(['table']);
    const p = resolveParams(summary.params, {});
    expect(p).toMatchObject({ maxLag: 200, embedDim: 3, maxPoints: 4000 });
    expect(p.dt).toBeUndefined();
  });

  it('matches numpy statistics over all rows, NaNs counted and skipped', async () => {
    const r = await run(table(signal));
    expect(r.rows).toBe(10000);
    expect(r.columns.map((c) => c.name)).toEqual(['x', 'y', 'z', 'const']);
    for (const c of r.columns) {
      const e = expected.stats[c.name];
      expect(c.count).toBe(e.count);
      expect(c.nanCount).toBe(e.nanCount);
      expect(c.min).toBe(e.min);
      expect(c.max).toBe(e.max);
      expect(relErr(c.mean, e.mean)).toBeLessThan(1e-12);
      expect(relErr(c.std, e.std)).toBeLessThan(1e-12);
    }
    expect(r.columns[1].nanCount).toBe(37);
  });

  it('constant column: std 0, ACF NaN beyond lag 0, PSD 0', async () => {
    const r = await run(table(signal));
    const k = r.columns.findIndex((c) => c.name === 'const');
    expect(r.columns[k].std).toBe(0);
    expect(r.acf.values[k][0]).toBe(1);
    expect(r.acf.values[k][1]).toBeNaN();
    expect(Math.max(...r.psd.values[k])).toBe(0);
  });

  it('detects the time column and its uniform spacing; frequency in Hz', async () => {
    expect(findTimeColumn(signal)).toBe(0);
    const r = await run(table(signal));
    expect(r.time.column).toBe('time');
    expect(r.time.axis).toBe('physical');
    expect(relErr(r.time.dt!, expected.dt)).toBeLessThan(1e-12);
    expect(r.psd.unit).toBe('Hz');
    expect(r.acf.lagTime![3]).toBeCloseTo(3 * expected.dt, 14);
    // The 3 Hz sine in x is the spectral peak.
    const px = r.psd.values[0];
    const peak = px.indexOf(Math.max(...px));
    expect(Math.abs(r.psd.frequency[peak] - 3)).toBeLessThan(r.psd.frequency[1]);
  });

  it('matches scipy.signal.welch (density, Hann, 50% overlap) to 1e-10', async () => {
    const r = await run(table(signal));
    for (const [key, col] of [
      ['x_full', 0],
      ['z_full', 2],
    ] as const) {
      const e = expected.welch[key];
      expect(r.psd.segment).toBe(e.nperseg);
      expect(r.psd.frequency.length).toBe(e.frequency.length);
      for (let i = 0; i < e.psd.length; i++) {
        expect(relErr(r.psd.frequency[i], e.frequency[i]) < 1e-12 || e.frequency[i] === 0).toBe(true);
        expect(relErr(r.psd.values[col][i], e.psd[i])).toBeLessThan(1e-10);
      }
    }
  });

  it('time column names: t, T, Time; a named one; none -> samples and cycles/sample', async () => {
    for (const name of ['t', 'T', 'Time', 'TIME']) {
      const r = await run(tableOf({ [name]: [0, 1, 2, 3, 4, 5], x: [1, 2, 1, 2, 1, 2] }));
      expect(r.time.column).toBe(name);
      expect(r.columns.map((c) => c.name)).toEqual(['x']);
    }
    const named = await run(tableOf({ clock: [0, 2, 4, 6, 8], x: [1, 2, 3, 2, 1] }), { timeColumn: 'clock' });
    expect(named.time).toMatchObject({ column: 'clock', dt: 2, axis: 'physical' });
    const none = await run(tableOf({ a: [1, 2, 3, 4, 5, 6], b: [0, 1, 0, 1, 0, 1] }));
    expect(none.time).toEqual({ column: undefined, dt: undefined, axis: 'sample' });
    expect(none.psd.unit).toBe('cycles/sample');
    expect(none.acf.lagTime).toBeUndefined();
    expect([...none.series.t]).toEqual([0, 1, 2, 3, 4, 5]);
    const withDt = await run(tableOf({ a: [1, 2, 3, 4, 5, 6] }), { dt: 0.5 });
    expect(withDt.time).toEqual({ column: undefined, dt: 0.5, axis: 'physical' });
    expect(withDt.psd.frequency[withDt.psd.frequency.length - 1]).toBe(1);
    const missing = await dynLensErrorOf(() => run(tableOf({ a: [1, 2] }), { timeColumn: 'when' }));
    expect(missing.message).toContain('no column "when"');
  });

  it('refuses an irregular time column, naming the row; --dt overrides', async () => {
    const t = [0, 0.1, 0.2, 0.35, 0.4, 0.5];
    const e = await dynLensErrorOf(() => run(tableOf({ t, x: [1, 2, 3, 4, 5, 6] }, 'irr.csv')));
    expect(e.kind).toBe('bad-input');
    expect(e.message).toContain('irr.csv');
    expect(e.message).toContain('not uniformly sampled');
    expect(e.row).toBe(4);
    const r = await run(tableOf({ t, x: [1, 2, 3, 4, 5, 6] }), { dt: 0.1 });
    expect(r.time.dt).toBe(0.1);
    expect(r.notes.join(' ')).toContain('overrides');
    const nan = await dynLensErrorOf(() => run(tableOf({ t: [0, NaN, 2], x: [1, 2, 3] })));
    expect(nan.row).toBe(2);
    const dec = await dynLensErrorOf(() => run(tableOf({ t: [2, 1, 0], x: [1, 2, 3] })));
    expect(dec.message).toContain('does not increase');
    const only = await dynLensErrorOf(() => run(tableOf({ time: [0, 1, 2] })));
    expect(only.message).toContain('no data column');
  });

  it('ACF equals a direct O(n k) computation', async () => {
    const r = await run(table(signal), { maxLag: 50 });
    for (const [c, name] of [
      [0, 'x'],
      [2, 'z'],
    ] as const) {
      const want = directAcf(signal.data[signal.columns.indexOf(name)], 50);
      expect(r.acf.values[c].length).toBe(51);
      for (let k = 0; k <= 50; k++) expect(Math.abs(r.acf.values[c][k] - want[k])).toBeLessThan(1e-12);
    }
    expect([...r.acf.lags.slice(0, 3)]).toEqual([0, 1, 2]);
  });

  it('decimates for display keeping spikes, and embeds with the chosen lag', async () => {
    const n = 100_000;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = Math.sin((2 * Math.PI * i) / 400);
    x[54321] = 50;
    x[77777] = -40;
    const r = await run(tableOf({ x }), { maxPoints: 1000 });
    expect(r.series.decimated).toBe(true);
    expect(r.series.originalRows).toBe(n);
    expect(r.series.t.length).toBe(1000);
    expect(r.series.values[0].length).toBe(1000);
    expect(Math.max(...r.series.values[0])).toBe(50);
    expect(Math.min(...r.series.values[0])).toBe(-40);
    // Statistics still use every row.
    expect(r.columns[0].max).toBe(50);
    expect(r.embedding.dim).toBe(3);
    expect(r.embedding.points).toHaveLength(3);
    expect(r.embedding.points[0].length).toBeLessThanOrEqual(1000);
    expect(r.embedding.lagRule).toMatch(/mutual information|autocorrelation|fallback/);
    const lag = r.embedding.lag;
    const s = r.embedding.stride;
    // Point i is (x[i s], x[i s + lag], x[i s + 2 lag]).
    expect(r.embedding.points[1][3]).toBe(x[3 * s + lag]);
    expect(r.embedding.points[2][5]).toBe(x[5 * s + 2 * lag]);
    const given = await run(tableOf({ x: x.subarray(0, 5000) }), { embedLag: 7, embedDim: 2, embedColumn: 'x' });
    expect(given.embedding).toMatchObject({ lag: 7, dim: 2, column: 'x', stride: 2, lagRule: 'given (--embed-lag)' });
    expect(given.embedding.points[1][0]).toBe(x[7]);
  });

  it('handles tiny tables without failing', async () => {
    const r = await run(tableOf({ x: [1, 2, 3] }), { embedLag: 2 });
    expect(r.columns[0]).toMatchObject({ count: 3, mean: 2, std: 1, min: 1, max: 3 });
    expect(r.psd.values[0].length).toBe(0);
    expect(r.embedding.points[0].length).toBe(0);
    // Three samples, dim 3, automatic lag: exactly one point (x0, x1, x2).
    const auto = await run(tableOf({ x: [1, 2, 3] }));
    expect(auto.embedding.points.map((c) => [...c])).toEqual([[1], [2], [3]]);
    expect(r.notes.join(' ')).toContain('too short');
    const one = await run(tableOf({ x: [4] }));
    expect(one.columns[0].std).toBeNaN();
  });

  it('writes the statistics table as CSV', async () => {
    const r = await run(table(signal));
    const csv = summaryToCsv(r);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('column,count,nan_count,mean,std,min,max,missing_count,pos_inf_count,neg_inf_count');
    expect(lines).toHaveLength(5);
    const y = lines[2].split(',');
    expect(y[0]).toBe('y');
    expect(Number(y[2])).toBe(37);
    expect(Number(y[3])).toBe(r.columns[1].mean);
    expect(summary.toCsv!(r)).toBe(csv);
  });

  it('reports progress and stops when cancelled', async () => {
    const ctx = testContext();
    await summary.run(table(signal), resolveParams(summary.params, {}), ctx);
    expect(ctx.progressLog.length).toBeGreaterThan(5);
    expect(ctx.progressLog[ctx.progressLog.length - 1]).toBe(1);
    for (let i = 1; i < ctx.progressLog.length; i++)
      expect(ctx.progressLog[i]).toBeGreaterThanOrEqual(ctx.progressLog[i - 1]);
    const c2 = testContext();
    c2.progress = () => c2.cancel();
    await expect(summary.run(table(signal), resolveParams(summary.params, {}), c2)).rejects.toBeInstanceOf(
      CancelledError,
    );
  });

  it('gives the same result through the spectra sub-task (parallelMap) as in-thread', async () => {
    const params = resolveParams(summary.params, {});
    const local = (await summary.run(table(signal), params, testContext())) as SummaryResult;
    const ctx = testContext(summary.tasks, 4);
    const spread = (await summary.run(table(signal), params, ctx)) as SummaryResult;
    expect(spread.acf.values.map((v) => [...v])).toEqual(local.acf.values.map((v) => [...v]));
    expect(spread.psd.values.map((v) => [...v])).toEqual(local.psd.values.map((v) => [...v]));
    expect([...spread.psd.frequency]).toEqual([...local.psd.frequency]);
    expect(spread.notes).toEqual(local.notes);
    expect(ctx.progressLog[ctx.progressLog.length - 1]).toBe(1);
  });

  it('refuses non-table inputs', async () => {
    const e = await dynLensErrorOf(() =>
      summary.run({ kind: 'ode', path: 'm.ode', text: '' }, resolveParams(summary.params, {}), testContext()),
    );
    expect(e.message).toContain('reads tables');
  });
});
