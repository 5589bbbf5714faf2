/**
 * The persistence view: per homology degree, the barcode and the persistence diagram side by side, with hover
 * values, and a persistence slider that hides bars shorter than the chosen length (infinite bars always stay).
 * Data arrive as JSON: an infinite death is null.
 */
import type { Data } from 'plotly.js';
import type { PersistenceResult } from '../../src/protocol';
import type { AnalysisView, Json, PlotHandle, PlotSpec, ResultTable, ViewHost } from './types';
import * as l10n from '@vscode/l10n';
import { formatNumber } from '../format';
import { renderGraph } from './graph-view';
import { h, uid } from '../shell/dom';
import { section } from '../shell/sections';
import { landmarkSentence, renderComparison, renderVectorizations } from './persistence-vectors';
import { renderCycles } from './persistence-cycles';

type Result = Json<PersistenceResult>;
type Diagram = Result['diagrams'][number];

/** Above this many bars in a degree, plots use WebGL. */
const WEBGL_BARS = 4000;

interface Bar {
  birth: number;
  /** Infinity for essential classes. */
  death: number;
  /** Position in the diagram's arrays (and in the cocycle list for H1). */
  index: number;
}

function barsOf(d: Diagram): Bar[] {
  const out: Bar[] = [];
  for (let i = 0; i < d.births.length; i++) {
    const b = d.births[i];
    if (b === null) continue;
    const x = d.deaths[i];
    out.push({ birth: b, death: x === null ? Infinity : x, index: i });
  }
  // Longest first, so the barcode reads top-down from the most persistent class.
  out.sort((a, b) => b.death - b.birth - (a.death - a.birth) || a.birth - b.birth);
  return out;
}

function hoverText(dim: number, b: Bar): string {
  const death = Number.isFinite(b.death) ? formatNumber(b.death) : '\u221e';
  const pers = Number.isFinite(b.death) ? formatNumber(b.death - b.birth) : '\u221e';
  return `H${dim}: [${formatNumber(b.birth)}, ${death})<br>persistence ${pers}`;
}

/** The value where infinite bars are drawn: a little past every finite value and the threshold. */
function infinityLevel(r: Result): number {
  let m = r.thresholdUsed ?? 0;
  for (const d of r.diagrams) for (const x of d.deaths) if (x !== null && x > m) m = x;
  for (const d of r.diagrams) for (const x of d.births) if (x !== null && x > m) m = x;
  const lo = lowLevel(r);
  if (lo < 0) return m + 0.08 * (m - lo || 1);
  return m > 0 ? m * 1.08 : 1;
}

/** The left end of the axes: 0, or the smallest birth when a graph's node function goes below 0. */
function lowLevel(r: Result): number {
  let lo = 0;
  for (const d of r.diagrams) for (const x of d.births) if (x !== null && x < lo) lo = x;
  return lo;
}

/** What the filtration value is: a diameter for clouds, the node function for graphs. */
function valueTitle(r: Result): string {
  const f = r.graph?.functions[0]?.label;
  return f !== undefined ? l10n.t('node function {0}', f) : 'diameter (edge length)';
}

interface Axis {
  lo: number;
  title: string;
}

function barcodeSpec(dim: number, bars: Bar[], inf: number, host: ViewHost, axis: Axis): PlotSpec {
  const theme = host.theme();
  const type = bars.length > WEBGL_BARS ? 'scattergl' : 'scatter';
  const fx: (number | null)[] = [];
  const fy: (number | null)[] = [];
  const ft: string[] = [];
  const ix: (number | null)[] = [];
  const iy: (number | null)[] = [];
  const it: string[] = [];
  bars.forEach((b, k) => {
    const y = bars.length - k;
    const text = hoverText(dim, b);
    if (Number.isFinite(b.death)) {
      fx.push(b.birth, b.death, null);
      fy.push(y, y, null);
      ft.push(text, text, '');
    } else {
      ix.push(b.birth, inf, null);
      iy.push(y, y, null);
      it.push(text, text, '');
    }
  });
  const data: Data[] = [
    {
      type,
      mode: 'lines',
      name: l10n.t('finite'),
      x: fx,
      y: fy,
      text: ft,
      hoverinfo: 'text',
      line: { color: theme.series[dim % theme.series.length], width: 2 },
    },
    {
      type,
      mode: 'lines',
      name: l10n.t('infinite'),
      x: ix,
      y: iy,
      text: it,
      hoverinfo: 'text',
      line: { color: theme.accent, width: 2, dash: 'dot' },
    },
  ];
  return {
    data,
    layout: {
      title: { text: l10n.t('H{0} barcode', dim) },
      xaxis: { title: { text: axis.title }, range: [axis.lo, axis.lo + (inf - axis.lo) * 1.02] },
      yaxis: {
        showticklabels: false,
        title: { text: l10n.t('{0} bar{1} shown', bars.length, bars.length === 1 ? '' : 's') },
      },
      height: Math.min(520, 160 + 4 * bars.length),
      showlegend: false,
    },
    exportName: `persistence-H${dim}-barcode`,
    table: { columns: ['birth', 'death'], rows: [bars.map((b) => b.birth), bars.map((b) => b.death)] },
    label: l10n.t('Barcode of degree {0}: {1} bars, longest at the top; dotted bars never die', dim, bars.length),
  };
}

function diagramSpec(dim: number, bars: Bar[], inf: number, host: ViewHost, axis: Axis): PlotSpec {
  const theme = host.theme();
  const type = bars.length > WEBGL_BARS ? 'scattergl' : 'scatter';
  const fin = bars.filter((b) => Number.isFinite(b.death));
  const ess = bars.filter((b) => !Number.isFinite(b.death));
  const data: Data[] = [
    {
      type: 'scatter',
      mode: 'lines',
      name: l10n.t('diagonal'),
      x: [axis.lo, inf],
      y: [axis.lo, inf],
      hoverinfo: 'skip',
      line: { color: theme.muted, width: 1 },
    },
    {
      type: 'scatter',
      mode: 'lines',
      name: '\u221e',
      x: [axis.lo, inf],
      y: [inf, inf],
      hoverinfo: 'skip',
      line: { color: theme.grid, width: 1, dash: 'dash' },
    },
    {
      type,
      mode: 'markers',
      name: l10n.t('finite'),
      x: fin.map((b) => b.birth),
      y: fin.map((b) => b.death),
      text: fin.map((b) => hoverText(dim, b)),
      hoverinfo: 'text',
      marker: { color: theme.series[dim % theme.series.length], size: 6 },
    },
    {
      type,
      mode: 'markers',
      name: l10n.t('infinite'),
      x: ess.map((b) => b.birth),
      y: ess.map(() => inf),
      text: ess.map((b) => hoverText(dim, b)),
      hoverinfo: 'text',
      marker: { color: theme.accent, size: 8, symbol: 'triangle-up' },
    },
  ];
  return {
    data,
    layout: {
      title: { text: l10n.t('H{0} persistence diagram', dim) },
      xaxis: { title: { text: l10n.t('birth') }, range: [axis.lo, axis.lo + (inf - axis.lo) * 1.02] },
      yaxis: { title: { text: l10n.t('death') }, range: [axis.lo, axis.lo + (inf - axis.lo) * 1.05] },
      height: 360,
      showlegend: false,
    },
    exportName: `persistence-H${dim}-diagram`,
    table: { columns: ['birth', 'death'], rows: [bars.map((b) => b.birth), bars.map((b) => b.death)] },
    label: l10n.t(
      'Persistence diagram of degree {0}: {1} finite points, {2} infinite (triangles on the dashed line)',
      dim,
      fin.length,
      ess.length,
    ),
  };
}

function previewSpec(r: Result, host: ViewHost): PlotSpec | undefined {
  const p = r.preview;
  if (!p || p.coords.length === 0) return undefined;
  const x = p.coords[0];
  const y = p.coords.length > 1 ? p.coords[1] : x.map((_, i) => i);
  return {
    data: [
      {
        type: x.length > WEBGL_BARS ? 'scattergl' : 'scatter',
        mode: 'markers',
        x,
        y,
        marker: { color: host.theme().series[0], size: 4 },
        hoverinfo: 'x+y',
      },
    ],
    layout: {
      title: { text: l10n.t('point cloud (first two coordinates)') },
      xaxis: { title: { text: p.columns[0] } },
      yaxis: {
        title: { text: p.columns.length > 1 ? p.columns[1] : l10n.t('point index') },
        scaleanchor: p.columns.length > 1 ? 'x' : undefined,
      },
      height: 340,
    },
    exportName: 'persistence-points',
    table: {
      columns: p.columns.length > 1 ? [p.columns[0], p.columns[1]] : [p.columns[0]],
      rows: p.columns.length > 1 ? [x as ArrayLike<number>, y as ArrayLike<number>] : [x as ArrayLike<number>],
    },
    label: l10n.t('The input points projected on their first two coordinates'),
  };
}

/** The bar behind a click: trace 0 holds the finite bars in order, trace 1 the infinite ones (plus offsets). */
function clickedBar(shown: Bar[], trace: number, k: number): Bar | undefined {
  if (trace === 0) return shown.filter((b) => Number.isFinite(b.death))[k];
  if (trace === 1) return shown.filter((b) => !Number.isFinite(b.death))[k];
  return undefined;
}

function summaryRows(r: Result): (string | number | null)[][] {
  return r.diagrams.map((d) => {
    const bars = barsOf(d);
    const fin = bars.filter((b) => Number.isFinite(b.death));
    const longest = fin.reduce((m, b) => Math.max(m, b.death - b.birth), 0);
    return [`H${d.dim ?? '?'}`, bars.length, bars.length - fin.length, fin.length ? longest : null];
  });
}

function resultTable(r: Result): ResultTable {
  const rows: (string | number | null)[][] = [];
  for (const d of r.diagrams) for (let i = 0; i < d.births.length; i++) rows.push([d.dim, d.births[i], d.deaths[i]]);
  return { columns: ['dim', 'birth', 'death'], rows, name: 'persistence-pairs' };
}

/** --extended (graphs): the four kinds of pairs in one diagram, and as a table. */
function renderExtended(root: HTMLElement, r: Result, host: ViewHost): void {
  const e = r.extended;
  if (!e) return;
  const kinds: [string, (number | null)[][]][] = [
    [l10n.t('ordinary'), e.ordinary],
    [l10n.t('relative'), e.relative],
    [l10n.t('extended+'), e.extendedPlus],
    [l10n.t('extended-'), e.extendedMinus],
  ];
  const sec = section(
    root,
    l10n.t('Extended persistence'),
    l10n.t(
      'Pairs of the sublevel sets (ordinary), of the superlevel sets (relative, birth > death) and across (extended+ and extended-), of the node function on the graph (Cohen-Steiner, Edelsbrunner & Harer 2009).',
    ),
  );
  const theme = host.theme();
  const all = kinds.flatMap(([, list]) => list).flatMap((p) => [p[1] ?? 0, p[2] ?? 0]);
  const lo = Math.min(0, ...all);
  const hi = Math.max(1, ...all);
  host.plot(sec, {
    data: [
      {
        type: 'scatter',
        mode: 'lines',
        x: [lo, hi],
        y: [lo, hi],
        hoverinfo: 'skip',
        line: { color: theme.muted, width: 1 },
        showlegend: false,
      },
      ...kinds.map(([name, list], k): Data => ({
        type: 'scatter',
        mode: 'markers',
        name,
        x: list.map((p) => p[1]),
        y: list.map((p) => p[2]),
        text: list.map((p) => `${name} H${p[0]}`),
        hovertemplate: '%{text}<br>birth %{x}<br>death %{y}<extra></extra>',
        marker: { color: theme.series[k % theme.series.length], size: 7 },
      })),
    ],
    layout: {
      title: { text: l10n.t('Extended persistence diagram') },
      xaxis: { title: { text: l10n.t('birth') } },
      yaxis: { title: { text: l10n.t('death') } },
      height: 380,
    },
    exportName: 'persistence-extended',
    label: l10n.t('Extended persistence diagram: ordinary, relative, extended+ and extended- pairs'),
  });
  host.table(
    sec,
    [l10n.t('kind'), l10n.t('dim'), l10n.t('birth'), l10n.t('death')],
    kinds.flatMap(([name, list]) => list.map((p) => [name, p[0], p[1], p[2]])),
    { digits: 6, caption: l10n.t('Extended persistence pairs') },
  );
}

export const persistenceView: AnalysisView<PersistenceResult> = {
  id: 'persistence',
  render(root, envelope, host) {
    const r = envelope.result;
    const graphFunction = r.graph?.functions[0]?.label;
    const info = [
      graphFunction !== undefined
        ? l10n.t(
            '{0} nodes, lower-star filtration of {1} on the clique complex up to dimension 2, coefficients Z/{2}, degrees 0..{3}. Largest filtration value {4}.',
            r.points ?? 0,
            graphFunction,
            r.modulus ?? 2,
            r.maxDim ?? 0,
            formatNumber(r.thresholdUsed),
          )
        : `${r.points} points (${r.format}${r.columns ? `, columns ${r.columns.join(', ')}` : ''}), Vietoris-Rips filtration by diameter, coefficients Z/${r.modulus}, degrees 0..${r.maxDim}.`,
      graphFunction !== undefined
        ? ''
        : `Threshold ${formatNumber(r.thresholdUsed)} (enclosing radius ${formatNumber(r.enclosingRadius)}).`,
      r.delayEmbedding
        ? `Delay embedding of "${r.delayEmbedding.column}": dim ${r.delayEmbedding.dim}, lag ${r.delayEmbedding.lag} (${r.delayEmbedding.lagRule}).`
        : '',
      landmarkSentence(r),
      'Zero-length bars are not shown; an infinite bar never dies below the threshold.',
    ].filter((s) => s !== '');
    const head = section(root, l10n.t('Persistent homology'), info.join(' '));
    host.table(head, [l10n.t('degree'), l10n.t('bars'), l10n.t('infinite'), l10n.t('longest finite')], summaryRows(r), {
      digits: 6,
      caption: l10n.t('Bars per degree'),
    });
    for (const note of r.notes) head.append(h('p', { class: 'dl-muted dl-note' }, note));
    renderGraph(root, r.graph, host);
    const axis: Axis = { lo: lowLevel(r), title: valueTitle(r) };

    const all = r.diagrams.map(barsOf);
    let maxPers = 0;
    for (const bars of all)
      for (const b of bars) if (Number.isFinite(b.death)) maxPers = Math.max(maxPers, b.death - b.birth);
    const inf = infinityLevel(r);

    const controls = section(
      root,
      l10n.t('Bars'),
      l10n.t('Drag the slider to hide bars shorter than the chosen persistence (death - birth).'),
    );
    const sliderId = uid('persistence');
    const steps = 1000;
    const slider = h('input', {
      type: 'range',
      id: sliderId,
      min: 0,
      max: steps,
      step: 1,
      value: host.getUiState('minPersistenceStep', 0),
    });
    const readout = h('span', { class: 'dl-muted' });
    controls.append(
      h(
        'div',
        { class: 'dl-controls' },
        h('label', { for: sliderId }, l10n.t('minimum persistence ')),
        slider,
        readout,
      ),
    );

    const plots: { dim: number; bar: PlotHandle; dia: PlotHandle; shown: Bar[] }[] = [];
    const filtered = (bars: Bar[], minP: number): Bar[] =>
      minP <= 0 ? bars : bars.filter((b) => !Number.isFinite(b.death) || b.death - b.birth >= minP);
    r.diagrams.forEach((d, k) => {
      const row = h('div', { style: 'display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:12px' });
      const left = h('div');
      const right = h('div');
      row.append(left, right);
      const dim = d.dim ?? k;
      controls.append(h('h3', {}, l10n.t('Degree {0}', dim)), row);
      plots.push({
        dim,
        bar: host.plot(left, barcodeSpec(dim, all[k], inf, host, axis)),
        dia: host.plot(right, diagramSpec(dim, all[k], inf, host, axis)),
        shown: all[k],
      });
    });
    const apply = (step: number): void => {
      const minP = (maxPers * step) / steps;
      let shown = 0;
      let total = 0;
      plots.forEach((p, k) => {
        const bars = filtered(all[k], minP);
        p.shown = bars;
        shown += bars.length;
        total += all[k].length;
        p.bar.update(barcodeSpec(p.dim, bars, inf, host, axis));
        p.dia.update(diagramSpec(p.dim, bars, inf, host, axis));
      });
      readout.textContent = l10n.t(' {0} ({1} of {2} bars shown)', formatNumber(minP), shown, total);
    };
    slider.addEventListener('input', () => {
      const step = Number(slider.value);
      host.setUiState('minPersistenceStep', step);
      apply(step);
    });
    apply(Number(slider.value));

    renderExtended(root, r, host);
    renderComparison(root, r, host);
    renderVectorizations(root, r, host);

    const prev = previewSpec(r, host);
    if (prev) host.plot(section(root, l10n.t('Points')), prev);
    const showCycle = renderCycles(root, r, host);
    if (showCycle)
      for (const p of plots.filter((q) => q.dim === 1)) {
        p.bar.onClick((curve, point) => {
          const b = clickedBar(p.shown, curve, Math.floor(point / 3));
          if (b) showCycle(b.index);
        });
        p.dia.onClick((curve, point) => {
          const b = clickedBar(p.shown, curve - 2, point);
          if (b) showCycle(b.index);
        });
      }
  },
  table: (envelope) => resultTable(envelope.result),
};
