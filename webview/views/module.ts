/**
 * The module view (MMA): the interval summands of each degree as translucent coloured regions of the plane (hover:
 * corners and weight), the MMA image beside them, a line picker drawing the fibered barcode of any slope-1 line
 * (the summands restricted to it), and the landscapes.
 *
 * The restriction to a line is recomputed here from the summands, with the formula of
 * src/analysis/topology/module/restrict.ts (the webview cannot import the analysis core): on the line of offset
 * c = x - y, a summand is the bar [beta(c), delta(c)) in s = (x + y)/2, beta and delta taken at the family lines next
 * to c (or the summand's end line nearest to c).
 */
import * as l10n from '@vscode/l10n';
import { renderGraph } from './graph-view';
import type { Data } from 'plotly.js';
import type { ModuleResult } from '../../src/protocol';
import type { AnalysisView, Json, PlotHandle, PlotSpec, ResultTable, ViewHost } from './types';
import { formatNumber } from '../format';
import { h, uid } from '../shell/dom';
import { notesList, nums, section } from '../shell/sections';

type Result = Json<ModuleResult>;
type Summand = Result['summands'][number];

interface Family {
  c0: number;
  step: number;
  count: number;
}

const num = (x: number | null | undefined): number => (x === null || x === undefined ? NaN : x);
/** Deaths arrive as null for "never dies". */
const death = (x: number | null | undefined): number => (x === null || x === undefined ? Infinity : x);

/** At most this many summands per degree are drawn as regions (the heaviest); the barcode uses them all. */
const MAX_REGIONS = 80;

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22'];

function familyOf(r: Result): Family {
  return { c0: num(r.family.c0), step: num(r.family.step), count: num(r.family.count) };
}

/** s where the line of offset c leaves the box [x0, x1] x [y0, y1] at its upper right. */
function exitS(box: number[], c: number): number {
  return Math.min(box[1] - c / 2, box[3] + c / 2);
}

function profile(sm: Summand, f: Family, c: number): [number, number] {
  const first = num(sm.firstLine);
  const last = first + sm.births.length - 1;
  const u = (c - f.c0) / f.step;
  const lo = Math.min(Math.max(Math.floor(u), first), last);
  const hi = Math.min(Math.max(Math.ceil(u), first), last);
  let beta = Infinity;
  let delta = -Infinity;
  for (let k = lo; k <= hi; k++) {
    const half = Math.abs(c - (f.c0 + k * f.step)) / 2;
    beta = Math.min(beta, num(sm.births[k - first]) + half);
    delta = Math.max(delta, death(sm.deaths[k - first]) - half);
  }
  return [beta, delta];
}

/** The bars of the summands of one degree on the line of offset c (index of the summand, birth, death). */
function barsOnLine(r: Result, degree: number, c: number): { index: number; birth: number; death: number }[] {
  const f = familyOf(r);
  const out: { index: number; birth: number; death: number }[] = [];
  r.summands.forEach((sm, index) => {
    if (sm.degree !== degree) return;
    const [beta, delta] = profile(sm, f, c);
    if (delta - beta > 1e-8 * f.step) out.push({ index, birth: beta, death: delta });
  });
  return out.sort((a, b) => a.birth - b.birth || b.death - a.death);
}

const point = (c: number, s: number): [number, number] => [s + c / 2, s - c / 2];

/**
 * The boundary of a summand as a closed polygon: the lower staircase through the birth corners, the corner where it
 * meets the upper staircase past the last line, the upper staircase back through the death corners (deaths at
 * infinity clipped where the line leaves the box), and the closing corner before the first line.
 */
function polygon(sm: Summand, f: Family, box: number[]): { x: number[]; y: number[] } {
  const first = num(sm.firstLine);
  const lower: [number, number][] = [];
  const upper: [number, number][] = [];
  sm.births.forEach((b, i) => {
    const c = f.c0 + (first + i) * f.step;
    lower.push(point(c, num(b)));
    upper.push(point(c, Math.min(death(sm.deaths[i]), Math.max(num(b), exitS(box, c)))));
  });
  const xs: number[] = [];
  const ys: number[] = [];
  const add = (p: [number, number]): void => {
    xs.push(p[0]);
    ys.push(p[1]);
  };
  lower.forEach((p, i) => {
    if (i > 0) add([p[0], lower[i - 1][1]]);
    add(p);
  });
  const n = lower.length;
  add([upper[n - 1][0], lower[n - 1][1]]);
  for (let i = n - 1; i >= 0; i--) {
    add(upper[i]);
    if (i > 0) add([upper[i - 1][0], upper[i][1]]);
  }
  add([lower[0][0], upper[0][1]]);
  add(lower[0]);
  return { x: xs, y: ys };
}

function cornerText(sm: Summand, index: number): string {
  const fmt = (p: (number | null)[]): string => `(${formatNumber(num(p[0]))}, ${formatNumber(num(p[1]))})`;
  const list = (ps: (number | null)[][]): string =>
    ps.length <= 6
      ? ps.map(fmt).join(' ')
      : `${ps.slice(0, 3).map(fmt).join(' ')} … ${ps.slice(-3).map(fmt).join(' ')} (${ps.length})`;
  return [
    l10n.t('summand {0} (H{1}), weight {2}', index, num(sm.degree), formatNumber(num(sm.weight))),
    l10n.t('lower corners: {0}', list(sm.lower)),
    l10n.t('upper corners: {0}', sm.upper.length > 0 ? list(sm.upper) : l10n.t('none (never dies)')),
  ].join('<br>');
}

function axisTitles(r: Result): { x: string; y: string } {
  const unit = r.scale === 'box' ? l10n.t(' (scaled to [0, 1])') : '';
  return {
    x: l10n.t('Rips scale r{0}', unit),
    y: r.function === 'codensity' ? l10n.t('codensity{0}', unit) : l10n.t('{0}{1}', r.function, unit),
  };
}

function regionsSpec(r: Result, degree: number, c: number): PlotSpec {
  const f = familyOf(r);
  const box = r.box.map(num);
  const ranked = r.summands
    .map((sm, index) => ({ sm, index }))
    .filter((x) => x.sm.degree === degree)
    .sort((a, b) => num(b.sm.weight) - num(a.sm.weight));
  const shown = ranked.slice(0, MAX_REGIONS);
  const data: Data[] = shown.map(({ sm, index }, k) => {
    const poly = polygon(sm, f, box);
    return {
      type: 'scatter',
      mode: 'lines',
      x: poly.x,
      y: poly.y,
      fill: 'toself',
      fillcolor: PALETTE[k % PALETTE.length],
      opacity: 0.35,
      line: { color: PALETTE[k % PALETTE.length], width: 1 },
      // hovering a filled region shows the trace name: the corners and the weight
      hoveron: 'fills',
      text: cornerText(sm, index),
      name: cornerText(sm, index),
      hoverlabel: { namelength: -1 },
      showlegend: false,
    };
  });
  // the picked line across the box
  const s0 = Math.max(box[0] - c / 2, box[2] + c / 2);
  const s1 = exitS(box, c);
  data.push({
    type: 'scatter',
    mode: 'lines',
    x: [point(c, s0)[0], point(c, s1)[0]],
    y: [point(c, s0)[1], point(c, s1)[1]],
    line: { dash: 'dash', width: 2 },
    name: l10n.t('picked line'),
    hoverinfo: 'skip',
    showlegend: false,
  });
  const ax = axisTitles(r);
  return {
    data,
    layout: {
      title: {
        text: l10n.t(
          'H{0}: {1} summands{2}',
          degree,
          ranked.length,
          ranked.length > shown.length ? l10n.t(' ({0} heaviest drawn)', shown.length) : '',
        ),
      },
      xaxis: { title: { text: ax.x }, range: [box[0], box[1]] },
      yaxis: { title: { text: ax.y }, range: [box[2], box[3]] },
      height: 420,
    },
    exportName: `module-h${degree}-summands`,
    table: {
      columns: ['summand', 'weight', 'corners'],
      rows: [shown.map((x) => x.index), shown.map((x) => num(x.sm.weight)), shown.map((x) => x.sm.lower.length)],
    },
    label: l10n.t('Interval summands of degree {0} as coloured regions of the plane', degree),
  };
}

function gridAxes(r: Result, res: number): { xs: number[]; ys: number[] } {
  const [x0, x1, y0, y1] = r.box.map(num);
  return {
    xs: Array.from({ length: res }, (_, i) => x0 + ((i + 0.5) * (x1 - x0)) / res),
    ys: Array.from({ length: res }, (_, j) => y0 + ((j + 0.5) * (y1 - y0)) / res),
  };
}

function heatmapSpec(r: Result, values: (number | null)[], title: string, name: string, label: string): PlotSpec {
  const res = num(r.image.resolution);
  const { xs, ys } = gridAxes(r, res);
  const z = ys.map((_, j) => xs.map((_, i) => num(values[j * res + i])));
  const ax = axisTitles(r);
  return {
    data: [
      { type: 'heatmap', x: xs, y: ys, z, colorscale: 'Viridis', hovertemplate: '%{x}, %{y}: %{z}<extra></extra>' },
    ],
    layout: { title: { text: title }, xaxis: { title: { text: ax.x } }, yaxis: { title: { text: ax.y } }, height: 420 },
    exportName: name,
    table: { columns: ['y \\ x', ...xs.map(String)], rows: [ys, ...xs.map((_, i) => ys.map((_, j) => z[j][i]))] },
    label,
  };
}

function barcodeSpec(r: Result, c: number): PlotSpec {
  const box = r.box.map(num);
  const top = exitS(box, c);
  const data: Data[] = [];
  let row = 0;
  const rows: number[][] = [[], [], []];
  for (const degree of r.degrees.map(num)) {
    const bars = barsOnLine(r, degree, c);
    const x: (number | null)[] = [];
    const y: (number | null)[] = [];
    for (const b of bars) {
      const end = Number.isFinite(b.death) ? b.death : Math.max(top, b.birth);
      x.push(b.birth, end, null);
      y.push(row, row, null);
      rows[0].push(degree);
      rows[1].push(b.birth);
      rows[2].push(b.death);
      row++;
    }
    data.push({
      type: 'scatter',
      mode: 'lines',
      x,
      y,
      line: { width: 3 },
      name: `H${degree}`,
      hovertemplate: `H${degree}: %{x}<extra></extra>`,
    });
    row += 1;
  }
  return {
    data,
    layout: {
      title: { text: l10n.t('Fibered barcode on the line x - y = {0}', formatNumber(c)) },
      xaxis: { title: { text: l10n.t('s = (x + y) / 2 along the line') } },
      yaxis: { showticklabels: false, title: { text: l10n.t('bars') } },
      height: 320,
    },
    exportName: 'module-fibered-barcode',
    table: { columns: ['degree', 'birth s', 'death s'], rows },
    label: l10n.t('Barcode of the summands restricted to the slope-1 line of offset {0}', formatNumber(c)),
  };
}

function select(label: string, options: { value: string; text: string }[], initial: string): HTMLSelectElement {
  const s = h('select', { 'aria-label': label });
  for (const o of options) s.append(h('option', { value: o.value, selected: o.value === initial }, o.text));
  return s;
}

function renderModule(root: HTMLElement, r: Result, host: ViewHost): void {
  const f = familyOf(r);
  const degrees = r.degrees.map(num);
  const cLast = f.c0 + (f.count - 1) * f.step;
  let degree = host.getUiState('degree', degrees[0]);
  if (!degrees.includes(degree)) degree = degrees[0];
  let c = host.getUiState('offset', (f.c0 + cLast) / 2);

  const sec = section(
    root,
    l10n.t('Interval summands'),
    l10n.t(
      'Each summand is a region between a lower staircase (its births on the lines of the family) and an upper staircase (its deaths); hover a region for its corners and weight d_I(I, 0). The MMA image is beside it.',
    ),
  );
  const degreePicker = select(
    l10n.t('Homology degree'),
    degrees.map((d) => ({ value: String(d), text: `H${d}` })),
    String(degree),
  );
  const sliderId = uid('module-line');
  const slider = h('input', {
    type: 'range',
    id: sliderId,
    min: f.c0,
    max: cLast,
    step: f.step / 10,
    value: c,
    'aria-label': l10n.t('Line offset x - y (slider)'),
  });
  const offsetInput = h('input', {
    type: 'number',
    step: 'any',
    value: c,
    'aria-label': l10n.t('Line offset x - y'),
  });
  sec.append(
    h(
      'div',
      { class: 'dl-controls' },
      degreePicker,
      h('label', { for: sliderId }, l10n.t(' line x - y = ')),
      slider,
      offsetInput,
    ),
  );
  const pair = h('div', { class: 'dl-side-by-side' });
  const regionBox = h('div');
  const imageBox = h('div');
  pair.append(regionBox, imageBox);
  const barBox = h('div');
  sec.append(pair, barBox);

  const imageOf = (d: number): PlotSpec => {
    const img = r.image.degrees.find((x) => num(x.degree) === d);
    return heatmapSpec(
      r,
      img ? img.values : [],
      l10n.t('MMA image H{0}', d),
      `module-image-h${d}`,
      l10n.t('MMA image of degree {0}', d),
    );
  };
  const plots: { regions?: PlotHandle; image?: PlotHandle; bars?: PlotHandle } = {};
  const draw = (): void => {
    const specs = { regions: regionsSpec(r, degree, c), image: imageOf(degree), bars: barcodeSpec(r, c) };
    if (plots.regions) plots.regions.update(specs.regions);
    else plots.regions = host.plot(regionBox, specs.regions);
    if (plots.image) plots.image.update(specs.image);
    else plots.image = host.plot(imageBox, specs.image);
    if (plots.bars) plots.bars.update(specs.bars);
    else plots.bars = host.plot(barBox, specs.bars);
  };
  const setOffset = (value: number): void => {
    if (!Number.isFinite(value)) return;
    c = value;
    host.setUiState('offset', c);
    slider.value = String(c);
    offsetInput.value = String(c);
    draw();
  };
  slider.addEventListener('input', () => setOffset(Number(slider.value)));
  offsetInput.addEventListener('change', () => setOffset(Number(offsetInput.value)));
  degreePicker.addEventListener('change', () => {
    degree = Number(degreePicker.value);
    host.setUiState('degree', degree);
    draw();
  });
  draw();
  sec.append(h('p', { class: 'dl-muted dl-note' }, l10n.t('Image stability: {0}', r.image.stability)));
}

function renderLandscapes(root: HTMLElement, r: Result, host: ViewHost): void {
  const list = r.landscapes.degrees;
  if (list.length === 0) return;
  const sec = section(root, l10n.t('Landscapes'), l10n.t('Stability: {0}', r.landscapes.stability));
  const picker = select(
    l10n.t('Landscape'),
    list.map((l, i) => ({ value: String(i), text: l10n.t('H{0}, landscape {1}', num(l.degree), num(l.k)) })),
    '0',
  );
  sec.append(h('div', { class: 'dl-controls' }, picker));
  const spec = (i: number): PlotSpec =>
    heatmapSpec(
      r,
      list[i].values,
      l10n.t('Landscape {0} of H{1}', num(list[i].k), num(list[i].degree)),
      `module-landscape-h${num(list[i].degree)}-k${num(list[i].k)}`,
      l10n.t('Multiparameter landscape {0} of degree {1}', num(list[i].k), num(list[i].degree)),
    );
  const plot = host.plot(sec, spec(0));
  picker.addEventListener('change', () => plot.update(spec(Number(picker.value))));
}

function summaryRows(r: Result): (string | number | null)[][] {
  return r.degrees.map((d) => {
    const ws = r.summands.filter((s) => s.degree === d).map((s) => num(s.weight));
    return [`H${num(d)}`, ws.length, ws.length > 0 ? Math.max(...ws) : null];
  });
}

function summandTable(r: Result): ResultTable {
  const rows: (string | number | null)[][] = [];
  r.summands.forEach((s, i) => {
    s.lower.forEach((p) => rows.push([i, num(s.degree), num(s.weight), 'birth', num(p[0]), num(p[1])]));
    s.upper.forEach((p) => rows.push([i, num(s.degree), num(s.weight), 'death', num(p[0]), num(p[1])]));
  });
  return { columns: ['summand', 'degree', 'weight', 'corner', 'x', 'y'], rows, name: 'module-corners' };
}

export const moduleView: AnalysisView<ModuleResult> = {
  id: 'module',
  render(root, envelope, host) {
    const r = envelope.result;
    const rawBox = nums(r.rawBox).map((v) => formatNumber(v));
    const info = [
      r.graph
        ? l10n.t(
            'A graph of {0} nodes; x = {1}, y = {2} (lower-star bifiltration of its clique complex).',
            num(r.points),
            r.coordinates[0] ?? '',
            r.coordinates[1] ?? '',
          )
        : l10n.t('{0} points in R^{1} ({2}).', num(r.points), num(r.dimension), r.coordinates.join(', ')),
      l10n.t(
        'Filtration box r in [{0}, {1}], {2} in [{3}, {4}]; threshold {5} ({6}).',
        rawBox[0],
        rawBox[1],
        r.function,
        rawBox[2],
        rawBox[3],
        formatNumber(num(r.threshold)),
        r.thresholdRule,
      ),
      l10n.t(
        '{0} slope-1 lines, precision delta = {1} ({2}).',
        num(r.family.count),
        formatNumber(num(r.precision)),
        r.precisionRule,
      ),
      l10n.t('Guarantee: {0}.', r.guarantee),
    ];
    const head = section(root, l10n.t('Module approximation (MMA)'), info.join(' '));
    host.table(head, [l10n.t('degree'), l10n.t('summands'), l10n.t('largest weight')], summaryRows(r), {
      caption: l10n.t('Summands'),
    });
    renderGraph(root, r.graph, host);
    renderModule(root, r, host);
    renderLandscapes(root, r, host);
    notesList(root, r.notes);
  },
  table: (envelope) => summandTable(envelope.result),
};
