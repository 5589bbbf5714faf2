/**
 * The signed-barcode view: signed measures as +/- coloured points over the (r, t) grid, the Hilbert function
 * heatmap per degree, the convolution images, line slices (a slider over the precomputed parallel lines, and in
 * VS Code a custom line sent back to the host as `--line`), the comparison matrix and the stability check.
 */
import type { Data } from 'plotly.js';
import type { SignedBarcodeResult } from '../../src/protocol';
import type { AnalysisView, Json, PlotSpec, ResultTable, ViewHost } from './types';
import * as l10n from '@vscode/l10n';
import { formatNumber } from '../format';
import { renderGraph } from './graph-view';
import { button, h, uid } from '../shell/dom';
import { getBridge } from '../shell/bridge';
import { section } from '../shell/sections';

type Result = Json<SignedBarcodeResult>;
type Measure = Result['hilbert'][number]['measure'];

const num = (x: number | null | undefined): number => (x === null || x === undefined ? NaN : x);

/** Atoms of a measure as columns r, t, weight. */
function atoms(m: Measure): { r: number[]; t: number[]; w: number[] } {
  const r: number[] = [];
  const t: number[] = [];
  const w: number[] = [];
  for (let k = 0; k < m.weights.length; k++) {
    r.push(num(m.points[2 * k]));
    t.push(num(m.points[2 * k + 1]));
    w.push(num(m.weights[k]));
  }
  return { r, t, w };
}

function measureTraces(m: Measure, host: ViewHost, name: string): Data[] {
  const a = atoms(m);
  const theme = host.theme();
  const part = (sign: 1 | -1): Data => {
    const idx = a.w.map((w, i) => (Math.sign(w) === sign ? i : -1)).filter((i) => i >= 0);
    return {
      type: 'scatter',
      mode: 'markers',
      name: `${name} ${sign > 0 ? 'positive' : 'negative'}`,
      x: idx.map((i) => a.r[i]),
      y: idx.map((i) => a.t[i]),
      text: idx.map((i) => `weight ${a.w[i]}`),
      hovertemplate: 'r %{x}<br>t %{y}<br>%{text}<extra></extra>',
      marker: {
        color: sign > 0 ? theme.positive : theme.negative,
        size: idx.map((i) => 5 + 2.5 * Math.min(6, Math.abs(a.w[i]))),
        symbol: sign > 0 ? 'circle' : 'x',
      },
    };
  };
  return [part(1), part(-1)];
}

function axes(r: Result): { x: { title: { text: string } }; y: { title: { text: string } } } {
  const fs = r.graph?.functions;
  if (fs && fs.length === 2)
    return { x: { title: { text: `r (${fs[0].label})` } }, y: { title: { text: `t (${fs[1].label})` } } };
  return {
    x: { title: { text: l10n.t('r (Rips scale, edge length)') } },
    y: { title: { text: r.function === 'codensity' ? l10n.t('t (codensity = minus KDE)') : `t (${r.function})` } },
  };
}

function renderMeasures(root: HTMLElement, r: Result, host: ViewHost): void {
  const list: { name: string; m: Measure; note: string }[] = r.hilbert.map((hd) => ({
    name: `H${hd.degree}`,
    m: hd.measure,
    note: `Hilbert function of degree ${hd.degree}`,
  }));
  if (r.euler) list.push({ name: 'Euler', m: r.euler.measure, note: r.euler.note ?? '' });
  const sec = section(
    root,
    l10n.t('Signed measures'),
    l10n.t(
      'Möbius inversion of each invariant on the grid: the value at a grid point is the sum of the weights in its lower-left quadrant. Positive atoms are circles, negative atoms crosses; size grows with |weight|.',
    ),
  );
  const ax = axes(r);
  for (const item of list) {
    const a = atoms(item.m);
    host.plot(sec, {
      data: measureTraces(item.m, host, item.name),
      layout: {
        title: {
          text: l10n.t(
            '{0}: {1} atoms, total mass {2}',
            item.name,
            a.w.length,
            a.w.reduce((s, w) => s + w, 0),
          ),
        },
        xaxis: ax.x,
        yaxis: ax.y,
        height: 340,
      },
      exportName: `signed-barcode-${item.name.toLowerCase()}-measure`,
      table: { columns: ['r', 't', 'weight'], rows: [a.r, a.t, a.w] },
      label: l10n.t('{0}: signed measure with {1} atoms over the r, t grid', item.note, a.w.length),
    });
  }
}

function renderHilbert(root: HTMLElement, r: Result, host: ViewHost): void {
  if (r.hilbert.length === 0) return;
  const rg = r.grid.r.map(num);
  const tg = r.grid.t.map(num);
  const sec = section(
    root,
    l10n.t('Hilbert functions'),
    r.graph
      ? l10n.t(
          'dim H_k of the clique complex of the nodes with f <= r and g <= t, on the {0} x {1} grid (exact at grid points).',
          rg.length,
          tg.length,
        )
      : l10n.t(
          'dim H_k of the Rips complex at scale r of the points with f <= t, on the {0} x {1} grid (exact at grid points).',
          rg.length,
          tg.length,
        ),
  );
  const ax = axes(r);
  for (const hd of r.hilbert) {
    // heatmap z is indexed [y][x] = [t][r]; the result is row-major with r first
    const z = tg.map((_, j) => rg.map((_, i) => num(hd.values[i * tg.length + j])));
    host.plot(sec, {
      data: [
        {
          type: 'heatmap',
          x: rg,
          y: tg,
          z,
          colorscale: 'Viridis',
          colorbar: { title: { text: l10n.t('dim H{0}', String(hd.degree)) } },
          hovertemplate: 'r %{x}<br>t %{y}<br>dim %{z}<extra></extra>',
        },
      ],
      layout: { title: { text: `H${hd.degree}` }, xaxis: ax.x, yaxis: ax.y, height: 340 },
      exportName: `signed-barcode-hilbert-h${hd.degree}`,
      table: {
        columns: ['t \\ r', ...rg.map(String)],
        rows: [tg, ...rg.map((_, i) => tg.map((_, j) => num(hd.values[i * tg.length + j])))],
      },
      label: l10n.t('Heatmap of the degree {0} Hilbert function over r and t', String(hd.degree)),
    });
  }
}

function renderImages(root: HTMLElement, r: Result, host: ViewHost): void {
  const v = r.vector;
  const res = num(v.resolution);
  const [r0, r1, t0, t1] = v.box.map(num);
  const xs = Array.from({ length: res }, (_, a) => r0 + ((r1 - r0) * a) / (res - 1));
  const ys = Array.from({ length: res }, (_, b) => t0 + ((t1 - t0) * b) / (res - 1));
  const sec = section(
    root,
    l10n.t('Convolution images'),
    l10n.t(
      'Each signed measure convolved with a Gaussian of std {0} (fraction of the box side), {1} x {2} pixels: the vector ({3} x {4} x {5} numbers). {6}.',
      formatNumber(num(v.bandwidth)),
      res,
      res,
      v.measures.length,
      res,
      res,
      v.bandwidthRule,
    ),
  );
  v.measures.forEach((name, k) => {
    const off = k * res * res;
    const z = ys.map((_, b) => xs.map((_, a) => num(v.values[off + a * res + b])));
    let lim = 0;
    for (const row of z) for (const x of row) if (Math.abs(x) > lim) lim = Math.abs(x);
    host.plot(sec, {
      data: [
        {
          type: 'heatmap',
          x: xs,
          y: ys,
          z,
          zmid: 0,
          zmin: -lim,
          zmax: lim,
          colorscale: 'RdBu',
          reversescale: true,
        } as Data,
      ],
      layout: { title: { text: l10n.t('{0} image', name) }, xaxis: axes(r).x, yaxis: axes(r).y, height: 320 },
      exportName: `signed-barcode-image-${name.toLowerCase()}`,
      label: l10n.t('Convolution image of the {0} signed measure', name),
    });
  });
}

function barTraces(slice: Result['lineSlices'][number], host: ViewHost, sMax: number): Data[] {
  const theme = host.theme();
  const traces: Data[] = [];
  let row = 0;
  for (const d of slice.degrees) {
    const x: (number | null)[] = [];
    const y: (number | null)[] = [];
    for (let k = 0; k < d.births.length; k++) {
      const b = num(d.births[k]);
      const e = d.deaths[k] === null ? sMax : num(d.deaths[k]);
      x.push(b, e, null);
      y.push(row, row, null);
      row++;
    }
    traces.push({
      type: 'scatter',
      mode: 'lines',
      x,
      y,
      name: l10n.t('H{0} ({1} bars)', String(d.degree), d.births.length),
      line: { width: 3, color: theme.series[num(d.degree) % theme.series.length] },
    });
    row += 2;
  }
  return traces;
}

function renderLineSlices(
  root: HTMLElement,
  r: Result,
  host: ViewHost,
  params: Record<string, unknown> | undefined,
): void {
  const slices = r.lineSlices;
  const bridge = getBridge();
  const sec = section(
    root,
    l10n.t('Line slices'),
    l10n.t(
      'The one-parameter barcode along a line p + s d of positive slope: each simplex enters at the first s whose point dominates its grade. Pick a precomputed line with the slider or by clicking an atom of the plane{0}',
      bridge.hosted
        ? '; a click also sets a custom line through the atom, recomputed on demand (re-runs the analysis with --line).'
        : '; in VS Code a custom line re-runs the analysis with --line.',
    ),
  );
  if (slices.length === 0) {
    sec.append(h('p', { class: 'dl-muted' }, l10n.t('No line slices in this result (--line-slices 0).')));
    return;
  }
  const sliderId = uid('line');
  const slider = h('input', {
    type: 'range',
    id: sliderId,
    min: 0,
    max: slices.length - 1,
    step: 1,
    value: host.getUiState('line', 0),
  });
  const label = h('label', { for: sliderId }, l10n.t('line '));
  const readout = h('span', { class: 'dl-muted' });
  sec.append(h('div', { class: 'dl-controls' }, label, slider, readout));
  const planeBox = h('div');
  const barBox = h('div');
  sec.append(planeBox, barBox);
  const rg = r.grid.r.map(num);
  const tg = r.grid.t.map(num);
  const r0 = rg[0];
  const r1 = rg[rg.length - 1];
  const t0 = tg[0];
  const t1 = tg[tg.length - 1];
  const box: GridBox = { r0, r1, t0, t1 };
  const h1 = r.hilbert.find((x) => x.degree === 1) ?? r.hilbert[0];
  let planePlot: ReturnType<ViewHost['plot']> | undefined;
  let barPlot: ReturnType<ViewHost['plot']> | undefined;
  // Custom-line inputs (VS Code only), filled by clicks on the plane.
  let fields: { name: string; input: HTMLElement; el: HTMLElement }[] = [];
  const atomsShown = h1 ? atoms(h1.measure) : undefined;
  /**
   * A click on an atom of the plane: show the precomputed line passing closest to it, and (in VS Code) fill the
   * custom line with a line through the atom along the same direction, ready to recompute.
   */
  const pickThrough = (curve: number, index: number): void => {
    if (!atomsShown || curve > 1) return;
    const sign = curve === 0 ? 1 : -1;
    const idx = atomsShown.w.map((w, i) => (Math.sign(w) === sign ? i : -1)).filter((i) => i >= 0)[index];
    if (idx === undefined) return;
    const x = atomsShown.r[idx];
    const y = atomsShown.t[idx];
    const best = nearestSlice(slices, x, y, box);
    slider.value = String(best);
    host.setUiState('line', best);
    show(best);
    if (fields.length === 4) {
      const d = slices[best].direction.map(num);
      [x, y, d[0], d[1]].forEach((v, k) => ((fields[k].input as HTMLInputElement).value = String(v)));
    }
  };
  const show = (k: number): void => {
    const sl = slices[k];
    const p = sl.point.map(num);
    const d = sl.direction.map(num);
    readout.textContent = ` ${k + 1}/${slices.length}: p = (${formatNumber(p[0])}, ${formatNumber(p[1])}), d = (${formatNumber(d[0])}, ${formatNumber(d[1])})`;
    const { planeSpec, barSpec } = lineSliceSpecs(r, k, h1, box, host);
    if (planePlot) planePlot.update(planeSpec);
    else {
      planePlot = host.plot(planeBox, planeSpec);
      planePlot.onClick((curve, index) => pickThrough(curve, index));
    }
    if (barPlot) barPlot.update(barSpec);
    else barPlot = host.plot(barBox, barSpec);
  };
  slider.addEventListener('input', () => {
    const k = Number(slider.value);
    host.setUiState('line', k);
    show(k);
  });
  show(Math.min(slices.length - 1, Number(slider.value)));

  if (bridge.hosted) {
    // A custom line: point and direction typed in, sent to the host as a re-run with --line r,t,dr,dt.
    fields = ['r', 't', 'dr', 'dt'].map((name, k) => {
      const id = uid(`line-${name}`);
      const first = slices[0];
      const init = k < 2 ? num(first.point[k]) : num(first.direction[k - 2]);
      const input = h('input', {
        type: 'number',
        id,
        step: 'any',
        value: String(init),
        'aria-label': l10n.t('line {0}', name),
      });
      return { name, input, el: h('span', {}, h('label', { for: id }, ` ${name} `), input) };
    });
    const go = button(l10n.t('Compute this line'), l10n.t('Re-run the analysis with this line (--line)'), () => {
      const line = fields.map((f) => Number((f.input as HTMLInputElement).value));
      if (!line.every(Number.isFinite) || !(line[2] > 0 && line[3] > 0)) {
        readout.textContent = l10n.t(' the direction needs dr > 0 and dt > 0');
        return;
      }
      bridge.post({ type: 'rerun', params: { ...(params ?? {}), line } });
    });
    sec.append(h('div', { class: 'dl-controls' }, ...fields.map((f) => f.el), go));
  }
}

/** The grid box of the plane. */
interface GridBox {
  r0: number;
  r1: number;
  t0: number;
  t1: number;
}

/** Index of the precomputed line passing closest to (x, y), in box-normalised units. */
function nearestSlice(slices: Result['lineSlices'], x: number, y: number, box: GridBox): number {
  const { r0, r1, t0, t1 } = box;
  let best = 0;
  let bestDist = Infinity;
  slices.forEach((sl, k) => {
    const [pr, pt] = sl.point.map(num);
    const [dr, dt] = sl.direction.map(num);
    // distance from (x, y) to the line, in box-normalised units
    const ux = (x - pr) / (r1 - r0 || 1);
    const uy = (y - pt) / (t1 - t0 || 1);
    const vx = dr / (r1 - r0 || 1);
    const vy = dt / (t1 - t0 || 1);
    const dist = Math.abs(ux * vy - uy * vx) / Math.hypot(vx, vy);
    if (dist < bestDist) {
      bestDist = dist;
      best = k;
    }
  });
  return best;
}

/** Line k drawn over the signed measure, and the barcode along it. */
function lineSliceSpecs(
  r: Result,
  k: number,
  h1: Result['hilbert'][number] | undefined,
  box: GridBox,
  host: ViewHost,
): { planeSpec: PlotSpec; barSpec: PlotSpec } {
  const { r0, r1, t0, t1 } = box;
  const slices = r.lineSlices;
  const sl = slices[k];
  const p = sl.point.map(num);
  const d = sl.direction.map(num);
  const lineTrace = (p: number[], d: number[]): Data => {
    // the part of the line inside the grid box
    const sLo = Math.max((r0 - p[0]) / d[0], (t0 - p[1]) / d[1]);
    const sHi = Math.min((r1 - p[0]) / d[0], (t1 - p[1]) / d[1]);
    return {
      type: 'scatter',
      mode: 'lines',
      name: l10n.t('line'),
      x: [p[0] + sLo * d[0], p[0] + sHi * d[0]],
      y: [p[1] + sLo * d[1], p[1] + sHi * d[1]],
      line: { color: host.theme().accent, width: 2 },
    };
  };
  const planeSpec = {
    data: [...(h1 ? measureTraces(h1.measure, host, `H${h1.degree}`) : []), lineTrace(p, d)],
    layout: {
      title: { text: l10n.t('line over the signed measure') },
      xaxis: { ...axes(r).x, range: [r0, r1] },
      yaxis: { ...axes(r).y, range: [t0, t1] },
      height: 320,
    },
    exportName: 'signed-barcode-line',
    label: l10n.t('The chosen line drawn over the signed measure'),
  };
  const sMax = Math.min((r1 - p[0]) / d[0], (t1 - p[1]) / d[1]);
  let maxFinite = sMax;
  for (const dg of sl.degrees) for (const x of dg.deaths) if (x !== null && x > maxFinite) maxFinite = x;
  const barSpec = {
    data: barTraces(sl, host, maxFinite),
    layout: {
      title: { text: l10n.t('barcode along the line (infinite bars drawn to the end)') },
      xaxis: { title: { text: l10n.t('s (line parameter)') } },
      yaxis: { showticklabels: false },
      height: 300,
    },
    exportName: 'signed-barcode-line-barcode',
    table: {
      columns: ['degree', 'birth_s', 'death_s'],
      rows: [
        sl.degrees.flatMap((dg) => dg.births.map(() => num(dg.degree))),
        sl.degrees.flatMap((dg) => dg.births.map(num)),
        sl.degrees.flatMap((dg) => dg.deaths.map((x) => (x === null ? Infinity : x))),
      ],
    },
    label: l10n.t('Barcode along line {0}', k + 1),
  };
  return { planeSpec, barSpec };
}

function renderComparison(root: HTMLElement, r: Result, host: ViewHost): void {
  const c = r.comparison;
  if (!c) return;
  const nf = c.files.length;
  const sec = section(
    root,
    l10n.t('Comparison (sliced Wasserstein)'),
    l10n.t(
      'Distance between the signed measures of {0} files, summed over the measures of the vector ({1}); per-measure matrices are in the JSON; kernel exp(-SW / (2 sigma^2)) with sigma = {2} ({3}).',
      nf,
      r.vector.measures.join(', '),
      formatNumber(num(c.kernelSigma)),
      c.kernelSigmaRule,
    ),
  );
  const z = c.files.map((_, a) => c.files.map((_, b) => num(c.total[a * nf + b])));
  host.plot(sec, {
    data: [{ type: 'heatmap', x: c.files, y: c.files, z, colorscale: 'Viridis' }],
    layout: { height: 320 + 12 * nf, yaxis: { autorange: 'reversed' } },
    exportName: 'signed-barcode-distances',
    label: l10n.t('Sliced Wasserstein distance matrix between {0} files', nf),
  });
  host.table(
    sec,
    [l10n.t('file'), ...c.files],
    c.files.map((f, a) => [f, ...c.files.map((_, b) => num(c.total[a * nf + b]))]),
    { digits: 5, caption: l10n.t('total sliced Wasserstein distance') },
  );
}

function renderStability(root: HTMLElement, r: Result, host: ViewHost): void {
  const s = r.stability;
  if (!s) return;
  const sec = section(
    root,
    l10n.t('Stability check'),
    l10n.t("{0}. The paper's stability: the vector moves by at most a constant times the perturbation.", s.rule),
  );
  host.table(
    sec,
    [l10n.t('quantity'), l10n.t('distance'), l10n.t('distance / epsilon')],
    [
      ['convolution vector (L2)', num(s.vectorDistance), num(s.vectorRatio)],
      ...s.measures.map((m) => [`${m.measure} (sliced Wasserstein)`, num(m.slicedWasserstein), num(m.ratio)]),
    ],
    {
      digits: 4,
      caption: l10n.t('epsilon = {0}, |v| = {1}', formatNumber(num(s.epsilon)), formatNumber(num(s.vectorNorm))),
    },
  );
}

function atomTable(r: Result): ResultTable {
  const rows: (string | number | null)[][] = [];
  const add = (name: string, m: Measure): void => {
    for (let k = 0; k < m.weights.length; k++) rows.push([name, m.points[2 * k], m.points[2 * k + 1], m.weights[k]]);
  };
  for (const hd of r.hilbert) add(`H${hd.degree}`, hd.measure);
  if (r.euler) add('euler', r.euler.measure);
  return { columns: ['measure', 'r', 't', 'weight'], rows, name: 'signed-barcode-measures' };
}

export const signedBarcodeView: AnalysisView<SignedBarcodeResult> = {
  id: 'signed-barcode',
  render(root, envelope, host) {
    const r = envelope.result;
    const graphInfo = r.graph
      ? [
          l10n.t(
            '{0} nodes: lower-star bifiltration of ({1}) on the clique complex up to dimension 2; grid {2} x {3}, {4}.',
            r.points ?? 0,
            r.function,
            r.grid.r.length,
            r.grid.t.length,
            r.grid.strategy,
          ),
          ...r.notes,
        ]
      : undefined;
    const info = graphInfo ?? [
      `${r.points} points in R^${r.dimension} (columns ${r.coordinates.join(', ')})${r.totalPoints !== null && r.totalPoints > (r.points ?? 0) ? `, a farthest-point sample of the file's ${r.totalPoints} rows` : ''}.`,
      `Second parameter: ${r.function}${r.bandwidth !== undefined && r.bandwidth !== null ? `, bandwidth ${formatNumber(r.bandwidth)} (${r.bandwidthRule})` : ''}.`,
      `r axis 0 to ${formatNumber(num(r.threshold))} (${r.thresholdRule}); grid ${r.grid.r.length} x ${r.grid.t.length}, ${r.grid.strategy}.`,
      ...r.notes,
    ];
    const head = section(root, l10n.t('Signed barcode'), info.join(' '));
    host.table(
      head,
      [l10n.t('measure'), l10n.t('atoms'), l10n.t('total mass')],
      atomTable(r).rows.length === 0 ? [] : summaryRows(r),
      {
        caption: l10n.t('Signed measures'),
      },
    );
    renderGraph(root, r.graph, host);
    renderMeasures(root, r, host);
    renderHilbert(root, r, host);
    renderImages(root, r, host);
    renderLineSlices(root, r, host, envelope.provenance?.params);
    renderComparison(root, r, host);
    renderStability(root, r, host);
  },
  table: (envelope) => atomTable(envelope.result),
};

function summaryRows(r: Result): (string | number | null)[][] {
  const rows: (string | number | null)[][] = r.hilbert.map((hd) => [
    `H${hd.degree}`,
    hd.measure.weights.length,
    hd.measure.weights.reduce<number>((s, w) => s + num(w), 0),
  ]);
  if (r.euler)
    rows.push([
      'euler',
      r.euler.measure.weights.length,
      r.euler.measure.weights.reduce<number>((s, w) => s + num(w), 0),
    ]);
  return rows;
}
