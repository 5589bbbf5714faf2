/**
 * The input graph of the persistence and signed-barcode views: a force layout (graph-layout.ts) drawn once per node
 * function, nodes coloured by the function's values, with the node id and value on hover.
 */
import * as l10n from '@vscode/l10n';
import type { Data } from 'plotly.js';
import type { GraphSummary } from '../../src/protocol/results/persistence';
import { formatNumber } from '../format';
import { h } from '../shell/dom';
import { section } from '../shell/sections';
import { forceLayout } from './graph-layout';
import type { Json, PlotSpec, ViewHost } from './types';

/** Larger graphs are summarised, not drawn (the layout is O(n^2) per iteration). */
const MAX_DRAWN_NODES = 2000;

function spec(g: Json<GraphSummary>, xy: { x: Float64Array; y: Float64Array }, k: number, host: ViewHost): PlotSpec {
  const f = g.functions[k];
  const ex: (number | null)[] = [];
  const ey: (number | null)[] = [];
  for (let e = 0; e + 1 < g.edges.length; e += 2) {
    const u = g.edges[e] ?? 0;
    const v = g.edges[e + 1] ?? 0;
    ex.push(xy.x[u], xy.x[v], null);
    ey.push(xy.y[u], xy.y[v], null);
  }
  const values = f.values.map((v) => v ?? NaN);
  const theme = host.theme();
  const data: Data[] = [
    {
      type: 'scatter',
      mode: 'lines',
      x: ex,
      y: ey,
      hoverinfo: 'skip',
      line: { color: theme.muted, width: 1 },
    },
    {
      type: 'scatter',
      mode: 'markers',
      x: Array.from(xy.x),
      y: Array.from(xy.y),
      text: g.nodeIds.map((id, v) => `${id}: ${f.label} = ${formatNumber(values[v])}`),
      hoverinfo: 'text',
      marker: {
        color: values,
        colorscale: 'Viridis',
        size: g.nodeIds.length > 300 ? 5 : 9,
        colorbar: { title: { text: f.label } },
      },
    },
  ];
  return {
    data,
    layout: {
      title: { text: l10n.t('Graph coloured by {0}', f.label) },
      xaxis: { visible: false },
      yaxis: { visible: false, scaleanchor: 'x' },
      height: 420,
      showlegend: false,
    },
    exportName: `graph-${f.label.replace(/[^A-Za-z0-9_-]+/g, '_')}`,
    table: { columns: ['x', 'y', f.label], rows: [xy.x, xy.y, values] },
    label: l10n.t('The input graph in a force layout, nodes coloured by {0}', f.label),
  };
}

export function renderGraph(root: HTMLElement, g: Json<GraphSummary> | undefined, host: ViewHost): void {
  if (!g) return;
  const n = g.nodeIds.length;
  const m = g.edges.length / 2;
  const sec = section(
    root,
    l10n.t('Graph'),
    l10n.t(
      '{0} nodes, {1} edges, {2} triangles, {3} connected components, {4} isolated nodes. Force-directed layout (Fruchterman-Reingold, deterministic).',
      n,
      m,
      g.triangles ?? 0,
      g.components ?? 0,
      g.isolated ?? 0,
    ),
  );
  if (n > MAX_DRAWN_NODES) {
    sec.append(h('p', { class: 'dl-muted' }, l10n.t('{0} nodes: too many to draw (at most {1}).', n, MAX_DRAWN_NODES)));
    return;
  }
  const xy = forceLayout(
    n,
    g.edges.map((v) => v ?? 0),
  );
  const row = h('div', {
    style: `display:grid;grid-template-columns:repeat(${Math.min(2, g.functions.length)},minmax(0,1fr));gap:12px`,
  });
  sec.append(row);
  g.functions.forEach((_, k) => {
    const box = h('div');
    row.append(box);
    host.plot(box, spec(g, xy, k, host));
  });
}
