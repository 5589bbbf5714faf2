/**
 * Lyapunov view. Model results: the spectrum with standard errors, the Liouville check, the verdict, and the running
 * estimates (convergence). Data results: the largest exponent and Rosenstein's divergence curve with the fitted line
 * over its linear region, so the user can judge the fit.
 */
import type { LyapunovDataResult, LyapunovModelResult, LyapunovResult } from '../../src/protocol';
import type { AnalysisView, Json, ResultTable, ViewHost } from './types';
import { formatNumber } from '../format';
import { notesList, nums, section } from '../shell/sections';
import * as l10n from '@vscode/l10n';

function renderModel(root: HTMLElement, r: Json<LyapunovModelResult>, host: ViewHost): void {
  const unit = r.unit;
  const s = section(
    root,
    l10n.t('Lyapunov spectrum: {0}', r.verdict),
    l10n.t(
      "Benettin's method with QR re-orthonormalisation every {0} ({1}); transient {2} discarded, averaged over {3} {4}. Natural log, {5}.",
      formatNumber(r.renormInterval),
      r.integrator,
      formatNumber(r.transient),
      formatNumber(r.duration),
      r.system === 'map' ? 'iterations' : 'time units',
      unit,
    ),
  );
  host.table(
    s,
    ['#', l10n.t('exponent'), l10n.t('standard error')],
    r.exponents.map((e, j) => [j + 1, e, r.standardError[j] ?? null]),
    { digits: 6, caption: l10n.t('Exponents ({0})', unit) },
  );
  host.table(
    s,
    [l10n.t('quantity'), l10n.t('value')],
    [
      ['sum of exponents', r.sum],
      [
        r.system === 'map' ? 'mean ln|det J| (must equal the sum)' : 'mean divergence tr J (must equal the sum)',
        r.meanDivergence,
      ],
      ['Kaplan-Yorke dimension', r.kaplanYorkeDimension],
    ],
    { digits: 6 },
  );
  if (r.diverged)
    s.append(Object.assign(document.createElement('p'), { className: 'dl-error', textContent: r.diverged.message }));
  const t = nums(r.convergence.t);
  if (t.length > 1) {
    const c = section(
      root,
      l10n.t('Convergence'),
      l10n.t('Running estimate of each exponent against the averaging time; a flat tail means a converged value.'),
    );
    host.plot(c, {
      data: r.convergence.running.map((y, j) => ({
        type: 'scatter',
        mode: 'lines',
        x: t,
        y: nums(y),
        name: `λ${j + 1}`,
      })),
      layout: {
        height: 340,
        xaxis: { title: { text: r.system === 'map' ? l10n.t('iteration') : l10n.t('time') } },
        yaxis: { title: { text: l10n.t('running exponent ({0})', unit) } },
      },
      exportName: 'lyapunov-convergence',
      table: {
        columns: ['t', ...r.exponents.map((_, j) => `lambda${j + 1}`)],
        rows: [t, ...r.convergence.running.map(nums)],
      },
      label: l10n.t('Running Lyapunov exponent estimates against averaging time'),
    });
  }
}

function renderData(root: HTMLElement, r: Json<LyapunovDataResult>, host: ViewHost): void {
  const d = r.divergence;
  const f = d.fit;
  const s = section(
    root,
    l10n.t('Largest Lyapunov exponent from data: {0}', r.verdict),
    l10n.t('Rosenstein et al. (1993) on column "{0}" ({1} samples), {2}.', r.column, r.samples ?? '?', r.unit),
  );
  host.table(
    s,
    [l10n.t('quantity'), l10n.t('value'), l10n.t('how chosen')],
    [
      ['largest exponent', r.exponents[0], `slope of the fit / dt (dt = ${formatNumber(r.dt)})`],
      ['embedding dimension', r.dim, r.dimRule],
      ['lag (samples)', r.lag, r.lagRule],
      ['Theiler window (samples)', r.theilerWindow, r.theilerRule],
      ['fit region (steps)', `${f.fromStep}..${f.toStep}`, f.rule],
      ['fit R²', f.r2, ''],
    ],
    { digits: 5 },
  );
  const x = nums(d.time);
  const y = nums(d.meanLogDistance);
  const fx: number[] = [];
  const fy: number[] = [];
  for (let k = f.fromStep ?? 0; k <= (f.toStep ?? 0); k++) {
    fx.push(x[k]);
    fy.push((f.intercept ?? 0) + (f.slope ?? 0) * k);
  }
  const c = section(
    root,
    l10n.t('Divergence curve'),
    l10n.t(
      'Mean log distance of initially nearest neighbours against time; the exponent is the slope of the straight part. Check that the fitted segment lies on it.',
    ),
  );
  const theme = host.theme();
  host.plot(c, {
    data: [
      { type: 'scatter', mode: 'lines', x, y, name: l10n.t('⟨ln d(k)⟩'), line: { color: theme.series[0] } },
      {
        type: 'scatter',
        mode: 'lines',
        x: fx,
        y: fy,
        name: l10n.t('fit, slope {0}', formatNumber(r.exponents[0])),
        line: { color: theme.accent, dash: 'dash', width: 3 },
      },
    ],
    layout: {
      height: 360,
      xaxis: { title: { text: r.unit === 'per sample' ? l10n.t('steps (samples)') : l10n.t('time') } },
      yaxis: { title: { text: l10n.t('mean ln distance') } },
    },
    exportName: 'rosenstein-divergence',
    table: { columns: ['time', 'mean_log_distance'], rows: [x, y] },
    label: l10n.t('Rosenstein divergence curve with the fitted line over its linear region'),
  });
  if (r.falseNeighbourFraction.length > 0) {
    const fn = section(
      root,
      l10n.t('False nearest neighbours'),
      l10n.t('Fraction of false neighbours against embedding dimension (Kennel et al. 1992).'),
    );
    const dims = r.falseNeighbourFraction.map((_, k) => k + 1);
    host.plot(fn, {
      data: [
        {
          type: 'scatter',
          mode: 'lines+markers',
          x: dims,
          y: nums(r.falseNeighbourFraction),
          name: l10n.t('FNN fraction'),
        },
      ],
      layout: {
        height: 260,
        xaxis: { title: { text: l10n.t('dimension') }, dtick: 1 },
        yaxis: { title: { text: l10n.t('false fraction') }, range: [0, 1.05] },
      },
      exportName: 'false-nearest-neighbours',
      table: { columns: ['dimension', 'fraction'], rows: [dims, nums(r.falseNeighbourFraction)] },
      label: l10n.t('False nearest neighbour fraction against embedding dimension'),
    });
  }
}

function table(r: Json<LyapunovResult>): ResultTable {
  return r.source === 'data'
    ? {
        columns: ['method', 'column', 'exponent', 'unit', 'dim', 'lag'],
        rows: [[r.method, r.column, r.exponents[0], r.unit, r.dim, r.lag]],
        name: 'lyapunov',
      }
    : {
        columns: ['exponent', 'value', 'standard_error'],
        rows: r.exponents.map((e, j) => [`lambda${j + 1}`, e, r.standardError[j] ?? null]),
        name: 'lyapunov',
      };
}

export const lyapunovView: AnalysisView<LyapunovResult> = {
  id: 'lyapunov',
  render(root, envelope, host) {
    const r = envelope.result;
    if (r.source === 'data') renderData(root, r, host);
    else renderModel(root, r, host);
    notesList(root, r.notes);
  },
  table: (envelope) => table(envelope.result),
};
