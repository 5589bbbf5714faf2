import type { AnalysisContext } from '../core/context';
import type { AnalysisInput } from '../core/input';
import { badInput, usageError } from '../core/errors';
import type { EwsIndicator, EwsResult } from '../../protocol/results/stability';
import { computeEws } from './ews';
import { findTimeColumn } from '../data/time-axis';
import { pickColumn } from './table-series';
import type { EwsParams } from './params';

export function runEws(input: AnalysisInput, p: EwsParams, ctx: AnalysisContext): EwsResult {
  if (input.kind !== 'table')
    throw usageError(`ews needs a table (CSV, NPY, ...), got a ${input.kind} input (${input.path})`);
  const ds = input.dataset;
  const timeCol = findTimeColumn(ds, p.timeColumn);
  const col = pickColumn(ds, p.column, timeCol);
  const notes: string[] = [];
  const raw = ds.data[col];
  let n = ds.rows;
  const tAll = timeCol >= 0 ? ds.data[timeCol] : Float64Array.from({ length: n }, (_, i) => i);
  if (timeCol < 0) notes.push('no time column: time is the sample index');
  if (p.transition !== undefined) {
    let m = 0;
    while (m < n && tAll[m] <= p.transition) m++;
    notes.push(`data after the transition at t = ${p.transition} dropped (${n - m} samples)`);
    n = m;
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(raw[i]))
      throw badInput(
        `column "${ds.columns[col]}" has a non-finite value at row ${i + 1}; remove or interpolate missing values first`,
        { file: ds.source, row: i + 1, column: ds.columns[col] },
      );
  }
  const x = raw.slice(0, n);
  const time = tAll.slice(0, n);
  const w = Math.floor(p.window <= 1 ? p.window * n : p.window);
  if (n < 20 || w < 5 || w > n - 5) {
    throw badInput(
      `series of ${n} samples is too short for early-warning indicators with a rolling window of ${w} points (needs at least 20 samples and 5 <= window <= samples - 5); use a longer series or change --window`,
      { file: ds.source },
    );
  }
  const r = computeEws(
    x,
    time,
    {
      detrend: p.detrend,
      bandwidth: p.bandwidth,
      window: p.window,
      surrogates: p.surrogates,
      surrogateKind: p.surrogateKind,
      seed: p.seed,
      alpha: p.alpha,
    },
    ctx,
  );
  const ind = (values: Float64Array, tau: number, pValue: number, positive: boolean): EwsIndicator => ({
    values,
    kendallTau: tau,
    pValue,
    significant: pValue < p.alpha && (!positive || tau > 0),
  });
  const variance = ind(r.indicators.variance, r.tau.variance, r.pValue.variance, true);
  const ac1 = ind(r.indicators.ac1, r.tau.ac1, r.pValue.ac1, true);
  const skewness = ind(r.indicators.skewness, r.tau.skewness, r.pValue.skewness, false);
  return {
    column: ds.columns[col],
    time,
    series: x,
    trend: r.trend,
    residuals: r.residuals,
    detrend: p.detrend,
    bandwidth: p.bandwidth,
    window: r.windowPoints,
    indicators: { variance, ac1, skewness },
    surrogates: { kind: p.surrogateKind, count: p.surrogates, seed: p.seed },
    significanceLevel: p.alpha,
    verdict: variance.significant && ac1.significant ? 'early warning' : 'no early warning',
    transition: p.transition,
    notes: [...notes, ...r.notes],
  };
}

export function ewsToCsv(r: EwsResult): string {
  const lines = ['time,value,trend,residual,variance,ac1,skewness'];
  const I = r.indicators;
  for (let k = 0; k < r.time.length; k++) {
    const f = (v: number): string => (Number.isFinite(v) ? String(v) : '');
    lines.push(
      [r.time[k], r.series[k], r.trend[k], r.residuals[k]].map(String).join(',') +
        `,${f(I.variance.values[k])},${f(I.ac1.values[k])},${f(I.skewness.values[k])}`,
    );
  }
  return lines.join('\n') + '\n';
}
