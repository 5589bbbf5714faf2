/**
 * Sweep view: a parameter sweep of an .ode model. 2-D: a heat map of the chosen column over the parameter plane
 * (attractor types with a discrete legend). 1-D: the chosen column as a curve over the parameter, on bands coloured
 * by attractor type (or fixed-point count). A click on a point shows its values and opens its model overview
 * (in VS Code; the standalone report gives the command).
 */
import type { Data, Layout } from 'plotly.js';
import type { SweepResult } from '../../src/protocol';
import type { AnalysisView, Json, ResultTable, ViewHost } from './types';
import { h } from '../shell/dom';
import { formatNumber } from '../format';
import { notesList, nums, section } from '../shell/sections';
import { ATTRACTOR_NAMES, bandLabels, bands, heatMatrix, overviewCommand, pointOf } from './sweep-model';
import * as l10n from '@vscode/l10n';

/** Fixed colours per attractor type (readable on light and dark themes, distinct for common colour blindness). */
const ATTRACTOR_COLORS = ['#4477aa', '#228833', '#ccbb44', '#ee6677', '#999999'];

function table(r: Json<SweepResult>): ResultTable {
  const n = r.columns[0]?.length ?? 0;
  const axes = r.axes.map((a) => a.name);
  const rows: (string | number | null)[][] = [];
  for (let i = 0; i < n; i++) {
    const p = pointOf(r, i);
    rows.push([i, ...axes.map((a) => p[a]), ...r.columns.map((c) => c[i]), r.attractor[i] ?? '']);
  }
  return { columns: ['item', ...axes, ...r.names, 'attractor'], rows, name: `sweep-${r.measure}` };
}

function defaultColumn(r: Json<SweepResult>): number {
  // 1-D: the exponent as a curve over attractor bands says more than the type code the bands already show
  const want =
    r.measure === 'fixed-points'
      ? 'fixed_points'
      : r.measure === 'lyapunov' || r.axes.length === 1
        ? 'lyapunov_1'
        : 'attractor_code';
  return Math.max(0, r.names.indexOf(want));
}

function heatmap(r: Json<SweepResult>, col: number): { data: Data[]; layout: Partial<Layout> } {
  const name = r.names[col];
  const z = heatMatrix(r, col);
  const discrete = name === 'attractor_code';
  const palette = ATTRACTOR_COLORS;
  const trace = {
    type: 'heatmap',
    x: r.axes[0].values,
    y: r.axes[1].values,
    z,
    hoverongaps: false,
    colorbar: discrete
      ? { tickvals: [0, 1, 2, 3, 4], ticktext: [...ATTRACTOR_NAMES], title: { text: l10n.t('attractor') } }
      : { title: { text: name } },
    ...(discrete
      ? {
          zmin: -0.5,
          zmax: 4.5,
          colorscale: palette.flatMap((c, k) => [
            [k / 5, c],
            [(k + 1) / 5, c],
          ]),
        }
      : name.startsWith('lyapunov')
        ? { zmid: 0, colorscale: 'RdBu', reversescale: true }
        : { colorscale: 'Viridis' }),
  } as unknown as Data;
  return {
    data: [trace],
    layout: {
      height: 460,
      xaxis: { title: { text: r.axes[0].name } },
      yaxis: { title: { text: r.axes[1].name } },
    },
  };
}

function curve(r: Json<SweepResult>, col: number, host: ViewHost): { data: Data[]; layout: Partial<Layout> } {
  const x = nums(r.axes[0].values);
  const y = nums(r.columns[col]);
  const theme = host.theme();
  const labels = bandLabels(r);
  const kinds = [...new Set(labels.filter(Boolean))];
  const colour = (l: string): string => {
    const k = (ATTRACTOR_NAMES as readonly string[]).indexOf(l);
    return k >= 0 ? ATTRACTOR_COLORS[k] : theme.series[kinds.indexOf(l) % theme.series.length];
  };
  const half = (k: number): number =>
    x.length > 1 ? (x[Math.min(k + 1, x.length - 1)] - x[Math.max(k - 1, 0)]) / 4 : 0.5;
  const shapes = bands(labels).map((b) => ({
    type: 'rect' as const,
    xref: 'x' as const,
    yref: 'paper' as const,
    x0: x[b.from] - half(b.from),
    x1: x[b.to] + half(b.to),
    y0: 0,
    y1: 1,
    fillcolor: colour(b.label),
    opacity: 0.18,
    line: { width: 0 },
    layer: 'below' as const,
  }));
  // one invisible trace per band label, so the legend names the colours
  const legend = kinds.map(
    (l) =>
      ({
        type: 'scatter',
        mode: 'markers',
        x: [null],
        y: [null],
        name: l,
        marker: { size: 12, symbol: 'square', color: colour(l), opacity: 0.4 },
      }) as Data,
  );
  return {
    data: [
      {
        type: 'scatter',
        mode: x.length > 400 ? 'lines' : 'lines+markers',
        x,
        y,
        name: r.names[col],
        marker: { size: 4 },
      } as Data,
      ...legend,
    ],
    layout: {
      height: 400,
      shapes,
      xaxis: { title: { text: r.axes[0].name } },
      yaxis: { title: { text: r.names[col] }, zeroline: true },
    },
  };
}

function pointDetails(target: HTMLElement, r: Json<SweepResult>, i: number, host: ViewHost): void {
  const p = pointOf(r, i);
  const cmd = overviewCommand(r.model, p);
  const rows: (string | number | null)[][] = [
    ...Object.entries(p).map(([k, v]) => [k, v]),
    ...r.names.map((n, k) => [n, r.columns[k][i]]),
  ];
  if (r.attractor[i]) rows.push(['attractor', r.attractor[i]]);
  const failure = r.failures.find((f) => f.item === i);
  if (failure) rows.push(['error', failure.error]);
  target.replaceChildren();
  host.table(target, ['', l10n.t('value')], rows, { digits: 6, caption: l10n.t('Grid point {0}', i) });
  const copy = h('vscode-button', { secondary: true }, l10n.t('Copy model-overview command'));
  copy.addEventListener('click', () => host.copy(cmd));
  target.append(h('p', { class: 'dl-muted' }, l10n.t('Model overview of this point: '), h('code', {}, cmd)), copy);
  if (host.openAnalysis) {
    const open = h('vscode-button', {}, l10n.t('Open model overview'));
    open.addEventListener('click', () =>
      host.openAnalysis?.('model-overview', r.model, {
        set: Object.entries(p).map(([k, v]) => `${k}=${v}`),
      }),
    );
    target.append(open);
  }
}

export const sweepView: AnalysisView<SweepResult> = {
  id: 'sweep',
  render(root, envelope, host) {
    const r = envelope.result;
    const items = r.columns[0]?.length ?? 0;
    const twoD = r.axes.length === 2;
    const s = section(
      root,
      l10n.t('Sweep of {0}: {1}', r.axes.map((a) => a.name).join(' x '), r.measure),
      l10n.t(
        '{0} grid points ({1}){2}. Click a point for its values and its model overview.',
        items,
        r.axes
          .map(
            (a) =>
              `${a.name}: ${a.values.length} values from ${formatNumber(a.values[0])} to ${formatNumber(a.values[a.values.length - 1])}`,
          )
          .join('; '),
        r.failures.length ? `; ${r.failures.length} failed (blank)` : '',
      ),
    );
    const pick = h<'select'>('select', { 'aria-label': l10n.t('Column shown') });
    r.names.forEach((n, k) => pick.append(h('option', { value: String(k) }, n)));
    pick.value = String(host.getUiState('sweep.column', defaultColumn(r)));
    s.append(h('label', {}, l10n.t('Show '), pick));
    const plotBox = h('div', {});
    const details = h('div', { class: 'dl-sweep-point' });
    s.append(plotBox, details);
    const spec = () => {
      const col = Number(pick.value);
      const { data, layout } = twoD ? heatmap(r, col) : curve(r, col, host);
      const axes = r.axes.map((a) => a.name);
      const t = table(r);
      return {
        data,
        layout,
        exportName: `sweep-${r.names[col]}`,
        table: {
          columns: [...axes, r.names[col]],
          rows: [
            ...axes.map((_, a) => t.rows.map((row) => Number(row[1 + a]))),
            t.rows.map((row) => Number(row[1 + axes.length + col] ?? NaN)),
          ],
        },
        label: twoD
          ? l10n.t('Heat map of {0} over {1}', r.names[col], axes.join(' and '))
          : l10n.t('{0} against {1}, on bands of the attractor type', r.names[col], axes[0]),
      };
    };
    const handle = host.plot(plotBox, spec());
    pick.addEventListener('change', () => {
      host.setUiState('sweep.column', Number(pick.value));
      handle.update(spec());
    });
    handle.onClick((curveNumber, pointIndex) => {
      if (curveNumber !== 0) return;
      // heat map clicks arrive as a flat index into z (row = axis 1)
      const i = twoD ? heatIndex(r, pointIndex) : pointIndex;
      if (i >= 0 && i < items) pointDetails(details, r, i, host);
    });
    if (r.failures.length > 0) {
      const f = section(root, l10n.t('{0} failed point{1}', r.failures.length, r.failures.length === 1 ? '' : 's'));
      host.table(
        f,
        [l10n.t('item'), ...r.axes.map((a) => a.name), l10n.t('error')],
        r.failures.map((x) => {
          const p = pointOf(r, x.item ?? 0);
          return [x.item, ...r.axes.map((a) => p[a.name]), x.error];
        }),
      );
    }
    notesList(
      root,
      Object.entries(r.settings).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`),
    );
  },
  table: (envelope) => table(envelope.result),
};

/**
 * Item of a heat-map click. Plotly gives heat-map points as [row, column] of z (row = axis 1 index, column = axis 0
 * index); a flat number is read as row * columns + column.
 */
function heatIndex(r: Json<SweepResult>, at: unknown): number {
  const nA = r.axes[0].values.length;
  const nB = r.axes[1].values.length;
  const [j, i] = Array.isArray(at) ? (at as number[]) : [Math.floor(Number(at) / nA), Number(at) % nA];
  return i * nB + j;
}
