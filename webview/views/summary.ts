/**
 * The summary view: per-column statistics, time series of every column, autocorrelation, power spectral density
 * and a delay-embedding preview. Units follow the result: physical time when dt is known, else sample index.
 */
import type { Data, Layout } from 'plotly.js';
import type { SummaryResult } from '../../src/protocol';
import type { AnalysisView, Json, PlotSpec, ResultTable, ViewHost } from './types';
import { formatNumber } from '../format';
import { h } from '../shell/dom';
import { section } from '../shell/sections';
import * as l10n from '@vscode/l10n';

type Summary = Json<SummaryResult>;

/** Above this many points (all traces together) a 2-D line plot uses WebGL (scattergl) instead of SVG. */
const WEBGL_POINTS = 40_000;
/** Markers cost more than line vertices in SVG (one element each): scatter plots switch to WebGL sooner. */
const WEBGL_MARKERS = 10_000;

/** Counts arrive as JSON numbers (null only if the producer wrote NaN): print them with thousands separators. */
function count(n: number | null): string {
  return n === null ? '\u2014' : n.toLocaleString('en-US');
}

function statsTable(r: Summary): ResultTable {
  return {
    columns: ['column', 'count', 'NaN count', 'mean', 'std', 'min', 'max'],
    rows: r.columns.map((c) => [c.name, c.count, c.nanCount, c.mean, c.std, c.min, c.max]),
    name: 'summary-statistics',
  };
}

function timeAxisTitle(r: Summary): string {
  if (r.time.axis === 'sample') return 'sample index';
  if (r.time.column) return `time (column "${r.time.column}")`;
  return `time (dt = ${formatNumber(r.time.dt ?? null)})`;
}

function lineTraces(x: (number | null)[], ys: (number | null)[][], names: string[], total: number): Data[] {
  const type = total > WEBGL_POINTS ? 'scattergl' : 'scatter';
  return ys.map((y, i) => ({
    type,
    mode: 'lines',
    x,
    y,
    name: names[i] ?? l10n.t('column {0}', i),
    line: { width: 1.2 },
  }));
}

/** Overlaid on one axis, or one axis per column stacked with a shared time axis (columns of different scales). */
function timeSeriesSpec(r: Summary, stacked: boolean): PlotSpec {
  const names = r.columns.map((c) => c.name);
  const s = r.series;
  const k = names.length;
  const traces = lineTraces(s.t, s.values, names, s.t.length * s.values.length);
  const layout: Partial<Layout> = { xaxis: { title: { text: timeAxisTitle(r) } }, height: 360, showlegend: k > 1 };
  if (stacked && k > 1) {
    // Plotly numbers axes y, y2, y3...: each column gets its own band of the plot height, top to bottom.
    const gap = 0.04;
    const band = (1 - gap * (k - 1)) / k;
    const loose = layout as Record<string, unknown>;
    traces.forEach((tr, i) => {
      (tr as { yaxis?: string }).yaxis = i === 0 ? 'y' : `y${i + 1}`;
      const top = 1 - i * (band + gap);
      loose[i === 0 ? 'yaxis' : `yaxis${i + 1}`] = {
        domain: [Math.max(0, top - band), top],
        title: { text: names[i] },
        anchor: 'x',
      };
    });
    // The shared time axis sits under the lowest band.
    layout.xaxis = { title: { text: timeAxisTitle(r) }, anchor: `y${k}` as 'y' };
    layout.height = Math.max(360, 130 * k);
    layout.showlegend = false;
  } else {
    layout.yaxis = { title: { text: l10n.t('value') } };
  }
  return {
    data: traces,
    layout,
    exportName: 'summary-timeseries',
    table: {
      columns: [r.time.axis === 'physical' ? 'time' : 'sample', ...names],
      rows: [s.t as ArrayLike<number>, ...(s.values as ArrayLike<number>[])],
    },
    label: l10n.t(
      'Time series of {0} column{1} against {2}{3}',
      k,
      k === 1 ? '' : 's',
      timeAxisTitle(r),
      stacked && k > 1 ? ', one axis per column' : '',
    ),
  };
}

function renderTimeSeries(root: HTMLElement, r: Summary, host: ViewHost): void {
  const s = r.series;
  const note = s.decimated
    ? `${count(s.originalRows)} rows, drawn as ${count(s.t.length)} points per column (min/max per bucket); statistics use every row.`
    : `${count(s.originalRows)} rows.`;
  const sec = section(root, l10n.t('Time series'), note);
  const k = r.columns.length;
  // Default: separate axes when there are many columns (their scales usually differ); the choice survives reloads.
  let stacked = host.getUiState<boolean>('summary.stacked', k > 3);
  if (k > 1) {
    // vscode-checkbox uses its label as its aria-label.
    const box = h('vscode-checkbox', {
      label: l10n.t('One axis per column'),
      'aria-label': l10n.t('One axis per column'),
      class: 'dl-option',
    });
    (box as HTMLElement & { checked: boolean }).checked = stacked;
    sec.append(box);
    box.addEventListener('change', () => {
      stacked = (box as HTMLElement & { checked: boolean }).checked;
      host.setUiState('summary.stacked', stacked);
      handle.update(timeSeriesSpec(r, stacked));
    });
  }
  const handle = host.plot(sec, timeSeriesSpec(r, stacked));
}

function renderAcf(root: HTMLElement, r: Summary, host: ViewHost): void {
  const names = r.columns.map((c) => c.name);
  const physical = Array.isArray(r.acf.lagTime) && r.acf.lagTime.length === r.acf.lags.length;
  const x = physical ? r.acf.lagTime! : r.acf.lags;
  const xTitle = physical ? 'lag (time units)' : 'lag (samples)';
  const sec = section(
    root,
    l10n.t('Autocorrelation'),
    l10n.t('Lags 0 to {0} samples.', r.acf.lags[r.acf.lags.length - 1] ?? 0),
  );
  host.plot(sec, {
    data: lineTraces(x, r.acf.values, names, 0),
    layout: {
      xaxis: { title: { text: xTitle } },
      yaxis: { title: { text: l10n.t('autocorrelation') }, range: [-1.05, 1.05] },
      height: 300,
      showlegend: names.length > 1,
    },
    exportName: 'summary-acf',
    table: {
      columns: [physical ? 'lag_time' : 'lag', ...names],
      rows: [x as ArrayLike<number>, ...(r.acf.values as ArrayLike<number>[])],
    },
    label: l10n.t('Autocorrelation of each column against {0}', xTitle),
  });
}

function renderPsd(root: HTMLElement, r: Summary, host: ViewHost): void {
  const names = r.columns.map((c) => c.name);
  const unit = r.psd.unit;
  const xTitle = unit === 'Hz' ? 'frequency (Hz, cycles per time unit)' : 'frequency (cycles/sample)';
  const sec = section(
    root,
    l10n.t('Power spectral density'),
    l10n.t('Welch estimate, Hann window, segments of {0} samples; one-sided.', String(r.psd.segment)),
  );
  host.plot(sec, {
    data: lineTraces(r.psd.frequency, r.psd.values, names, 0),
    layout: {
      xaxis: { title: { text: xTitle } },
      yaxis: {
        title: { text: unit === 'Hz' ? l10n.t('power / Hz') : l10n.t('power / (cycles/sample)') },
        type: 'log',
        exponentformat: 'power',
      },
      height: 300,
      showlegend: names.length > 1,
    },
    exportName: 'summary-psd',
    table: {
      columns: [unit === 'Hz' ? 'frequency_hz' : 'frequency_cycles_per_sample', ...names],
      rows: [r.psd.frequency as ArrayLike<number>, ...(r.psd.values as ArrayLike<number>[])],
    },
    label: l10n.t('Power spectral density of each column, logarithmic power against {0}', xTitle),
  });
}

function renderEmbedding(root: HTMLElement, r: Summary, host: ViewHost): void {
  const e = r.embedding;
  const pts = e.points;
  if (pts.length < 2 || !pts[0]?.length) return;
  const lag = e.lag ?? 0;
  const coord = (k: number): string => (k === 0 ? `${e.column}(t)` : `${e.column}(t + ${k * lag} samples)`);
  const sec = section(
    root,
    l10n.t('Delay embedding'),
    l10n.t(
      'Column "{0}", dimension {1}, lag {2} samples ({3}), {4} points.',
      e.column,
      String(e.dim),
      String(e.lag),
      e.lagRule,
      count(pts[0].length),
    ),
  );
  const color = host.theme().series[0];
  const three = (e.dim ?? pts.length) >= 3 && pts.length >= 3;
  const data: Data[] = three
    ? // Small, translucent markers when there are many points, so the attractor's structure is not lost in overplotting.
      [
        {
          type: 'scatter3d',
          mode: 'markers',
          x: pts[0],
          y: pts[1],
          z: pts[2],
          name: e.column,
          marker: { size: pts[0].length > 20_000 ? 1 : 1.8, color, opacity: pts[0].length > 20_000 ? 0.55 : 0.8 },
        },
      ]
    : [
        {
          type: pts[0].length > WEBGL_MARKERS ? 'scattergl' : 'scatter',
          mode: 'markers',
          x: pts[0],
          y: pts[1],
          name: e.column,
          marker: { size: pts[0].length > 5000 ? 2 : 3, color, opacity: 0.7 },
        },
      ];
  const layout = three
    ? {
        height: 460,
        scene: {
          xaxis: { title: { text: coord(0) } },
          yaxis: { title: { text: coord(1) } },
          zaxis: { title: { text: coord(2) } },
        },
        margin: { l: 0, r: 0, t: 16, b: 0 },
      }
    : {
        height: 420,
        xaxis: { title: { text: coord(0) } },
        yaxis: { title: { text: coord(1) }, scaleanchor: 'x' as const },
      };
  host.plot(sec, {
    data,
    layout,
    exportName: `summary-embedding-${e.column}`,
    table: {
      columns: pts.slice(0, three ? 3 : 2).map((_, k) => coord(k)),
      rows: pts.slice(0, three ? 3 : 2) as ArrayLike<number>[],
    },
    label: l10n.t(
      '{0}-dimensional delay embedding of column {1} with lag {2} samples',
      three ? 'Three' : 'Two',
      e.column,
      String(e.lag),
    ),
  });
}

export const summaryView: AnalysisView<SummaryResult> = {
  id: 'summary',
  render(root, envelope, host) {
    const r = envelope.result;
    const timeNote =
      r.time.axis === 'physical'
        ? `Time axis: ${r.time.column ? `column "${r.time.column}"` : 'given dt'}${r.time.dt !== undefined && r.time.dt !== null ? `, dt = ${formatNumber(r.time.dt)}` : ''}.`
        : 'No time column and no dt: axes are in samples.';
    const stats = section(
      root,
      l10n.t('Statistics'),
      l10n.t(
        '{0} rows, {1} numeric column{2}. {3}',
        count(r.rows),
        r.columns.length,
        r.columns.length === 1 ? '' : 's',
        timeNote,
      ),
    );
    const t = statsTable(r);
    host.table(stats, t.columns, t.rows, { caption: l10n.t('Per-column statistics (every row)'), digits: 5 });
    if (r.columns.length === 0) return;
    renderTimeSeries(root, r, host);
    renderAcf(root, r, host);
    renderPsd(root, r, host);
    renderEmbedding(root, r, host);
  },
  table: (envelope) => statsTable(envelope.result),
};
