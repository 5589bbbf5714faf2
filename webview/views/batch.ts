/**
 * Batch result view: a batch folder's items as a sortable feature table (the first rows after sorting), the
 * failures (each one opens its item), a 2-D PCA projection of the feature vectors coloured by label (hover names
 * the item, a click opens its own analysis) and, for features on a grid (Hilbert or Euler images, Betti curves),
 * the mean image or curve per label. Names from files are inserted as text (DOM text nodes; escaped for Plotly).
 */
import * as l10n from '@vscode/l10n';
import type { Data, Layout } from 'plotly.js';
import type { BatchResult } from '../../src/protocol';
import { h } from '../shell/dom';
import { formatNumber } from '../format';
import { notesList, nums, section } from '../shell/sections';
import type { AnalysisView, Json, ResultTable, ViewHost } from './types';
import { plotText, projectionGroups, sharedRange, sortOrder, tableColumns, tableRows, type Cell } from './batch-model';

/** Rows of the table on screen (the CSV export has them all). */
const SHOWN_ROWS = 100;
/** Class means drawn side by side per grid. */
const MAX_PANELS = 6;

function openButton(text: string, at: number | null, host: ViewHost): HTMLElement {
  const index = at ?? -1;
  if (!host.openBatchItem || index < 0) return h('span', {}, text);
  const b = h(
    'button',
    { type: 'button', class: 'dl-link', title: l10n.t('Open this item in its own analysis panel') },
    text,
  );
  b.addEventListener('click', () => host.openBatchItem!(index));
  return b;
}

function summary(root: HTMLElement, r: Json<BatchResult>): void {
  const ok = r.ok ?? 0;
  const failed = r.failed ?? 0;
  const total = r.total ?? 0;
  const text = r.complete
    ? l10n.t('{0} items: {1} ok, {2} failed', total, ok, failed)
    : l10n.t('{0} of {1} items done so far: {2} ok, {3} failed', ok + failed, total, ok, failed);
  const s = section(root, l10n.t('Batch of {0}', r.analysisId), r.out);
  s.append(
    h('p', { class: 'dl-batch-summary' }, text),
    h('p', { class: 'dl-muted' }, l10n.t('{0} features per item', r.names.length)),
  );
}

function failures(root: HTMLElement, r: Json<BatchResult>, host: ViewHost): void {
  const failed = r.items.filter((it) => it.status === 'failed');
  if (failed.length === 0) return;
  const s = section(root, l10n.t('Failures ({0})', failed.length));
  const ul = h('ul', { class: 'dl-batch-failures' });
  for (const it of failed)
    ul.append(h('li', {}, openButton(it.id, it.index, host), h('span', { class: 'dl-muted' }, ` ${it.error ?? ''}`)));
  s.append(ul);
}

function projection(root: HTMLElement, r: Json<BatchResult>, host: ViewHost): void {
  const p = r.projection;
  if (!p) return;
  const groups = projectionGroups(r);
  const ratio = p.explainedVarianceRatio.map((v) => (v === null ? '?' : `${(100 * v).toFixed(1)}%`));
  const s = section(
    root,
    l10n.t('PCA projection of the feature vectors'),
    l10n.t(
      'Coloured by label; hover names the item, a click opens its analysis. PC1 {0}, PC2 {1} of the variance.',
      ratio[0],
      ratio[1],
    ),
  );
  const box = h('div', { class: 'dl-plot dl-batch-pca' });
  s.append(box);
  const colors = host.theme().series;
  const data = groups.map(
    (g, k) =>
      ({
        type: 'scattergl',
        mode: 'markers',
        name: plotText(g.label),
        x: g.x,
        y: g.y,
        text: g.text,
        hovertemplate: '%{text}<extra></extra>',
        marker: { size: 7, color: colors[k % colors.length] },
      }) as Data,
  );
  const handle = host.plot(box, {
    data,
    layout: {
      height: 420,
      xaxis: { title: { text: l10n.t('PC1') } },
      yaxis: { title: { text: l10n.t('PC2') } },
      hovermode: 'closest',
    },
    exportName: 'batch-pca',
    label: l10n.t('Scatter plot of the items on the first two principal components, one colour per label'),
    table: { columns: ['item', 'pc1', 'pc2'], rows: [nums(p.index), nums(p.x), nums(p.y)] },
  });
  handle.onClick((curve, point) => {
    const index = groups[curve]?.index[point];
    if (index !== undefined) host.openBatchItem?.(index);
  });
}

function classMeans(root: HTMLElement, r: Json<BatchResult>, host: ViewHost): void {
  const cm = r.classMeans;
  if (!cm || cm.classes.length === 0) return;
  const s = section(root, l10n.t('Class means'), l10n.t('Mean of each feature grid over the ok items of each label'));
  const colors = host.theme().series;
  cm.grids.forEach((g, gi) => {
    const classes = cm.classes.slice(0, MAX_PANELS);
    const box = h('div', { class: 'dl-plot dl-batch-means' });
    s.append(h('h3', {}, g.name), box);
    if (g.rows === 1) {
      const data = classes.map(
        (c, k) =>
          ({
            type: 'scatter',
            mode: 'lines',
            name: plotText(`${c.label} (${c.count})`),
            y: nums(c.images[gi]),
            line: { color: colors[k % colors.length] },
          }) as Data,
      );
      host.plot(box, {
        data,
        layout: { height: 300, xaxis: { title: { text: l10n.t('sample') } } },
        exportName: `batch-mean-${g.name}`,
        label: l10n.t('Mean {0} curve per label', g.name),
      });
      return;
    }
    const [zmin, zmax] = sharedRange(classes.map((c) => c.images[gi]));
    const layout: Partial<Layout> = {
      height: 300,
      grid: { rows: 1, columns: classes.length, pattern: 'independent' },
      annotations: classes.map((c, k) => ({
        text: plotText(`${c.label} (${c.count})`),
        showarrow: false,
        xref: 'paper',
        yref: 'paper',
        x: (k + 0.5) / classes.length,
        y: 1.08,
        xanchor: 'center',
      })),
    };
    const data = classes.map((c, k) => {
      const im = nums(c.images[gi]);
      const z: number[][] = [];
      const width = g.cols ?? 0;
      for (let a = 0; a < (g.rows ?? 0); a++) z.push(im.slice(a * width, (a + 1) * width));
      return {
        type: 'heatmap',
        z,
        zmin,
        zmax,
        colorscale: 'Viridis',
        showscale: k === classes.length - 1,
        xaxis: k === 0 ? 'x' : `x${k + 1}`,
        yaxis: k === 0 ? 'y' : `y${k + 1}`,
        hovertemplate: 'r %{y}, t %{x}: %{z}<extra></extra>',
      } as unknown as Data;
    });
    host.plot(box, {
      data,
      layout,
      exportName: `batch-mean-${g.name}`,
      label: l10n.t('Mean {0} image per label, on one colour scale', g.name),
    });
  });
}

function featureTable(root: HTMLElement, r: Json<BatchResult>, host: ViewHost): void {
  const columns = tableColumns(r);
  const rows = tableRows(r);
  const s = section(
    root,
    l10n.t('Feature table'),
    l10n.t(
      'The first {0} of {1} rows and {2} of {3} features; click a column to sort. The folder holds the whole table.',
      Math.min(SHOWN_ROWS, rows.length),
      rows.length,
      r.tableColumns ?? 0,
      r.names.length,
    ),
  );
  const wrap = h('div', { class: 'dl-table-wrap' });
  s.append(wrap);
  let sorted = host.getUiState<{ column: number; direction: 'asc' | 'desc' } | null>('batchSort', null);
  const draw = () => {
    const order = sorted ? sortOrder(rows, sorted.column, sorted.direction) : rows.map((_, i) => i);
    const table = h('table', { class: 'dl-table dl-batch-table' }, h('caption', {}, l10n.t('Feature table')));
    const head = h('tr');
    columns.forEach((c, j) => {
      const dir = sorted?.column === j ? sorted.direction : undefined;
      const b = h(
        'button',
        { type: 'button', class: 'dl-sort', 'data-column': j },
        c,
        dir ? (dir === 'asc' ? ' \u25b2' : ' \u25bc') : '',
      );
      b.addEventListener('click', () => {
        sorted = { column: j, direction: sorted?.column === j && sorted.direction === 'asc' ? 'desc' : 'asc' };
        host.setUiState('batchSort', sorted);
        draw();
      });
      head.append(
        h('th', { scope: 'col', 'aria-sort': dir ? (dir === 'asc' ? 'ascending' : 'descending') : undefined }, b),
      );
    });
    const body = h('tbody');
    for (const i of order.slice(0, SHOWN_ROWS)) {
      const row = rows[i];
      const it = r.items[i];
      const tr = h('tr', { 'data-status': it.status });
      row.forEach((v: Cell, j) => {
        if (j === 1) tr.append(h('td', {}, openButton(String(v), it.index, host)));
        else
          tr.append(
            h(
              'td',
              { class: typeof v === 'number' ? 'num' : undefined },
              v === null ? '' : typeof v === 'number' && j >= 4 ? formatNumber(v) : String(v),
            ),
          );
      });
      body.append(tr);
    }
    table.append(h('thead', {}, head), body);
    wrap.replaceChildren(table);
  };
  draw();
}

function table(env: Json<{ result: BatchResult }>): ResultTable {
  const r = env.result;
  return { columns: tableColumns(r), rows: tableRows(r), name: `batch-${r.analysisId}` };
}

export const batchView: AnalysisView<BatchResult> = {
  id: 'batch',
  render(root, env, host) {
    const r = env.result;
    summary(root, r);
    failures(root, r, host);
    projection(root, r, host);
    classMeans(root, r, host);
    featureTable(root, r, host);
    notesList(root, r.notes);
  },
  table: (env) => table(env),
};
